/**
 * Scripting: running Lua scripts (EVAL) and library functions (FCALL) inside
 * the server, one per Server instance.
 *
 * Two Lua states, like Redis: one for EVAL scripts (compiled once per SHA1 and
 * cached) and one for function libraries. Both are sandboxed (read-only
 * globals) and carry the `redis` API of api.ts.
 *
 * A script runs as a LuaTask. Until busy-reply-threshold has elapsed it runs
 * straight through, so nothing else happens meanwhile (atomicity). Past the
 * threshold the script is "timed out": the budget hook pauses it every few
 * milliseconds and it continues from setImmediate, so the event loop can serve
 * other connections, whose commands a pipeline filter answers with -BUSY
 * except the allowed ones (SCRIPT KILL, FUNCTION KILL/STATS, SHUTDOWN NOSAVE,
 * AUTH, HELLO, MULTI...). While paused, the caller is suspended (its pipelined
 * commands wait) and server.callDepth stays raised, so the server still counts
 * as inside a command: blocked clients woken by the script are served only
 * when it ends. Scripts started inside MULTI/EXEC or from a fake client cannot
 * pause (the caller's command loop is synchronous) and run to completion.
 *
 * redis.call goes through Server.call() on a fake client (MONITOR shows it as
 * "lua"), whose writer builds the Lua value of the reply directly
 * (LuaReplyWriter in convert.ts: what parsing the RESP bytes back would give).
 */
import { GATE_BUSY } from '../server/gate.js';
import { performance } from 'node:perf_hooks';
import { LuaState, LuaTable, LuaFunction, LuaError, LuaFatal, LuaTask, LuaSyntaxError, type LuaValue } from './lua/index.js';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { buildRedisApi, buildLoadApi, installPcall, luaArgs, raise, errTable, sha1hex, strictTable, type ScriptHost } from './api.js';
import { cstr, luaToReply, LuaReplyWriter } from './convert.js';
import type { ReplyWriter } from '../protocol/writer.js';
import type { Command } from '../commands/table.js';
import { fmtG } from '../util/num.js';
import { tostr } from './lua/runtime.js';

export const SCRIPT_FLAGS = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'] as const;
export type ScriptFlag = typeof SCRIPT_FLAGS[number];

export const BUSY_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const BUSY_FUNCTION = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
export const UNKILLABLE = 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';
const KILLED = 'Script killed by user with SCRIPT KILL...';

/** An EVAL script in the cache. */
export interface Script {
  sha: string;
  body: string;
  fn: LuaFunction;
  /** null: no shebang (compatibility mode). */
  flags: Set<ScriptFlag> | null;
}

export interface LibFunction {
  name: string;
  fn: LuaFunction;
  desc: string | null;
  flags: Set<ScriptFlag>;
  lib: Library;
}

export interface Library {
  name: string;
  code: string;
  functions: Map<string, LibFunction>;
}

/**
 * The script being run. One object is reused run after run (Scripting.run)
 * unless a run paused: then a pending continuation may still look at it.
 */
export class RunCtx {
  resp: 2 | 3 = 2;
  writeDirty = false;
  killed = false;
  timedOut = false;
  lastPause = 0;
  task: LuaTask | null = null;
  /** Where the last error was raised (source, line), captured before the Lua stack unwinds. */
  errWhere: { source: string; line: number } | null = null;
  /** The script has paused at least once (caller suspended, server held). */
  paused = false;
  caller!: Client;
  L!: LuaState;
  isEval = false;
  /** SHA1 (EVAL) or function name: shown in errors ("script: NAME, on ..."). */
  name = '';
  argv!: string[];
  readOnly = false;
  flags: Set<ScriptFlag> | null = null;
  pausable = false;
  start = 0;

  init(caller: Client, L: LuaState, isEval: boolean, name: string, argv: string[], readOnly: boolean,
    flags: Set<ScriptFlag> | null, pausable: boolean, start: number): void {
    this.caller = caller; this.L = L; this.isEval = isEval; this.name = name; this.argv = argv;
    this.readOnly = readOnly; this.flags = flags; this.pausable = pausable; this.start = start;
    this.lastPause = start;
    this.resp = 2; this.writeDirty = false; this.killed = false; this.timedOut = false;
    this.task = null; this.errWhere = null; this.paused = false;
  }
}

