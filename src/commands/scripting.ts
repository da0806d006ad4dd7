/**
 * Scripting commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT ..., FUNCTION
 * ..., FCALL, FCALL_RO. The machinery (Lua states, redis API, conversions,
 * pausing long scripts) lives in src/scripting/; this file parses arguments,
 * applies Redis's checks and answers.
 */
import { GATE_BUSY } from '../server/gate.js';
import type { Family } from './family.js';
import { replyLines } from './command.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Directive } from '../server/config.js';
import { performance } from 'node:perf_hooks';
import type { Command } from './table.js';
import { feedMonitors } from '../server/monitor.js';
import { parseLL } from '../util/num.js';
import { globMatch } from '../util/glob.js';
import { LuaTable } from '../scripting/lua/index.js';
import { Scripting, BUSY_EVAL, BUSY_FUNCTION, UNKILLABLE, type Library, type ScriptFlag, type Script } from '../scripting/scripting.js';

const NOT_INT = 'ERR value is not an integer or out of range';

/** KEYS / ARGV: argv[from, to) as a Lua array (the array part holds exactly the items, as 5.1 sizes it). */
function toTable(argv: string[], from: number, to: number): LuaTable {
  const t = new LuaTable();
  t.arr = argv.slice(from, to);
  return t;
}

/** Checks numkeys; returns it or writes the error. */
function numKeys(c: Client, argv: string[], badMsg: string): number | null {
  const n = parseLL(argv[2]);
  if (n === undefined) { c.w.error(badMsg); return null; }
  if (n > argv.length - 3) { c.w.error("ERR Number of keys can't be greater than number of args"); return null; }
  if (n < 0) { c.w.error("ERR Number of keys can't be negative"); return null; }
  return n;
}

/** Checks a script's declared flags against the way it is called; returns an error text or null. */
function checkFlags(s: Server, flags: Set<ScriptFlag> | null, ro: boolean): string | null {
  if (flags === null) return null;
  if (flags.has('no-cluster') && s.clusterEnabled) return "ERR Can not run script on cluster, 'no-cluster' flag is set.";
  if (!flags.has('no-writes')) {
    if (ro) return 'ERR Can not execute a script with write flag using *_ro command.';
  }
  return null;
}

/**
 * MONITOR shows a script command before the commands it runs, whatever its
 * outcome. (The command table flags these skip_monitor, which makes the
 * generic feed skip them: feed them here with a flag-free stand-in.)
 */
function feedScriptToMonitors(c: Client, argv: string[]): void {
  const s = c.server;
  if (s.monitors.size === 0) return;
  const stand = { flags: NO_FLAGS, parent: null, name: (c.cmd?.name ?? argv[0]).toLowerCase() } as unknown as Command;
  feedMonitors(s.monitors, c, stand, argv, Math.floor((performance.timeOrigin + performance.now()) * 1000));
}
const NO_FLAGS: ReadonlySet<string> = new Set();
const NO_ARGS: never[] = [];

/** Node indexes of KEYS and ARGV in the globals of the EVAL state (see LuaTable.setStrAt). */
let keysAt = 0, argvAt = 0;

function evalGeneric(c: Client, argv: string[], bySha: boolean, ro: boolean): void {
  feedScriptToMonitors(c, argv);
  const s = c.server;
  const sc = s.scripting;
  let script;
  if (bySha) {
    // the same script again (a string compare is cheaper than hashing 40 fresh characters)
    const sha = argv[1];
    if (sha === sc.lastSha && sc.lastScript !== null) script = sc.lastScript;
    else {
      script = sc.scripts.get(sha) ?? sc.scripts.get(sha.toLowerCase());
      if (script) { sc.lastSha = sha; sc.lastScript = script; }
    }
    if (!script) { c.w.error('NOSCRIPT No matching script. Please use EVAL.'); return; }
  }
  const n = numKeys(c, argv, NOT_INT);
  if (n === null) return;
  if (!script) {
    const r = sc.createScript(argv[1]);
    if (typeof r === 'string') { c.w.error(r); return; }
    script = r;
  }
  const err = checkFlags(s, script.flags, ro);
  if (err) { c.w.error(err); return; }
  const L = sc.evalL;
  const G = L.globals;
  keysAt = G.setStrAt('KEYS', sc.evalKeys(argv, 3, 3 + n), keysAt);
  argvAt = G.setStrAt('ARGV', sc.evalArgv(argv, 3 + n, argv.length), argvAt);
  const readOnly = ro || (script.flags !== null && script.flags.has('no-writes'));
  sc.run(c, L, script.fn, NO_ARGS, true, script.sha, argv, readOnly, script.flags);
}

