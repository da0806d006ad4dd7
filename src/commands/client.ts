/**
 * CLIENT: connection introspection and control (ID, GETNAME, SETNAME, LIST,
 * INFO, KILL, PAUSE, UNPAUSE, REPLY, NO-EVICT, UNBLOCK, HELP; the tracking
 * subcommands live in tracking.ts).
 *
 * CLIENT PAUSE is a pipeline filter: while a pause is in effect, a client
 * whose command is affected (every command in ALL mode; in WRITE mode the
 * commands flagged write plus those Redis marks may-replicate: EVAL, EVALSHA,
 * FCALL, PUBLISH, SPUBLISH, PFCOUNT) is suspended with that command held
 * back; at the deadline or on CLIENT UNPAUSE the held commands run again
 * through the pipeline, in the order they arrived. During a pause (either
 * mode) keys are not expired (server.expiryEnabled), as in Redis 7.0.
 *
 * CLIENT REPLY SKIP arms a skip that Server.endRequest applies to exactly
 * the next command (rejected ones included), as Redis's resetClient does.
 *
 * CLIENT LIST reads the state other families keep on the client (pub/sub
 * subscriptions, MULTI/WATCH, tracking, MONITOR) through server.clientInfo,
 * which a later family (replication) may extend. Memory fields are
 * estimates shaped like Redis's (no allocator to ask).
 */
import { GATE_PAUSE } from '../server/gate.js';
import { performance } from 'node:perf_hooks';
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Command } from './table.js';
import { parseLL, parseLLBig } from '../util/num.js';
import { validClientName } from './connection.js';
import { helpReply } from './command.js';
import { NOT_INTEGER, SYNTAX } from './errors.js';

/** What other families report for CLIENT LIST (defaults: nothing subscribed, no MULTI, no tracking). */
export interface ClientInfoProviders {
  sub(c: Client): number;
  psub(c: Client): number;
  ssub(c: Client): number;
  /** Queued commands in MULTI, or -1 outside MULTI. */
  multi(c: Client): number;
  multiMem(c: Client): number;
  /** Tracking redirection: -1 when tracking is off, 0 when on without redirection. */
  redir(c: Client): number;
  /** Flag letters of other families (e.g. 'x' MULTI, 'd' dirty CAS, 't' tracking, 'P' pub/sub). */
  flags(c: Client): string;
}

interface PauseState {
  /** 'all' or 'write' while paused, null otherwise. */
  type: 'all' | 'write' | null;
  /** Deadline, ms since the epoch. */
  end: number;
  timer: NodeJS.Timeout | null;
  /** Clients held back, in arrival order, with the command each must run. */
  held: Client[];
  /** Whether expiry was enabled when the pause began. */
  expiryWas: boolean;
}

declare module '../server/server.js' {
  interface Server {
    clientInfo: ClientInfoProviders;
    /**
     * Refinements of "may this command write?" for CLIENT PAUSE WRITE, asked
     * before the command flags: true (EXEC of a transaction with writes),
     * false (a script declared no-writes), or undefined (no opinion).
     */
    pauseWriteChecks: ((c: Client, cmd: Command, argv: string[]) => boolean | undefined)[];
    clientPause?: PauseState;
  }
}

declare module '../server/client.js' {
  interface Client {
    /** The command held back by CLIENT PAUSE. */
    pausedArgv?: string[] | null;
  }
}

/** Commands Redis 7.0 flags may-replicate (a flag COMMAND INFO hides): postponed by CLIENT PAUSE WRITE. */
const MAY_REPLICATE = new Set(['eval', 'evalsha', 'fcall', 'publish', 'spublish', 'pfcount']);

/** Canonical order of the CLIENT LIST flag letters. */
const FLAG_ORDER = 'SOMPxbtRBdcuAUre';