/** Parses "#!lua flags=a,b" of an EVAL script; returns the flags and the body to compile, or an error text. */
export function parseEvalShebang(body: string): { flags: Set<ScriptFlag> | null; code: string } | string {
  if (!body.startsWith('#!')) return { flags: null, code: body };
  const nl = body.indexOf('\n');
  if (nl === -1) return 'ERR Invalid script shebang';
  const line = body.slice(0, nl);
  const parts = line.split(' ').filter(p => p !== '');
  if (parts[0] !== '#!lua') return `ERR Unexpected engine in script shebang: ${parts[0]}`;
  const flags = new Set<ScriptFlag>();
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    if (!p.startsWith('flags=')) return `ERR Unknown lua shebang option: ${p}`;
    for (const f of p.slice(6).split(',')) {
      if (f === '') continue;
      if (!(SCRIPT_FLAGS as readonly string[]).includes(f)) return `ERR Unexpected flag in script shebang: ${f}`;
      flags.add(f as ScriptFlag);
    }
  }
  return { flags, code: body.slice(nl) };
}

const NAME_RE = /^[A-Za-z0-9_]+$/;
const LOAD_TIMEOUT_MS = 500;

/**
 * Commands Redis flags "may replicate" (not shown by COMMAND INFO, so not in
 * the generated facts): read-only scripts treat them as writes.
 */
const MAY_REPLICATE = new Set(['publish', 'spublish', 'pfcount']);

export class Scripting implements ScriptHost {
  readonly scripts = new Map<string, Script>();
  readonly libraries = new Map<string, Library>();
  readonly functions = new Map<string, LibFunction>();
  evalL!: LuaState;
  funcL!: LuaState;
  /** The globals table of library code: __index switches between the load API and the runtime globals. */
  private funcEnv!: LuaTable;
  private funcEnvMeta!: LuaTable;
  readonly fake: Client;
  private readonly lw = new LuaReplyWriter();
  current: RunCtx | null = null;
  private rng: LuaState['rng'] | null = null;
  busyThreshold = 5000;
  /** Libraries registered by the FUNCTION LOAD in progress. */
  private loading: Map<string, LibFunction> | null = null;
  private loadingLib: Library | null = null;

  constructor(readonly server: Server) {
    this.fake = server.createFakeClient();
    this.fake.monitorName = 'lua';
    // replies of redis.call are built as Lua values directly (convert.ts)
    (this.fake as unknown as { w: ReplyWriter }).w = this.lw;
    this.resetEval();
    this.resetFunctions();
  }

  // ---- Lua states ------------------------------------------------------

  private newState(chunkName: string): LuaState {
    const L = new LuaState({ chunkName, sandbox: false });
    // Redis has one PRNG behind math.random for every script and function, never reseeded.
    const shared = this.rng;
    if (shared) { L.rng.next = () => shared.next(); L.rng.seed = (v: number) => shared.seed(v); } else this.rng = L.rng;
    L.setGlobal('redis', buildRedisApi(L, this));
    installPcall(L);
    this.trackLoadstring(L);
    L.protectGlobals();
    return L;
  }

  /** Raw chunk names by chunk id: error locations show the source as Lua's debug info has it. */
  private sources = new Map<string, string>([['user_script', '@user_script'], ['user_function', '@user_function']]);

  private trackLoadstring(L: LuaState): void {
    const orig = L.getGlobal('loadstring') as LuaFunction;
    const n = orig.n!;
    const sources = this.sources;
    L.setGlobal('loadstring', L.S.native('loadstring', (...a: unknown[]) => {
      const r = n(...a);
      const f = r[0];
      if (f instanceof LuaFunction && f.chunk !== undefined && sources.size < 1000) {
        const name = a[1] !== undefined ? a[1] : a[0];
        sources.set(f.chunk, typeof name === 'number' ? L.S.checkString([name], 1) : String(name));
      }
      return r;
    }, L.globals));
  }

  /** The script EVALSHA ran last and the SHA argument that named it (forgotten with the cache). */
  lastSha = '';
  lastScript: Script | null = null;

