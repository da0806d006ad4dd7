/**
 * The directives the Respite core implements, with Redis 7.0's names,
 * aliases, types, defaults (as CONFIG GET shows them), bounds, mutability
 * and error texts. Add a directive here (or in a family's `directives`) and
 * it becomes readable from redis.conf, the command line, startServer(),
 * CONFIG GET, CONFIG SET (unless immutable) and CONFIG REWRITE.
 *
 * Directives of features that do not exist yet are in known-directives.ts.
 * Where Respite accepts only some of Redis's values (save, appendonly,
 * daemonize, maxmemory-policy), `onlyValues` / the parser refuses the
 * others with a reason instead of silently ignoring them.
 */
import { statSync as fsStat } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseDouble } from '../util/num.js';
import { ConfigError, quoteConf, type Directive } from './config.js';
import {
  NOTIFY_ALL, NOTIFY_EVICTED, NOTIFY_EXPIRED, NOTIFY_GENERIC, NOTIFY_HASH, NOTIFY_KEYEVENT, NOTIFY_KEYSPACE,
  NOTIFY_KEY_MISS, NOTIFY_LIST, NOTIFY_MODULE, NOTIFY_NEW, NOTIFY_SET, NOTIFY_STREAM, NOTIFY_STRING, NOTIFY_ZSET,
} from '../db/notify.js';

const INT_MAX = 2147483647;
const UINT_MAX = 4294967295;
const LLONG_MAX = (1n << 63n) - 1n;
const ULLONG_MAX = (1n << 64n) - 1n;

/** save: pairs of <seconds> <changes>, or "" to disable. Validated like Redis, then refused until persistence lands. */
function saveParam(args: string[]): string {
  if (args.length === 0 || (args.length === 1 && args[0] === '')) return '';
  if (args.length % 2 !== 0) throw new ConfigError('Invalid save parameters');
  for (let j = 0; j < args.length; j++) {
    const m = /^-?[0-9]+$/.exec(args[j]);
    if (!m || (j % 2 === 0 ? Number(args[j]) < 1 : Number(args[j]) < 0)) throw new ConfigError('Invalid save parameters');
  }
  throw new ConfigError('RDB persistence is not implemented in Respite yet: only save "" is accepted');
}

/** bind: one or more addresses (a leading '-' marks an optional one). */
function bindParam(args: string[]): string {
  if (args.length > 16) throw new ConfigError('Too many bind addresses specified.');
  if (args.length === 0 || (args.length === 1 && args[0] === '')) return '';
  return args.join(' ');
}

function octalParam(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  if (!/^-?[0-7]+$/.test(args[0])) throw new ConfigError("argument couldn't be parsed as an octal number");
  const v = parseInt(args[0], 8);
  if (v < 0 || v > 0o777) throw new ConfigError('argument must be between 0 and 777 inclusive');
  return v.toString(8);
}

const NOTIFY_CHARS: [string, number][] = [
  ['g', NOTIFY_GENERIC], ['$', NOTIFY_STRING], ['l', NOTIFY_LIST], ['s', NOTIFY_SET], ['h', NOTIFY_HASH],
  ['z', NOTIFY_ZSET], ['x', NOTIFY_EXPIRED], ['e', NOTIFY_EVICTED], ['t', NOTIFY_STREAM], ['d', NOTIFY_MODULE],
  ['n', NOTIFY_NEW],
];

/** Parses notify-keyspace-events class characters into flags; undefined on a bad character. */
export function notifyFlagsFromString(s: string): number | undefined {
  let flags = 0;
  for (const ch of s) {
    if (ch === 'A') { flags |= NOTIFY_ALL; continue; }
    if (ch === 'K') { flags |= NOTIFY_KEYSPACE; continue; }
    if (ch === 'E') { flags |= NOTIFY_KEYEVENT; continue; }
    if (ch === 'm') { flags |= NOTIFY_KEY_MISS; continue; }
    const e = NOTIFY_CHARS.find(([c]) => c === ch);
    if (!e) return undefined;
    flags |= e[1];
  }
  return flags;
}

/** The canonical text of notification flags, in Redis's order. */
export function notifyFlagsToString(flags: number): string {
  let s = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) s += 'A';
  else for (const [c, f] of NOTIFY_CHARS) if (flags & f) s += c;
  if (flags & NOTIFY_KEYSPACE) s += 'K';
  if (flags & NOTIFY_KEYEVENT) s += 'E';
  if (flags & NOTIFY_KEY_MISS) s += 'm';
  return s;
}

function notifyParam(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  const f = notifyFlagsFromString(args[0]);
  if (f === undefined) throw new ConfigError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  return notifyFlagsToString(f);
}