function clientType(c: Client): 'master' | 'replica' | 'pubsub' | 'normal' {
  const f = c.extraFlags;
  if (f.includes('M')) return 'master';
  if (f.includes('S') || c.isReplica) return 'replica';
  const s = c.server.clientInfo;
  if (f.includes('P') || s.flags(c).includes('P')) return 'pubsub';
  return 'normal';
}

function typeByName(name: string): 'master' | 'replica' | 'pubsub' | 'normal' | null {
  switch (name.toLowerCase()) {
    case 'normal': return 'normal';
    case 'slave': case 'replica': return 'replica';
    case 'pubsub': return 'pubsub';
    case 'master': return 'master';
    default: return null;
  }
}

function flagString(c: Client): string {
  const info = c.server.clientInfo;
  let raw = c.extraFlags + info.flags(c);
  if (c.blocked || c.pausedArgv) raw += 'b';
  if (c.closeAfterReply) raw += 'c';
  if (c.socket && c.socket.remoteAddress === undefined) raw += 'U'; // unix socket
  if (c.noEvict) raw += 'e';
  let out = '';
  for (const ch of FLAG_ORDER) if (raw.includes(ch)) out += ch;
  return out || 'N';
}

/** Size of argv as a RESP multibulk request (what Redis's query buffer holds while it runs). */
function requestBytes(argv: readonly string[]): number {
  let n = 3 + String(argv.length).length;
  for (const a of argv) n += 5 + String(a.length).length + a.length;
  return n;
}

/** Input received but not run yet: the parser's buffer plus the commands parsed ahead. */
export function pendingInputBytes(c: Client): number {
  let n = c.parser.buffered;
  const q = c.ahead;
  if (q !== null) for (let i = c.aheadPos; i < q.length; i++) n += requestBytes(q[i]);
  return n;
}