  /**
   * KEYS and ARGV of EVAL scripts: two table objects refilled for every run.
   * Nothing of a finished EVAL script can still reference them: its globals
   * and library tables are read-only and a script's main chunk has no
   * upvalues. (FCALL gets fresh tables: a library's functions can keep them
   * in upvalues.)
   */
  private readonly keysT = new LuaTable();
  private readonly argvT = new LuaTable();
  evalKeys(argv: string[], from: number, to: number): LuaTable { this.keysT.refill(argv, from, to); return this.keysT; }
  evalArgv(argv: string[], from: number, to: number): LuaTable { this.argvT.refill(argv, from, to); return this.argvT; }

  resetEval(): void {
    this.lastSha = '';
    this.lastScript = null;
    this.scripts.clear();
    this.evalL = this.newState('user_script');
  }

  resetFunctions(): void {
    this.libraries.clear();
    this.functions.clear();
    this.funcL = this.newState('user_function');
    this.funcEnv = new LuaTable();
    this.funcEnvMeta = new LuaTable();
    this.funcEnvMeta.setStr('__index', this.funcL.globals);
    this.funcEnv.mt = this.funcEnvMeta;
    this.funcEnv.ro = true;
  }

  // ---- ScriptHost ------------------------------------------------------

  setResp(v: 2 | 3): void {
    if (this.current) this.current.resp = v;
    this.fake.resp = v;
  }

  log(level: number, msg: string): void {
    this.server.log.write(level, msg);
  }

  aclCheck(args: unknown[]): boolean {
    const argv = luaArgs(args)!;
    const cmd = this.lookup(argv);
    if (!cmd) raise('Invalid command passed to redis.acl_check_cmd()');
    return true;
  }