function percentilesParam(args: string[]): string {
  if (args.length === 0 || (args.length === 1 && args[0] === '')) return '';
  const out: number[] = [];
  for (const a of args) {
    const v = /^\s/.test(a) ? undefined : parseDouble(a);
    if (v === undefined || Number.isNaN(v)) throw new ConfigError('Invalid latency-tracking-info-percentiles parameters');
    if (v < 0 || v > 100) throw new ConfigError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
    out.push(v);
  }
  // Shown as printf("%f") with the trailing zeros (and a bare point) removed.
  return out.map(v => v.toFixed(6).replace(/\.?0+$/, '')).join(' ');
}

function hzParam(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  if (!/^(?:0|-?[1-9][0-9]*)$/.test(args[0]) || args[0].length > 20) throw new ConfigError("argument couldn't be parsed into an integer");
  const n = BigInt(args[0]);
  if (n < 0n || n > BigInt(INT_MAX)) throw new ConfigError(`argument must be between 0 and ${INT_MAX} inclusive`);
  // Redis keeps hz within [1, 500] and shows the clamped value.
  return String(n < 1n ? 1n : n > 500n ? 500n : n);
}

function filenameCheck(v: string): void {
  if (v.includes('/')) throw new ConfigError("dbfilename can't be a path, just a filename");
}

/** A factory so that `dir` defaults to the working directory when the table is built. */
export function coreDirectives(): Directive[] {
  return [
    { name: 'port', type: 'int', default: '6379', min: 0, max: 65535 },
    { name: 'bind', type: 'special', default: '* -::*', multiArg: true, parse: bindParam, rewrite: v => v === '' ? '""' : v },
    { name: 'unixsocket', type: 'string', default: '', immutable: true },
    { name: 'unixsocketperm', type: 'special', default: '0', immutable: true, parse: octalParam },
    { name: 'databases', type: 'int', default: '16', min: 1, max: INT_MAX, immutable: true },
    { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'] },
    { name: 'logfile', type: 'string', default: '', immutable: true },
    { name: 'daemonize', type: 'bool', default: 'no', immutable: true, onlyValues: { values: ['no'], reason: 'daemonize yes is not supported by Respite: run it in the foreground under a process supervisor' } },
    { name: 'save', type: 'special', default: '', multiArg: true, alwaysRewrite: true, parse: saveParam, rewrite: v => v === '' ? '""' : v },
    { name: 'appendonly', type: 'bool', default: 'no', onlyValues: { values: ['no'], reason: 'AOF persistence is not implemented in Respite yet: only appendonly no is accepted' } },
    { name: 'requirepass', type: 'string', default: '' },
    { name: 'maxclients', type: 'int', default: '10000', min: 1, max: UINT_MAX },
    { name: 'timeout', type: 'int', default: '0', min: 0, max: INT_MAX },
    { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: INT_MAX },
    { name: 'tcp-backlog', type: 'int', default: '511', min: 0, max: INT_MAX, immutable: true },
    { name: 'proto-max-bulk-len', type: 'memory', default: '536870912', min: 1024 * 1024, max: LLONG_MAX },
    { name: 'client-query-buffer-limit', type: 'memory', default: '1073741824', min: 1024 * 1024, max: LLONG_MAX },
    { name: 'hz', type: 'special', default: '10', parse: hzParam },
    { name: 'enable-debug-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
    { name: 'enable-protected-configs', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
    { name: 'slowlog-log-slower-than', type: 'int', default: '10000', min: -1, max: LLONG_MAX },
    { name: 'slowlog-max-len', type: 'int', default: '128', min: 0, max: LLONG_MAX },
    { name: 'latency-monitor-threshold', type: 'int', default: '0', min: 0, max: LLONG_MAX },
    { name: 'latency-tracking', type: 'bool', default: 'yes' },
    { name: 'latency-tracking-info-percentiles', type: 'special', default: '50 99 99.9', multiArg: true, parse: percentilesParam, rewrite: v => v === '' ? '""' : v },
    { name: 'dir', type: 'special', default: process.cwd(), protected: true, alwaysRewrite: true, parse: dirParam, rewrite: quoteConf },
    { name: 'dbfilename', type: 'string', default: 'dump.rdb', protected: true, validate: filenameCheck },
    { name: 'maxmemory', type: 'memory', default: '0', min: 0, max: ULLONG_MAX },
    { name: 'protected-mode', type: 'bool', default: 'yes' },
    { name: 'notify-keyspace-events', type: 'special', default: '', parse: notifyParam, rewrite: quoteConf },
  ];
}

/** dir: must name an existing directory (checked, not chdir'd: several servers may share a process). */
function dirParam(args: string[]): string {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  const p = args[0];
  let st: import('node:fs').Stats;
  try {
    st = fsStat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : (e as Error).message);
  }
  if (!st.isDirectory()) throw new ConfigError('Not a directory');
  return resolvePath(p);
}

/** Kept for compatibility with code that imported the static list. */
export const DIRECTIVES: Directive[] = coreDirectives();