function fdOf(c: Client): number {
  const h = (c.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
  return typeof h?.fd === 'number' ? h.fd : -1;
}

/** One CLIENT LIST / CLIENT INFO line (without the newline), in Redis 7.0's field order. */
export function clientInfoLine(c: Client, self: Client | null): string {
  const s = c.server;
  const info = s.clientInfo;
  const nowSec = Math.floor(s.now() / 1000);
  const running = c === self;
  const heldArgv = c.pausedArgv ?? (c.blocked ? c.lastArgv : null);
  const argvMem = running ? sumLen(c.argv) : heldArgv ? sumLen(heldArgv) : 0;
  const qbuf = pendingInputBytes(c) + (running ? requestBytes(c.argv) : 0);
  const qbufFree = qbuf > 0 || running ? Math.max(0, 20474 - qbuf) : 0;
  const rbs = running ? 16384 : 1024;
  const obl = Math.min(c.w.pending, 16384);
  const omem = Math.max(0, c.w.pending - 16384);
  const multiMem = info.multiMem(c);
  const totMem = 1024 + qbuf + qbufFree + argvMem + multiMem + rbs + omem;
  const cmd = running ? c.cmd : c.lastCmd;
  return `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${fdOf(c)} name=${c.name}` +
    ` age=${nowSec - Math.floor(c.createdAt / 1000)} idle=${nowSec - Math.floor(c.lastInteraction / 1000)}` +
    ` flags=${flagString(c)} db=${c.db.id} sub=${info.sub(c)} psub=${info.psub(c)} ssub=${info.ssub(c)} multi=${info.multi(c)}` +
    ` qbuf=${qbuf} qbuf-free=${qbufFree} argv-mem=${argvMem} multi-mem=${multiMem} rbs=${rbs} rbp=${running ? 16384 : 0}` +
    ` obl=${obl} oll=0 omem=${omem} tot-mem=${totMem} events=r cmd=${cmd ? cmd.fullName : 'NULL'} user=${c.user}` +
    ` redir=${info.redir(c)} resp=${c.resp}`;
}

function sumLen(argv: readonly string[]): number {
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

/** Redis's reply when a subcommand gets an argument count it does not accept. */
export function subSyntax(argv: readonly string[]): string {
  return `ERR unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`;
}

/** Redis counts each queued command's argument bytes plus one pointer per argument. */
function multiMem(c: Client): number {
  if (!c.multi) return 0;
  let n = 0;
  for (const argv of c.multi.argvs) n += sumLen(argv) + 8 * argv.length;
  return n;
}

/** CLIENT LIST flag letters from the state other families keep on the client. */
function familyFlags(c: Client): string {
  let f = '';
  if (c.server.monitors.has(c)) f += 'O';
  if (c.subs?.size || c.psubs?.size || c.ssubs?.size) f += 'P';
  if (c.multi) f += 'x';
  const t = c.tracking;
  if (t) { f += 't'; if (t.brokenRedirect) f += 'R'; if (t.bcast) f += 'B'; }
  if (c.watchDirty) f += 'd';
  return f;
}

// ---- simple subcommands -------------------------------------------------------

function clientId(c: Client): void { c.w.int(c.id); }

function clientGetname(c: Client): void {
  if (c.name) c.w.bulk(c.name); else c.w.nullBulk();
}

function clientSetname(c: Client, argv: string[]): void {
  const name = argv[2];
  if (!validClientName(name)) { c.w.error('ERR Client names cannot contain spaces, newlines or special characters.'); return; }
  c.name = name;
  c.w.ok();
}

function clientInfo(c: Client): void {
  c.w.verbatim(clientInfoLine(c, c) + '\n');
}

function clientList(c: Client, argv: string[]): void {
  const s = c.server;
  let out = '';
  if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    const t = typeByName(argv[3]);
    if (t === null) { c.w.error(`ERR Unknown client type '${argv[3]}'`); return; }
    for (const cl of s.clients.values()) if (clientType(cl) === t) out += clientInfoLine(cl, c) + '\n';
  } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
    const ids: bigint[] = [];
    for (let j = 3; j < argv.length; j++) {
      const id = parseLLBig(argv[j]);
      if (id === undefined) { c.w.error('ERR Invalid client ID'); return; }
      ids.push(id);
    }
    for (const id of ids) {
      const cl = id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? s.clients.get(Number(id)) : undefined;
      if (cl) out += clientInfoLine(cl, c) + '\n';
    }
  } else if (argv.length !== 2) {
    c.w.error(SYNTAX);
    return;
  } else {
    for (const cl of s.clients.values()) out += clientInfoLine(cl, c) + '\n';
  }
  c.w.verbatim(out);
}

function clientNoEvict(c: Client, argv: string[]): void {
  const v = argv[2].toLowerCase();
  if (v === 'on') c.noEvict = true;
  else if (v === 'off') c.noEvict = false;
  else { c.w.error(SYNTAX); return; }
  c.w.ok();
}

function clientReply(c: Client, argv: string[]): void {
  const v = argv[2].toLowerCase();
  if (v === 'on') {
    c.replyMode = 'on';
    c.w.enabled = true;
    c.w.ok();
  } else if (v === 'off') {
    c.replyMode = 'off';
    c.w.enabled = false;
  } else if (v === 'skip') {
    // armed: Server.endRequest turns the writer off for the next command only
    if (c.replyMode !== 'off') { c.replyMode = 'skip'; c.w.enabled = true; }
  } else {
    c.w.error(SYNTAX);
  }
}

// ---- KILL -----------------------------------------------------------------------