  /**
   * Finds the command (or subcommand) for argv in the whole table, implemented
   * or not, so that Redis's checks (arity, noscript) answer first.
   */
  private lookup(argv: string[]) {
    const all = this.server.commands.all;
    let cmd = all.get(argv[0].toLowerCase());
    if (cmd && cmd.subcommands !== null && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1].toLowerCase());
      if (!sub) return undefined;
      cmd = sub;
    }
    return cmd;
  }

  private fail(msg: string, doRaise: boolean): LuaTable {
    const t = errTable(msg);
    if (doRaise) throw new LuaError(t);
    return t;
  }

  /** Top-level commands by the exact spelling scripts use (bounded cache over commands.all). */
  private spelled = new Map<string, Command>();
  /**
   * In front of `spelled`: the last name string seen in each of 8 slots (by
   * length + first character) and its command. A script passes the same
   * string constants again and again, so this is mostly a pointer compare.
   */
  private readonly slotNames: string[] = ['', '', '', '', '', '', '', ''];
  private readonly slotCmds: (Command | null)[] = [null, null, null, null, null, null, null, null];

  command(args: unknown[], doRaise: boolean, drop = false): unknown {
    const ctx = this.current;
    if (ctx === null) return this.fail('redis.call/pcall can only be called inside a script invocation', doRaise);
    if (args.length === 0) return this.fail('Please specify at least one argument for this redis lib call', doRaise);
    // args is the native's own rest array: numbers are converted in place
    const argv = args as string[];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a !== 'string') {
        if (typeof a !== 'number') return this.fail('Lua redis lib command arguments must be strings or integers', doRaise);
        argv[i] = fmtG(a, 17);
      }
    }
    const name = argv[0];
    const slot = (name.length + name.charCodeAt(0)) & 7; // (NaN & 7 = 0 for '')
    let cmd = this.slotCmds[slot];
    if (cmd === null || this.slotNames[slot] !== name) {
      let c = this.spelled.get(name);
      if (c === undefined) {
        c = this.server.commands.all.get(name.toLowerCase());
        if (c === undefined) return this.fail('Unknown Redis command called from script', doRaise);
        if (this.spelled.size < 1024) this.spelled.set(name, c);
      }
      this.slotNames[slot] = name;
      this.slotCmds[slot] = cmd = c;
    }
    if (cmd.subcommands !== null && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1].toLowerCase());
      if (sub === undefined) return this.fail('Unknown Redis command called from script', doRaise);
      cmd = sub;
    }
    const ar = cmd.arity;
    if ((ar > 0 && argv.length !== ar) || argv.length < -ar) return this.fail('Wrong number of args calling Redis command from script', doRaise);
    if (cmd.noScript) return this.fail('This Redis command is not allowed from script', doRaise);
    if (ctx.readOnly && (cmd.isWrite || MAY_REPLICATE.has(cmd.fullName))) {
      return this.fail('Write commands are not allowed from read-only scripts.', doRaise);
    }
    if (cmd.handler === null) return this.fail('Unknown Redis command called from script', doRaise);
    if (cmd.isWrite) ctx.writeDirty = true;
    const w = this.lw;
    w.reset();
    w.drop = drop;
    this.server.call(this.fake, cmd, argv);
    const v = w.result();
    if (doRaise && w.rootErr) throw new LuaError(v);
    return v;
  }

  // ---- EVAL scripts ----------------------------------------------------

  /** Compiles and caches a script; returns it or an error reply text. */
  createScript(body: string): Script | string {
    const sha = sha1hex(body);
    const have = this.scripts.get(sha);
    if (have) return have;
    const sb = parseEvalShebang(body);
    if (typeof sb === 'string') return sb;
    let fn: LuaFunction;
    try {
      fn = this.evalL.load(sb.code, '@user_script');
    } catch (e) {
      if (e instanceof LuaSyntaxError) return `ERR Error compiling script (new function): ${e.message}`;
      throw e;
    }
    const s: Script = { sha, body, fn, flags: sb.flags };
    this.scripts.set(sha, s);
    return s;
  }

  // ---- functions -------------------------------------------------------

  /** FUNCTION LOAD: returns the library name or an error text. */
  loadLibrary(code: string, replace: boolean): string | { error: string } {
    const err = (m: string) => ({ error: m });
    if (!code.startsWith('#!')) return err('ERR Missing library metadata');
    let nl = code.indexOf('\n');
    if (nl === -1) nl = code.length;
    const parts = code.slice(2, nl).split(' ').filter(p => p !== '');
    const engine = parts[0] ?? '';
    let name: string | null = null;
    for (let i = 1; i < parts.length; i++) {
      if (parts[i].startsWith('name=')) name = parts[i].slice(5);
      else return err(`ERR Invalid metadata value given: ${parts[i]}`);
    }
    if (name === null) return err('ERR Library name was not given');
    if (engine.toLowerCase() !== 'lua') return err(`ERR Engine '${engine}' not found`);
    if (!NAME_RE.test(name)) return err('ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
    const old = this.libraries.get(name);
    if (old && !replace) return err(`ERR Library '${name}' already exists`);
    const lib: Library = { name, code, functions: new Map() };
    const r = this.compileLibrary(lib);
    if (r !== null) return err(r);
    for (const f of lib.functions.keys()) {
      const other = this.functions.get(f);
      if (other && other.lib.name !== name) return err(`ERR Function ${f} already exists`);
    }
    if (old) this.dropLibrary(old);
    this.addLibrary(lib);
    return name;
  }

  addLibrary(lib: Library): void {
    this.libraries.set(lib.name, lib);
    for (const f of lib.functions.values()) this.functions.set(f.name, f);
  }

  dropLibrary(lib: Library): void {
    this.libraries.delete(lib.name);
    for (const f of lib.functions.keys()) this.functions.delete(f);
  }

  /** Runs a library's code with the load API; fills lib.functions. Returns an error text or null. */
  compileLibrary(lib: Library): string | null {
    const L = this.funcL;
    let body = lib.code;
    const nl = body.indexOf('\n');
    body = nl === -1 ? '' : body.slice(nl);
    let chunk: LuaFunction;
    try {
      chunk = L.compile(body, '@user_function', this.funcEnv);
    } catch (e) {
      if (e instanceof LuaSyntaxError) return `ERR Error compiling function: ${e.message}`;
      throw e;
    }
    const register = L.fn('register_function', (...a) => this.registerFunction(L, a));
    const loadEnv = strictTable(L);
    loadEnv.setStr('redis', buildLoadApi(L, this, register));
    loadEnv.ro = true;
    this.funcEnvMeta.setStr('__index', loadEnv);
    this.loading = lib.functions;
    this.loadingLib = lib;
    // Library code gets LOAD_TIMEOUT_MS to register its functions, as in Redis.
    const t0 = performance.now();
    L.setBudget(10000, () => {
      if (performance.now() - t0 > LOAD_TIMEOUT_MS) throw new LuaFatal(errTable('FUNCTION LOAD timeout'));
    });
    try {
      L.call(chunk, []);
    } catch (e) {
      const v = e instanceof LuaError ? e.value : String(e);
      const msg = v instanceof LuaTable && typeof v.getStr('err') === 'string' ? v.getStr('err') as string : 'ERR ' + tostr(v);
      return `ERR Error registering functions: ${msg}`;
    } finally {
      L.setBudget(1e9, null);
      this.funcEnvMeta.setStr('__index', L.globals);
      this.loading = null;
      this.loadingLib = null;
    }
    if (lib.functions.size === 0) return 'ERR No functions registered';
    return null;
  }

  private registerFunction(L: LuaState, a: unknown[]): void {
    const out = this.loading;
    const lib = this.loadingLib;
    if (out === null || lib === null) raise('redis.register_function can only be called on FUNCTION LOAD command');
    let name: unknown, cb: unknown, flagsV: unknown, desc: unknown;
    if (a.length === 1 && a[0] instanceof LuaTable) {
      const t = a[0];
      for (let e = t.next(undefined); e; e = t.next(e[0])) {
        const k = e[0];
        if (k === 'function_name') name = e[1];
        else if (k === 'callback') cb = e[1];
        else if (k === 'flags') flagsV = e[1];
        else if (k === 'description') desc = e[1];
        else raise('unknown argument given to redis.register_function');
      }
      if (name === undefined) raise('redis.register_function must get a function name argument');
      if (cb === undefined) raise('redis.register_function must get a callback argument');
      if (typeof name !== 'string') raise('function_name argument given to redis.register_function must be a string');
      if (!(cb instanceof LuaFunction)) raise('callback argument given to redis.register_function must be a function');
      if (desc !== undefined && typeof desc !== 'string') raise('description argument given to redis.register_function must be a string');
    } else {
      if (a.length !== 2) raise('wrong number of arguments to redis.register_function');
      [name, cb] = a;
      if (!(cb instanceof LuaFunction)) raise('second argument to redis.register_function must be a function');
      if (typeof name !== 'string') raise('first argument to redis.register_function must be a string');
    }
    const flags = new Set<ScriptFlag>();
    if (flagsV !== undefined) {
      if (!(flagsV instanceof LuaTable)) raise('flags argument to redis.register_function must be a table representing function flags');
      for (let e = flagsV.next(undefined); e; e = flagsV.next(e[0])) {
        const f = e[1];
        if (typeof f !== 'string' || !(SCRIPT_FLAGS as readonly string[]).includes(f)) raise('unknown flag given');
        flags.add(f as ScriptFlag);
      }
    }
    const fname = name as string;
    if (!NAME_RE.test(fname)) raise('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
    if (out.has(fname)) raise('Function already exists in the library');
    out.set(fname, { name: fname, fn: cb as LuaFunction, desc: (desc as string | undefined) ?? null, flags, lib });
    void L;
  }

  // ---- running ---------------------------------------------------------

  /**
   * Runs fn(args) for client c and writes its reply (now, or when a paused
   * script finishes).
   */
  run(c: Client, L: LuaState, fn: LuaFunction, args: LuaValue[], isEval: boolean, name: string, argv: string[], readOnly: boolean, flags: Set<ScriptFlag> | null): void {
    const s = this.server;
    // a top-level command starts when the previous one ended (the server's last clock read)
    const top = s.callDepth === 1;
    let ctx = this.spareCtx;
    if (ctx === null) ctx = new RunCtx(); else this.spareCtx = null;
    ctx.init(c, L, isEval, name, argv, readOnly, flags, top && !c.isFake && !c.multi, top ? s.lastClock : performance.now());
    this.current = ctx;
    const fake = this.fake;
    fake.db = c.db;
    fake.resp = 2;
    fake.w.discard();
    L.setBudget(10000, this.hook);
    ctx.task = L.start(fn, args);
    this.drive(ctx);
  }

  /** A finished run's context, for the next run (see RunCtx). */
  private spareCtx: RunCtx | null = null;

  /** The budget hook of every run (one closure for all: the script is this.current). */
  private readonly hook = (): 'pause' | void => {
    const ctx = this.current;
    if (ctx !== null) return this.budgetHook(ctx);
  };

  private budgetHook(ctx: RunCtx): 'pause' | void {
    if (ctx.killed) {
      ctx.L.setBudget(1, () => { throw new LuaFatal(errTable(KILLED)); });
      throw new LuaFatal(errTable(KILLED));
    }
    const now = performance.now();
    if (!ctx.timedOut) {
      if (now - ctx.start < this.busyThreshold) return;
      ctx.timedOut = true;
      this.server.gate |= GATE_BUSY;
      this.server.log.warning(`Slow script detected: still in execution after ${Math.round(now - ctx.start)} milliseconds. You can try killing the script using the ${ctx.isEval ? 'SCRIPT' : 'FUNCTION'} KILL command. Script name is: ${ctx.name}.`);
    }
    if (ctx.pausable && now - ctx.lastPause >= 5) return 'pause';
  }

  /** Resumes the task until it ends or pauses (then continues from setImmediate). */
  private drive(ctx: RunCtx): void {
    const task = ctx.task!;
    for (;;) {
      let r;
      try {
        r = task.resume();
      } catch (e) {
        // where the error was raised (the Lua stack is gone by now)
        const f = task.errorFrame;
        if (f !== null && f.chunk !== undefined) ctx.errWhere = { source: this.sources.get(f.chunk) ?? f.chunk, line: task.errorLine };
        this.finish(ctx, null, e);
        return;
      }
      if (r.done) { this.finish(ctx, r.results, null); return; }
      if (!ctx.pausable) continue;
      if (!ctx.caller.suspended) {
        // first pause: hold the caller and stay "inside a command" until the end
        ctx.caller.suspended = true;
        ctx.paused = true;
        this.holdServer(true);
      }
      setImmediate(() => {
        if (this.current !== ctx) return;
        ctx.lastPause = performance.now();
        this.drive(ctx);
      });
      return;
    }
  }

  private savedActiveExpire = true;

  /**
   * While a paused script is in progress the server stays "inside a command"
   * (callDepth raised: blocked clients are served at the end), time stands
   * still for key expiry as it does for a script in Redis, and active expiry
   * is off.
   */
  private holdServer(on: boolean): void {
    const s = this.server;
    const inst = s as unknown as { now?: () => number };
    if (on) {
      s.callDepth++;
      const frozen = s.now();
      inst.now = () => frozen;
      this.savedActiveExpire = s.activeExpireEnabled;
      s.activeExpireEnabled = false;
    } else {
      s.callDepth--;
      delete inst.now;
      s.activeExpireEnabled = this.savedActiveExpire;
      s.refreshClock();
    }
  }

  private finish(ctx: RunCtx, results: unknown[] | null, error: unknown): void {
    const c = ctx.caller;
    const w = c.w;
    this.current = null;
    ctx.L.setBudget(1e9, null);
    if (ctx.task !== null) { ctx.L.recycle(ctx.task); ctx.task = null; }
    if (results !== null) {
      const v = results[0];
      // scalars directly (luaToReply walks tables)
      if (typeof v === 'string') w.bulk(v);
      else if (typeof v === 'number' && Number.isSafeInteger(v)) w.int(v === 0 ? 0 : v);
      else luaToReply(w, v, ctx.resp);
    } else if (error instanceof LuaError) {
      const v = error.value;
      let msg: string;
      const e = v instanceof LuaTable ? v.getStr('err') : undefined;
      if (typeof e === 'string') msg = e;
      else msg = 'ERR ' + tostr(v);
      const at = ctx.errWhere;
      msg = cstr(msg);
      w.error(at ? `${msg} script: ${ctx.name}, on ${at.source}:${at.line}.` : msg);
    } else {
      this.server.log.warning(`Unexpected error in script: ${(error as Error)?.stack ?? error}`);
      w.error(`ERR internal error while running script: ${(error as Error)?.message ?? error}`);
    }
    this.fake.w.discard();
    if (!ctx.paused) { this.spareCtx = ctx; return; }
    const s = this.server;
    this.holdServer(false);
    if (s.callDepth === 0) s.blocking.handleReady();
    s.resume(c);
  }
}

declare module '../server/server.js' {
  interface Server {
    scripting: Scripting;
  }
}
