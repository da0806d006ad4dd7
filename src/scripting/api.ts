/**
 * The `redis` table seen by scripts (Redis 7.0's API), built on a LuaState.
 *
 * Every host function here reaches the running script through a ScriptHost
 * (the per-server Scripting object): redis.call / redis.pcall run commands on
 * its fake client, setresp changes the protocol of that client, and so on.
 * Errors raised towards Lua are tables {err="CODE message"} like Redis's, so
 * the error handler can append "script: ..., on @user_script:N." and the
 * pcall replacement can turn them back into plain strings.
 */
import crypto from 'node:crypto';
import { LuaState, LuaTable, LuaError, LuaFunction } from './lua/index.js';
import { REDIS_VERSION } from '../server/server.js';
import { fmtG } from '../util/num.js';

export interface ScriptHost {
  /**
   * Runs a command for the current script; returns the reply as a Lua value, or
   * throws an error table when raise is true. `args` (the caller's own array) may
   * be reused as the command's argv. With `drop` (a call statement) the reply is
   * not wanted: what it returns then is only meaningful for errors.
   */
  command(args: unknown[], raise: boolean, drop?: boolean): unknown;
  setResp(v: 2 | 3): void;
  log(level: number, msg: string): void;
  /** ACL check for redis.acl_check_cmd (no ACL users: any known command is allowed). */
  aclCheck(args: unknown[]): boolean;
}

export const LOG_LEVELS = { LOG_DEBUG: 0, LOG_VERBOSE: 1, LOG_NOTICE: 2, LOG_WARNING: 3 } as const;

/** A Lua error table {err = "CODE msg"} from Redis's "-CODE msg" / "msg" shapes. */
export function errTable(msg: string): LuaTable {
  let code = 'ERR', text = msg;
  if (msg.startsWith('-')) {
    const sp = msg.indexOf(' ');
    if (sp === -1) text = msg.slice(1);
    else { code = msg.slice(1, sp); text = msg.slice(sp + 1); }
  }
  text = text.replace(/^[\r\n]+|[\r\n]+$/g, '');
  return LuaTable.record1('err', code + ' ' + text);
}

export function raise(msg: string): never {
  throw new LuaError(errTable(msg));
}

export function sha1hex(s: string): string {
  return crypto.createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex');
}

/** Redis's version number as 0x00MMmmpp. */
export function versionNum(): number {
  const [a, b, c] = REDIS_VERSION.split('.').map(Number);
  return (a << 16) | (b << 8) | c;
}

/** Converts redis.call's arguments to command arguments (numbers as %.17g); null when one has another type. */
export function luaArgs(args: unknown[]): string[] | null {
  const out: string[] = new Array(args.length);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a === 'string') out[i] = a;
    else if (typeof a === 'number') out[i] = fmtG(a, 17);
    else return null;
  }
  return out;
}

/** A table whose missing fields raise the sandbox's nonexistent-global error. */
export function strictTable(L: LuaState): LuaTable {
  const t = new LuaTable();
  const mt = new LuaTable();
  mt.setStr('__index', L.S.native('__index', (_t: unknown, k: unknown) => {
    L.S.rterror(`Script attempted to access nonexistent global variable '${typeof k === 'string' ? k : String(k)}'`);
  }, L.globals));
  t.mt = mt;
  return t;
}

function addConstants(t: LuaTable): void {
  for (const [k, v] of Object.entries(LOG_LEVELS)) t.setStr(k, v);
  t.setStr('REDIS_VERSION', REDIS_VERSION);
  t.setStr('REDIS_VERSION_NUM', versionNum());
}

/** redis.log(level, msg, ...) */
function logFn(L: LuaState, host: ScriptHost): LuaFunction {
  return L.fn('log', (...a) => {
    if (a.length < 2) raise('redis.log() requires two arguments or more.');
    if (typeof a[0] !== 'number' && !(typeof a[0] === 'string' && a[0] !== '' && !isNaN(Number(a[0])))) raise('First argument must be a number (log level).');
    const level = Math.trunc(Number(a[0]));
    if (level < 0 || level > 3) raise('Invalid debug level.');
    let msg = '';
    for (let i = 1; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== 'string' && typeof v !== 'number') continue;
      if (i > 1) msg += ' ';
      msg += typeof v === 'number' ? String(L.S.checkString([v], 1)) : v;
    }
    host.log(level, msg);
  });
}