function clientKill(c: Client, argv: string[]): void {
  const s = c.server;
  let addr: string | null = null, laddr: string | null = null, user: string | null = null;
  let type: string | null = null;
  let id = 0;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2];
    skipme = false;
  } else if (argv.length > 3) {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i].toLowerCase();
      const more = argv.length > i + 1;
      if (opt === 'id' && more) {
        const n = parseLL(argv[i + 1]);
        if (n === undefined || n < 1) { c.w.error('ERR client-id should be greater than 0'); return; }
        id = n;
      } else if (opt === 'type' && more) {
        type = typeByName(argv[i + 1]);
        if (type === null) { c.w.error(`ERR Unknown client type '${argv[i + 1]}'`); return; }
      } else if (opt === 'addr' && more) {
        addr = argv[i + 1];
      } else if (opt === 'laddr' && more) {
        laddr = argv[i + 1];
      } else if (opt === 'user' && more) {
        if (argv[i + 1] !== 'default') { c.w.error(`ERR No such user '${argv[i + 1]}'`); return; }
        user = argv[i + 1];
      } else if (opt === 'skipme' && more) {
        const v = argv[i + 1].toLowerCase();
        if (v === 'yes') skipme = true;
        else if (v === 'no') skipme = false;
        else { c.w.error(SYNTAX); return; }
      } else {
        c.w.error(SYNTAX);
        return;
      }
    }
  } else {
    c.w.error(SYNTAX);
    return;
  }
  let killed = 0, closeSelf = false;
  for (const cl of [...s.clients.values()]) {
    if (addr !== null && cl.addr !== addr) continue;
    if (laddr !== null && cl.laddr !== laddr) continue;
    if (type !== null && clientType(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== null && cl.user !== user) continue;
    if (cl === c && skipme) continue;
    if (cl === c) closeSelf = true;
    else s.closeClient(cl, false);
    killed++;
  }
  if (closeSelf) c.closeAfterReply = true;
  if (argv.length === 3) {
    if (killed === 0) c.w.error('ERR No such client'); else c.w.ok();
  } else {
    c.w.int(killed);
  }
}

// ---- UNBLOCK --------------------------------------------------------------------