function fcallGeneric(c: Client, argv: string[], ro: boolean): void {
  feedScriptToMonitors(c, argv);
  const s = c.server;
  const sc = s.scripting;
  const f = sc.functions.get(argv[1]);
  if (!f) { c.w.error('ERR Function not found'); return; }
  const n = numKeys(c, argv, 'ERR Bad number of keys provided');
  if (n === null) return;
  const err = checkFlags(s, f.flags, ro);
  if (err) { c.w.error(err); return; }
  const readOnly = ro || f.flags.has('no-writes');
  sc.run(c, sc.funcL, f.fn, [toTable(argv, 3, 3 + n), toTable(argv, 3 + n, argv.length)], false, f.name, argv, readOnly, f.flags);
}

// ---- SCRIPT ----------------------------------------------------------------

function scriptLoad(c: Client, argv: string[]): void {
  const r = c.server.scripting.createScript(argv[2]);
  if (typeof r === 'string') { c.w.error(r); return; }
  c.w.bulk(r.sha);
}

function scriptExists(c: Client, argv: string[]): void {
  const sc = c.server.scripting;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.w.int(sc.scripts.has(argv[i].toLowerCase()) ? 1 : 0);
}

function flushMode(c: Client, argv: string[], what: string): boolean {
  if (argv.length === 2) return true;
  if (argv.length === 3) {
    const m = argv[2].toLowerCase();
    if (m === 'sync' || m === 'async') return true;
  }
  c.w.error(what === 'script' ? 'ERR SCRIPT FLUSH only support SYNC|ASYNC option' : 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
  return false;
}

function scriptFlush(c: Client, argv: string[]): void {
  if (!flushMode(c, argv, 'script')) return;
  c.server.scripting.resetEval();
  c.w.ok();
}

function kill(c: Client, isEval: boolean): void {
  const ctx = c.server.scripting.current;
  if (!ctx) { c.w.error('NOTBUSY No scripts in execution right now.'); return; }
  if (ctx.writeDirty) { c.w.error(UNKILLABLE); return; }
  if (isEval && !ctx.isEval) { c.w.error(BUSY_FUNCTION); return; }
  if (!isEval && ctx.isEval) { c.w.error(BUSY_EVAL); return; }
  ctx.killed = true;
  c.w.ok();
}

function scriptDebug(c: Client, argv: string[]): void {
  const m = argv[2].toLowerCase();
  if (m === 'no') { c.w.ok(); return; }
  if (m === 'yes' || m === 'sync') { c.w.error('ERR SCRIPT DEBUG is not supported by this server'); return; }
  c.w.error('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

const SCRIPT_HELP = [
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
  'HELP',
  '    Prints this help.',
];

const FUNCTION_HELP = [
  'FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
  'HELP',
  '    Prints this help.',
];


// ---- FUNCTION --------------------------------------------------------------

function functionLoad(c: Client, argv: string[]): void {
  let replace = false;
  let i = 2;
  for (; i < argv.length - 1; i++) {
    if (argv[i].toLowerCase() === 'replace') replace = true;
    else { c.w.error(`ERR Unknown option given: ${argv[i]}`); return; }
  }
  if (i >= argv.length) { c.w.error('ERR Function code is missing'); return; }
  const r = c.server.scripting.loadLibrary(argv[i], replace);
  if (typeof r === 'string') c.w.bulk(r); else c.w.error(r.error);
}

function functionDelete(c: Client, argv: string[]): void {
  const sc = c.server.scripting;
  const lib = sc.libraries.get(argv[2]);
  if (!lib) { c.w.error('ERR Library not found'); return; }
  sc.dropLibrary(lib);
  c.w.ok();
}

function functionFlush(c: Client, argv: string[]): void {
  if (!flushMode(c, argv, 'function')) return;
  c.server.scripting.resetFunctions();
  c.w.ok();
}

function functionList(c: Client, argv: string[]): void {
  let pattern: string | null = null;
  let withCode = false;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'withcode' && !withCode) { withCode = true; continue; }
    if (a === 'libraryname' && pattern === null) {
      if (i + 1 >= argv.length) { c.w.error('ERR library name argument was not given'); return; }
      pattern = argv[++i];
      continue;
    }
    c.w.error(`ERR Unknown argument ${argv[i]}`);
    return;
  }
  const libs = [...c.server.scripting.libraries.values()].filter(l => pattern === null || globMatch(pattern, l.name));
  const w = c.w;
  w.array(libs.length);
  for (const lib of libs) {
    w.map(withCode ? 4 : 3);
    w.bulk('library_name'); w.bulk(lib.name);
    w.bulk('engine'); w.bulk('LUA');
    w.bulk('functions');
    w.array(lib.functions.size);
    for (const f of lib.functions.values()) {
      w.map(3);
      w.bulk('name'); w.bulk(f.name);
      w.bulk('description'); w.bulkOrNull(f.desc);
      w.bulk('flags');
      w.set(f.flags.size);
      for (const fl of f.flags) w.simple(fl);
    }
    if (withCode) { w.bulk('library_code'); w.bulk(lib.code); }
  }
}

function functionStats(c: Client): void {
  const sc = c.server.scripting;
  const ctx = sc.current;
  if (ctx && ctx.isEval) { c.w.error(BUSY_EVAL); return; }
  const w = c.w;
  w.map(2);
  w.bulk('running_script');
  if (!ctx) w.nullBulk();
  else {
    w.map(3);
    w.bulk('name'); w.bulk(ctx.name);
    w.bulk('command'); w.bulkArray(ctx.argv);
    w.bulk('duration_ms'); w.int(Math.floor(performance.now() - ctx.start));
  }
  w.bulk('engines');
  w.map(1);
  w.bulk('LUA');
  w.map(2);
  w.bulk('libraries_count'); w.int(sc.libraries.size);
  w.bulk('functions_count'); w.int(sc.functions.size);
}

// Respite's FUNCTION DUMP payload: a marker, then the JSON list of library sources.
const DUMP_MAGIC = 'RESPITE-FUNCTIONS-1\n';

function functionDump(c: Client): void {
  const codes = [...c.server.scripting.libraries.values()].map(l => l.code);
  c.w.bulk(DUMP_MAGIC + JSON.stringify(codes));
}

function functionRestore(c: Client, argv: string[]): void {
  let policy = 'append';
  if (argv.length > 4) { c.w.error('ERR syntax error'); return; }
  if (argv.length === 4) {
    policy = argv[3].toLowerCase();
    if (policy !== 'flush' && policy !== 'append' && policy !== 'replace') {
      c.w.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
      return;
    }
  }
  const payload = argv[2];
  let codes: unknown;
  try {
    if (!payload.startsWith(DUMP_MAGIC)) throw new Error('bad');
    codes = JSON.parse(payload.slice(DUMP_MAGIC.length));
    if (!Array.isArray(codes) || codes.some(x => typeof x !== 'string')) throw new Error('bad');
  } catch {
    c.w.error('ERR DUMP payload version or checksum are wrong');
    return;
  }
  const sc = c.server.scripting;
  // Build every library in a scratch engine first, so a failure changes nothing.
  const scratch = new Scripting(c.server);
  for (const code of codes as string[]) {
    const r = scratch.loadLibrary(code, false);
    if (typeof r !== 'string') { c.w.error(r.error); return; }
  }
  const keep: Library[] = policy === 'flush' ? [] : [...sc.libraries.values()];
  const incoming = [...scratch.libraries.values()];
  const names = new Set(incoming.map(l => l.name));
  const kept: Library[] = [];
  for (const l of keep) {
    if (names.has(l.name)) {
      if (policy === 'append') { c.w.error(`ERR Library ${l.name} already exists`); return; }
      continue;
    }
    kept.push(l);
  }
  const fnames = new Set<string>();
  for (const l of [...kept, ...incoming]) {
    for (const f of l.functions.keys()) {
      if (fnames.has(f)) { c.w.error(`ERR Function ${f} already exists`); return; }
      fnames.add(f);
    }
  }
  // Recompile everything into a fresh function state.
  const all = [...kept, ...incoming].map(l => l.code);
  sc.resetFunctions();
  for (const code of all) sc.loadLibrary(code, false);
  c.w.ok();
}

export const scriptingDirectives: Directive[] = [
  { name: 'busy-reply-threshold', aliases: ['lua-time-limit'], type: 'int', default: '5000', min: 0, max: (1n << 63n) - 1n },
];

export const scripting: Family = {
  name: 'scripting',
  directives: scriptingDirectives,
  commands: [
    { name: 'eval', handler: (c, a) => evalGeneric(c, a, false, false), summary: 'Runs a Lua script with the given keys and arguments.' },
    { name: 'evalsha', handler: (c, a) => evalGeneric(c, a, true, false), summary: 'Runs a cached Lua script identified by its SHA1 digest.' },
    { name: 'eval_ro', handler: (c, a) => evalGeneric(c, a, false, true), summary: 'Runs a Lua script that may only read data.' },
    { name: 'evalsha_ro', handler: (c, a) => evalGeneric(c, a, true, true), summary: 'Runs a cached read-only Lua script by its SHA1 digest.' },
    { name: 'fcall', handler: (c, a) => fcallGeneric(c, a, false), summary: 'Calls a function of a loaded library.' },
    { name: 'fcall_ro', handler: (c, a) => fcallGeneric(c, a, true), summary: 'Calls a library function that only reads data.' },
    { name: 'script|load', handler: scriptLoad, summary: 'Compiles a script into the cache and returns its SHA1 digest.' },
    { name: 'script|exists', handler: scriptExists, summary: 'Tells, for each SHA1 digest, whether the script is cached.' },
    { name: 'script|flush', handler: scriptFlush, summary: 'Empties the script cache.' },
    { name: 'script|kill', handler: c => kill(c, true), summary: 'Stops the running script if it has not written anything.' },
    { name: 'script|debug', handler: scriptDebug, summary: 'Sets the script debugging mode (only NO is supported).' },
    { name: 'script|help', handler: c => replyLines(c, SCRIPT_HELP), summary: 'Lists the SCRIPT subcommands.' },
    { name: 'function|load', handler: functionLoad, summary: 'Loads (or replaces) a library of functions.' },
    { name: 'function|delete', handler: functionDelete, summary: 'Removes a library and its functions.' },
    { name: 'function|flush', handler: functionFlush, summary: 'Removes every library.' },
    { name: 'function|list', handler: functionList, summary: 'Describes the loaded libraries and their functions.' },
    { name: 'function|stats', handler: functionStats, summary: 'Shows the running function and the library counts.' },
    { name: 'function|kill', handler: c => kill(c, false), summary: 'Stops the running function if it has not written anything.' },
    { name: 'function|dump', handler: functionDump, summary: 'Serialises every library into one payload.' },
    { name: 'function|restore', handler: functionRestore, summary: 'Loads the libraries of a FUNCTION DUMP payload.' },
    { name: 'function|help', handler: c => replyLines(c, FUNCTION_HELP), summary: 'Lists the FUNCTION subcommands.' },
  ],
  init(server: Server) {
    const sc = new Scripting(server);
    server.scripting = sc;
    server.config.onChange('busy-reply-threshold', v => { sc.busyThreshold = Number(v); });
    const inf = server.infoFields;
    inf.field('memory', 'number_of_cached_scripts', () => server.scripting.scripts.size);
    inf.field('memory', 'number_of_functions', () => server.scripting.functions.size);
    inf.field('memory', 'number_of_libraries', () => server.scripting.libraries.size);
    // While a timed-out script runs, other clients only get the allowed commands.
    server.addFilter(25, GATE_BUSY, (c, cmd, argv) => {
      const ctx = sc.current;
      if (ctx === null || !ctx.timedOut) { server.gate &= ~GATE_BUSY; return false; }
      if (c === ctx.caller) return false;
      const top = cmd.parent ?? cmd;
      const busy = ctx.isEval ? BUSY_EVAL : BUSY_FUNCTION;
      if (cmd.allowBusy) {
        if (top.name === 'shutdown') {
          if (!argv.slice(1).some(a => a.toLowerCase() === 'nosave')) {
            server.reject(c, cmd, busy);
            return true;
          }
          // the paused script holds callDepth up; SHUTDOWN must run as a top-level command
          server.callDepth--;
          try { server.call(c, cmd, argv); } finally { server.callDepth++; }
          return true;
        }
        return false;
      }
      server.reject(c, cmd, busy);
      return true;
    });
    server.shutdownHooks.push(() => {
      const ctx = sc.current;
      if (ctx) { sc.current = null; ctx.killed = true; }
    });
  },
};