/** The runtime `redis` table (EVAL scripts and function bodies). */
export function buildRedisApi(L: LuaState, host: ScriptHost): LuaTable {
  const t = new LuaTable();
  // plain natives (no wrapper): their rest array becomes the command's argv;
  // as call statements (nd), the reply is not turned into a Lua value when that can be skipped;
  // where one value is wanted (n1), it comes without a results array
  const call = L.S.native('call', (...a: unknown[]) => [host.command(a, true)], L.globals);
  call.nd = (...a: unknown[]) => { host.command(a, true, true); };
  call.n1 = (...a: unknown[]) => host.command(a, true);
  t.setStr('call', call);
  const pcall = L.S.native('pcall', (...a: unknown[]) => [host.command(a, false)], L.globals);
  pcall.nd = (...a: unknown[]) => { host.command(a, false, true); };
  pcall.n1 = (...a: unknown[]) => host.command(a, false);
  t.setStr('pcall', pcall);
  t.setStr('error_reply', L.fn('error_reply', (...a) => {
    if (a.length !== 1 || typeof a[0] !== 'string') return errTable('wrong number or type of arguments');
    const s = a[0];
    return errTable(s.startsWith('-') ? s : '-' + s);
  }));
  t.setStr('status_reply', L.fn('status_reply', (...a) => {
    if (a.length !== 1 || typeof a[0] !== 'string') return errTable('wrong number or type of arguments');
    const r = new LuaTable();
    r.setStr('ok', a[0]);
    return r;
  }));
  t.setStr('sha1hex', L.fn('sha1hex', (...a) => {
    if (a.length !== 1) raise('wrong number of arguments');
    const v = a[0];
    const s = typeof v === 'string' ? v : typeof v === 'number' ? L.S.checkString([v], 1) : '';
    return sha1hex(s);
  }));
  t.setStr('log', logFn(L, host));
  t.setStr('setresp', L.fn('setresp', (...a) => {
    if (a.length !== 1) raise('redis.setresp() requires one argument.');
    const v = Number(a[0]);
    if (v !== 2 && v !== 3) raise('RESP version must be 2 or 3.');
    host.setResp(v);
  }));
  t.setStr('set_repl', L.fn('set_repl', (...a) => {
    if (a.length !== 1) raise('redis.set_repl() requires two arguments.');
    const v = Number(a[0]);
    if (!Number.isInteger(v) || (v & ~3) !== 0) raise('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
  }));
  t.setStr('replicate_commands', L.fn('replicate_commands', () => true));
  t.setStr('breakpoint', L.fn('breakpoint', () => false));
  t.setStr('debug', L.fn('debug', () => undefined));
  t.setStr('acl_check_cmd', L.fn('acl_check_cmd', (...a) => {
    if (a.length === 0) raise('Please specify at least one argument for this redis lib call');
    if (luaArgs(a) === null) raise('Lua redis lib command arguments must be strings or integers');
    return host.aclCheck(a);
  }));
  t.setStr('REPL_NONE', 0);
  t.setStr('REPL_AOF', 1);
  t.setStr('REPL_SLAVE', 2);
  t.setStr('REPL_REPLICA', 2);
  t.setStr('REPL_ALL', 3);
  addConstants(t);
  return t;
}

/** The `redis` table available while FUNCTION LOAD runs a library's code. */
export function buildLoadApi(L: LuaState, host: ScriptHost, register: LuaFunction): LuaTable {
  const t = strictTable(L);
  t.setStr('register_function', register);
  t.setStr('log', logFn(L, host));
  addConstants(t);
  return t;
}

/**
 * Replaces the global pcall with Redis 7.0's variant: an error table with a
 * string `err` field is handed to the script as that string.
 */
export function installPcall(L: LuaState): void {
  const orig = L.getGlobal('pcall') as LuaFunction;
  const g = orig.ng!;
  const f = L.S.nativeGen('pcall', function* (...a: unknown[]) {
    const r = yield* g(...a);
    if (r[0] === false && r[1] instanceof LuaTable) {
      const e = r[1].getStr('err');
      if (typeof e === 'string' || typeof e === 'number') { const out = r.slice(); out[1] = e; return out; }
    }
    return r;
  }, L.globals);
  L.setGlobal('pcall', f);
}