function clientUnblock(c: Client, argv: string[]): void {
  if (argv.length > 4) { c.w.error(subSyntax(argv)); return; }
  let mode: 'timeout' | 'error' = 'timeout';
  if (argv.length === 4) {
    const v = argv[3].toLowerCase();
    if (v === 'timeout') mode = 'timeout';
    else if (v === 'error') mode = 'error';
    else { c.w.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'); return; }
  }
  const id = parseLL(argv[2]);
  if (id === undefined) { c.w.error(NOT_INTEGER); return; }
  const target = c.server.clients.get(id);
  // a client held by CLIENT PAUSE is not "blocked" here (Redis 7.0.15 crashes on that case)
  if (target && target.blocked && c.server.blocking.forceUnblock(target, mode)) c.w.int(1);
  else c.w.int(0);
}

// ---- PAUSE / UNPAUSE ------------------------------------------------------------------

function pauseState(s: Server): PauseState {
  if (!s.clientPause) s.clientPause = { type: null, end: 0, timer: null, held: [], expiryWas: true };
  return s.clientPause;
}

const LLONG_MAX = 9223372036854775807n;

function clientPause(c: Client, argv: string[]): void {
  if (argv.length > 4) { c.w.error(subSyntax(argv)); return; }
  let type: 'all' | 'write' = 'all';
  if (argv.length === 4) {
    const v = argv[3].toLowerCase();
    if (v === 'write') type = 'write';
    else if (v === 'all') type = 'all';
    else { c.w.error('ERR CLIENT PAUSE mode must be WRITE or ALL'); return; }
  }
  const t = parseLLBig(argv[2]);
  if (t === undefined) { c.w.error('ERR timeout is not an integer or out of range'); return; }
  if (t < 0n) { c.w.error('ERR timeout is negative'); return; }
  const s = c.server;
  let end = 0;
  if (t > 0n) {
    const sum = t + BigInt(s.now());
    // Redis adds in 64-bit arithmetic: a sum beyond LLONG_MAX wraps to the past (no pause)
    end = sum > LLONG_MAX ? 0 : Number(sum);
  }
  pause(s, type, end);
  c.w.ok();
}

/** Starts or extends a pause: the latest type wins, the later deadline wins (Redis 7.0). */
export function pause(s: Server, type: 'all' | 'write', end: number): void {
  const p = pauseState(s);
  if (p.type === null) {
    if (end <= Date.now()) return; // already over (CLIENT PAUSE 0, or a deadline that wrapped)
    p.expiryWas = s.expiryEnabled;
    p.end = 0;
  }
  const wasAll = p.type === 'all';
  p.type = type;
  s.gate |= GATE_PAUSE;
  if (end > p.end) p.end = end;
  s.expiryEnabled = false;
  armPauseTimer(s, p);
  // a less restrictive pause lets the held readers go (writers are held again)
  if (wasAll && type === 'write') queueMicrotask(() => { if (p.type !== null) releaseHeld(s, p); });
}

function armPauseTimer(s: Server, p: PauseState): void {
  if (p.timer) clearTimeout(p.timer);
  p.timer = setTimeout(() => { p.timer = null; checkPauseEnd(s); }, Math.max(0, p.end - Date.now()));
}

function checkPauseEnd(s: Server): void {
  const p = pauseState(s);
  if (p.type === null) return;
  if (p.end > Date.now()) { armPauseTimer(s, p); return; }
  unpause(s);
}

/** Ends the pause and runs the held commands through the pipeline again, in arrival order. */
export function unpause(s: Server): void {
  const p = pauseState(s);
  if (p.timer) { clearTimeout(p.timer); p.timer = null; }
  if (p.type === null) return;
  p.type = null;
  p.end = 0;
  s.expiryEnabled = p.expiryWas;
  // run the held commands after the current command (CLIENT UNPAUSE replies first) and outside any call()
  queueMicrotask(() => releaseHeld(s, p));
}

/** Runs the held commands again (those still affected by a new pause are held again). */
function releaseHeld(s: Server, p: PauseState): void {
  if (p.held.length === 0) return;
  const held = p.held;
  p.held = [];
  s.refreshClock();
  s.lastClock = performance.now();
  for (const c of held) {
    const argv = c.pausedArgv;
    c.pausedArgv = null;
    if (!argv || c.closed) continue;
    c.suspended = false;
    s.processCommand(c, argv);
    if (!c.suspended) { s.endRequest(c); s.flushLater(c); }
  }
}

function clientUnpause(c: Client): void {
  unpause(c.server);
  c.w.ok();
}

function pauseFilter(c: Client, cmd: Command, argv: string[]): boolean {
  const p = c.server.clientPause;
  if (!p || p.type === null) { c.server.gate &= ~GATE_PAUSE; return false; }
  if (c.isFake) return false;
  if (c.extraFlags.includes('S') || c.extraFlags.includes('M')) return false;
  if (p.type === 'write' && !mayWrite(c, cmd, argv)) return false;
  if (p.end <= Date.now()) { unpause(c.server); return false; }
  c.pausedArgv = argv;
  c.cmd = cmd;
  c.suspended = true;
  p.held.push(c);
  return true;
}

function mayWrite(c: Client, cmd: Command, argv: string[]): boolean {
  for (const f of c.server.pauseWriteChecks) {
    const r = f(c, cmd, argv);
    if (r !== undefined) return r;
  }
  if (cmd.isWrite || MAY_REPLICATE.has(cmd.fullName)) return true;
  // EXEC counts as a write when its transaction holds one
  return cmd.fullName === 'exec' && !!c.multi && c.multi.cmds.some(q => q.isWrite || MAY_REPLICATE.has(q.fullName));
}

// ---- HELP -----------------------------------------------------------------------------

function clientHelp(c: Client): void {
  helpReply(c, 'CLIENT', [
    'ID',
    '    Reply with the id of this connection.',
    'INFO',
    '    Describe this connection, in the format of one CLIENT LIST line.',
    'KILL <ip:port>',
    '    Close the connection with that address.',
    'KILL <option> <value> [<option> <value> [...]]',
    '    Close every connection matching all the filters:',
    '    * ID <client-id>',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '    * USER <username>',
    '    * ADDR <ip:port>',
    '    * LADDR <ip:port>',
    '    * SKIPME (YES|NO): whether this connection is spared (default YES).',
    'LIST [options ...]',
    '    Describe the open connections, one per line. Options:',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '    * ID <client-id> [<client-id> ...]',
    'UNPAUSE',
    '    End a pause started by CLIENT PAUSE.',
    'PAUSE <timeout> [WRITE|ALL]',
    '    Hold back the commands of clients for <timeout> milliseconds: all of them',
    '    (ALL, the default), or only those that may write (WRITE).',
    'REPLY (ON|OFF|SKIP)',
    '    Turn the replies to this connection on or off, or skip the next one.',
    'NO-EVICT (ON|OFF)',
    '    Protect this connection from client eviction, or not.',
    'SETNAME <name>',
    '    Give this connection a name.',
    'GETNAME',
    '    Reply with the name of this connection.',
    'UNBLOCK <client-id> [TIMEOUT|ERROR]',
    '    End the blocking command of that client, as if it timed out (default) or',
    '    with an error.',
    'GETREDIR',
    '    Reply with the id of the client receiving this connection\'s tracking',
    '    invalidations (-1 when tracking is off).',
  ]);
}

export const client: Family = {
  name: 'client',
  commands: [
    { name: 'client|id', handler: clientId, summary: 'Replies with the unique id of this connection.', complexity: 'O(1)' },
    { name: 'client|getname', handler: clientGetname, summary: 'Replies with the name given to this connection, if any.', complexity: 'O(1)' },
    { name: 'client|setname', handler: clientSetname, summary: 'Names this connection (an empty name removes it).', complexity: 'O(1)' },
    { name: 'client|list', handler: clientList, summary: 'Describes the open connections, one line each, optionally filtered by type or id.', complexity: 'O(N) where N is the number of connections' },
    { name: 'client|info', handler: clientInfo, summary: 'Describes this connection in the CLIENT LIST format.', complexity: 'O(1)' },
    { name: 'client|kill', handler: clientKill, summary: 'Closes the connections matching an address or a set of filters.', complexity: 'O(N) where N is the number of connections' },
    { name: 'client|pause', handler: clientPause, summary: 'Holds back the commands of clients (all, or only writes) for a number of milliseconds.', complexity: 'O(1)' },
    { name: 'client|unpause', handler: clientUnpause, summary: 'Ends a pause and lets the held commands run.', complexity: 'O(N) where N is the number of held clients' },
    { name: 'client|reply', handler: clientReply, summary: 'Turns the replies to this connection on or off, or skips the next one.', complexity: 'O(1)' },
    { name: 'client|no-evict', handler: clientNoEvict, summary: 'Exempts this connection from client eviction, or not.', complexity: 'O(1)' },
    { name: 'client|unblock', handler: clientUnblock, summary: 'Ends the blocking command of another connection with its timeout reply or an error.', complexity: 'O(log N) where N is the number of connections' },
    { name: 'client|help', handler: clientHelp, summary: 'Explains the CLIENT subcommands.', complexity: 'O(1)' },
  ],
  init(server: Server): void {
    server.clientInfo = {
      sub: c => c.subs?.size ?? 0,
      psub: c => c.psubs?.size ?? 0,
      ssub: c => c.ssubs?.size ?? 0,
      multi: c => c.multi ? c.multi.cmds.length : -1,
      multiMem: multiMem,
      redir: c => c.tracking ? c.tracking.redirect : -1,
      flags: familyFlags,
    };
    server.pauseWriteChecks = [];
    // after the RESP2 pub/sub context check (20), before MULTI queueing (50): Redis holds queued writes too
    server.addFilter(40, GATE_PAUSE, pauseFilter);
    server.disconnectHooks.push(c => {
      const p = server.clientPause;
      if (p && c.pausedArgv) { c.pausedArgv = null; const i = p.held.indexOf(c); if (i >= 0) p.held.splice(i, 1); }
    });
    server.shutdownHooks.push(() => { const p = server.clientPause; if (p?.timer) { clearTimeout(p.timer); p.timer = null; } });
  },
};
