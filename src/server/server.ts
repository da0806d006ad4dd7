/**
 * Server: everything one Respite instance owns (no module-level mutable
 * state, so several servers can live in one process). The life of a request:
 *
 *   socket read (into one reused buffer) -> RequestParser.feed ->
 *   processInput: parse the complete commands (a batch, its keys warmed
 *   together), then for each -> processCommand (lookup, arity, auth, the filters that families
 *   register: pub/sub context, MULTI queueing, pauses ...) -> call (handler,
 *   stats, slow log, propagation) -> replies accumulate in the client's
 *   ReplyWriter -> one socket write per client once every readable socket
 *   of the loop turn has been processed (flushQueue, like Redis's beforeSleep).
 */
import { IdleGc } from './idle-gc.js';
import { handleOf, pendingBytes, readDirect, writeDirect, WRITE_DONE, WRITE_FALLBACK } from './direct-io.js';
export * from './gate.js';
import net from 'node:net';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client } from './client.js';
import { Config, ConfigError } from './config.js';
import { DIRECTIVES } from './directives.js';
import { Database, type DbHost } from '../db/database.js';
import { CommandTable, type Command } from '../commands/table.js';
import { NameCache, ProtocolError } from '../protocol/parser.js';
import { FAMILIES } from '../commands/index.js';
import { Logger } from './log.js';
import { Blocking } from './blocking.js';
import { feedMonitors } from './monitor.js';
import { OBUF_DIRECTIVE, overLimit, trackObufConfig, type ClientClass, type ObufLimit } from './obuf.js';
import { notifyDb, NOTIFY_KEY_MISS } from '../db/notify.js';
import { InfoFields } from './info-fields.js';
import { unimplementedDirective } from './known-directives.js';

export const REDIS_VERSION = '7.0.15';
export const RESPITE_VERSION = '0.1.0';

/** A pre-dispatch stage. Returns true when it fully handled (replied to or queued) the command. */
export type Filter = (c: Client, cmd: Command, argv: string[]) => boolean;


export interface SlowlogEntry {
  id: number;
  time: number;
  usec: number;
  argv: string[];
  addr: string;
  name: string;
}

export interface ServerStats {
  keyspaceHits: number;
  keyspaceMisses: number;
  expiredKeys: number;
  evictedKeys: number;
  totalCommands: number;
  totalConnections: number;
  rejectedConnections: number;
  netInput: number;
  netOutput: number;
  expiredStalePerc: number;
  expiredTimeCapReached: number;
  /** errorstats: count per error code (the first word of the reply). */
  errors: Map<string, number>;
  totalErrorReplies: number;
  unexpectedErrorReplies: number;
  clientOutputBufferLimitDisconnections: number;
  clientQueryBufferLimitDisconnections: number;
  /** Socket reads handled / reply writes made (total_reads_processed, total_writes_processed). */
  readsProcessed: number;
  writesProcessed: number;
}

export interface StartOptions {
  [directive: string]: string | number | boolean | string[] | undefined;
}

/** Most commands parsed ahead of execution per batch (see Server.processInput). */
const READ_AHEAD = 32;

/**
 * Whether name, of word's length, is word (lowercase letters) in any case,
 * without making a lowercased copy: setting bit 5 maps an uppercase letter
 * to its lowercase, and only those two characters map to a lowercase letter.
 */
function isWord(name: string, word: string): boolean {
  for (let i = 0; i < word.length; i++) if ((name.charCodeAt(i) | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether running argv may change how the following input must be parsed (limits, authentication). */
function changesParsing(argv: string[]): boolean {
  const n = argv[0];
  switch (n.length) {
    case 4: return isWord(n, 'exec') || isWord(n, 'auth');
    case 5: return isWord(n, 'reset') || isWord(n, 'hello');
    case 6: return isWord(n, 'config');
    default: return false;
  }
}

export class Server implements DbHost {
  readonly config: Config;
  readonly commands: CommandTable;
  dbs: Database[] = [];
  readonly clients = new Map<number, Client>();
  readonly log: Logger;
  private nextClientId = 1;
  private listeners: net.Server[] = [];
  private filters: { prio: number; fn: Filter; gate: number }[] = [];
  /** Server-wide gate bits (see GATE_*). */
  gate = 0;
  private pendingFlush = new Set<Client>();
  /**
   * Clients whose replies wait for the end of this loop turn. Writing every
   * reply of a turn in one burst after all reads (Redis's beforeSleep) lets
   * a peer that serves many connections, like a load generator, be woken
   * once per burst instead of once per reply.
   */
  private writeQueue: (Client | null)[] = [];
  private writeQueueLen = 0;
  /** Where sockets' reads land (see readDirect): each read is processed before the next one overwrites it. */
  private readonly readBuf = Buffer.allocUnsafe(65536);
  private writeQueueSpare: (Client | null)[] = [];
  private flushScheduled = false;
  private readonly flushPendingFn = (): void => this.flushPending();
  private cronTimer: NodeJS.Timeout | null = null;
  /** Idle-time heap trimming (standalone server; see idle-gc.ts), checked once a second from cron. */
  idleGc: IdleGc | null = null;
  private lastIdleGcCheck = 0;
  private cachedNow = Date.now();
  /** performance.now() at the end of the last top-level command (or the start of the current batch). */
  lastClock = 0;
  /** Shared cache of command-name spellings for all clients' parsers. */
  readonly names = new NameCache();
  readonly startTime = Date.now();
  readonly runId: string;
  stats: ServerStats = Server.freshStats();
  /** Write operations since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  lastSave = Math.floor(Date.now() / 1000);
  slowlog: SlowlogEntry[] = [];
  slowlogNextId = 0;
  /** Hot settings mirrored from config. */
  protoMaxBulkLen = 512 * 1024 * 1024;
  queryBufferLimit = 1024 * 1024 * 1024;
  requirePassword = '';
  maxClients = 10000;
  idleTimeout = 0;
  slowlogSlower = 10000;
  slowlogMax = 128;
  hz = 10;
  obufLimits!: Record<ClientClass, ObufLimit>;
  port = 0;
  host = '127.0.0.1';
  unixSocketPath = '';
  shuttingDown = false;
  /** Hooks run at shutdown (persistence, replication ...). */
  readonly shutdownHooks: (() => void | Promise<void>)[] = [];
  /** Hooks run by CONFIG RESETSTAT: families zero their own INFO counters. */
  readonly resetStatsHooks: (() => void)[] = [];
  /** Extra INFO fields and sections families contribute (see commands/info.ts). */
  readonly infoFields = new InfoFields();
  /** Hooks run on every server cron tick. */
  readonly cronHooks: (() => void)[] = [];
  /** Called when a key changes (WATCH, tracking ...) while their key-signal bit is set: see addKeyHook. */
  private keyHooks: { fn: (db: Database, key: string) => void; bit: number }[] = [];
  /** Key-signal bits of the hooks that currently need calls (gate.ts KEY_*). */
  keySignals = 0;
  /**
   * Called before FLUSHDB (the database) or FLUSHALL (null) empties keyspaces
   * without signalling each key (WATCH, client tracking ...).
   */
  readonly flushHooks: ((db: Database | null) => void)[] = [];
  /** Called after SWAPDB exchanged the contents of two databases (WATCH, tracking ...). */
  readonly swapHooks: ((a: Database, b: Database) => void)[] = [];
  /** Called when a key was deleted by expiry. */
  readonly expiredHooks: ((db: Database, key: string) => void)[] = [];
  /** Called when a key some client may block on received data. */
  readonly readyHooks: ((db: Database, key: string) => void)[] = [];
  /** Called after a command ran while their gate bit is set (blocking wakeups, tracking ...): see addAfterCommand. */
  private afterCommandHooks: { fn: (c: Client) => void; gate: number }[] = [];
  /**
   * Depth whose calls take their start time from the end of the previous
   * call (EXEC runs its queue back to back: one clock read per command);
   * -1 when only top-level calls chain.
   */
  chainDepth = -1;
  /** Called by RESET to clear a family's per-client state. */
  readonly resetHooks: ((c: Client) => void)[] = [];
  /** Called when a client disconnects. */
  readonly disconnectHooks: ((c: Client) => void)[] = [];
  /** Whether lazy/active expiry may delete keys. */
  expiryEnabled = true;
  activeExpireEnabled = true;
  /** Keyspace notification classes enabled (bit mask, see notify.ts). */
  notifyFlags = 0;
  /** Publishes a keyspace notification; set by the pub/sub module. */
  publishNotification: ((channel: string, message: string) => void) | null = null;
  /** The config file given at start-up (CONFIG REWRITE writes it), or null. */
  configFile: string | null = null;
  /** Clients in MONITOR mode. */
  readonly monitors = new Set<Client>();
  /** Blocked clients and their keys. */
  readonly blocking: Blocking;
  /** The client whose command is running (NOLOOP tracking, propagation). */
  currentClient: Client | null = null;
  /** Replication role as INFO / HELLO report it. */
  role: 'master' | 'replica' = 'master';
  clusterEnabled = false;
  /** Rejects a protected command (DEBUG when not enabled); consulted before NOAUTH, filters do it otherwise. */
  protectedCheck: ((c: Client, cmd: Command) => boolean) | null = null;
  /** Observes every executed command's duration (latency monitor, LATENCY HISTOGRAM); set by the server family. */
  callTimed: ((cmd: Command, usec: number) => void) | null = null;
  /** Nesting depth of command execution (MULTI/EXEC, scripts call() inside call()). */
  callDepth = 0;

  static freshStats(): ServerStats {
    return {
      keyspaceHits: 0, keyspaceMisses: 0, expiredKeys: 0, evictedKeys: 0,
      totalCommands: 0, totalConnections: 0, rejectedConnections: 0,
      netInput: 0, netOutput: 0, expiredStalePerc: 0, expiredTimeCapReached: 0,
      errors: new Map(), totalErrorReplies: 0, unexpectedErrorReplies: 0,
      clientOutputBufferLimitDisconnections: 0, clientQueryBufferLimitDisconnections: 0,
      readsProcessed: 0, writesProcessed: 0,
    };
  }

  constructor(config: Config) {
    this.config = config;
    this.log = new Logger(config);
    this.runId = Array.from({ length: 40 }, () => '0123456789abcdef'[(Math.random() * 16) | 0]).join('');
    this.blocking = new Blocking(this);
    const defs = FAMILIES.flatMap(f => f.commands);
    this.commands = new CommandTable(defs);
    const n = config.getInt('databases');
    for (let i = 0; i < n; i++) this.dbs.push(new Database(i, this));
    config.onChange('proto-max-bulk-len', v => { this.protoMaxBulkLen = Number(v); for (const c of this.clients.values()) c.parser.limits.maxBulk = this.protoMaxBulkLen; });
    config.onChange('client-query-buffer-limit', v => { this.queryBufferLimit = Number(v); });
    config.onChange('requirepass', v => { this.requirePassword = v; });
    config.onChange('maxclients', v => { this.maxClients = Number(v); });
    config.onChange('timeout', v => { this.idleTimeout = Number(v); });
    config.onChange('slowlog-log-slower-than', v => { this.slowlogSlower = Number(v); });
    config.onChange('slowlog-max-len', v => { this.slowlogMax = Number(v); if (this.slowlog.length > this.slowlogMax) this.slowlog.length = this.slowlogMax; });
    config.onChange('hz', v => { this.hz = Math.min(500, Math.max(1, Number(v))); this.scheduleCron(); });
    config.onChange('client-output-buffer-limit', v => { this.obufLimits = trackObufConfig(v); });
    config.onChange('tcp-keepalive', v => { for (const c of this.clients.values()) applyKeepAlive(c, Number(v)); });
    for (const f of FAMILIES) f.init?.(this);
  }

  // ---- DbHost ----------------------------------------------------------

  now(): number { return this.cachedNow; }
  refreshClock(): number { return (this.cachedNow = Date.now()); }
  keyModified(db: Database, key: string): void {
    this.dirty++;
    const sig = this.keySignals;
    if (sig === 0) return;
    const h = this.keyHooks;
    for (let i = 0; i < h.length; i++) if ((h[i].bit & sig) !== 0) h[i].fn(db, key);
  }
  keyExpired(db: Database, key: string): void {
    for (const h of this.expiredHooks) h(db, key);
    this.keyModified(db, key);
  }
  keyMiss(db: Database, key: string): void {
    if (this.notifyFlags & NOTIFY_KEY_MISS) notifyDb(this, NOTIFY_KEY_MISS, 'keymiss', key, db.id);
  }
  keyReady(db: Database, key: string): void {
    const h = this.readyHooks;
    for (let i = 0; i < h.length; i++) h[i](db, key);
  }
  expireAllowed(): boolean { return this.expiryEnabled; }

  // ---- pipeline --------------------------------------------------------

  /** Registers a pre-dispatch stage, run while a gate bit of `gate` is set (see gate.ts); lower prio runs first. */
  addFilter(prio: number, gate: number, fn: Filter): void {
    this.filters.push({ prio, fn, gate });
    this.filters.sort((a, b) => a.prio - b.prio);
  }

  /** Registers a hook on key changes (writes, deletions, expiry), called while `bit` is set in keySignals. */
  addKeyHook(bit: number, fn: (db: Database, key: string) => void): void {
    this.keyHooks.push({ fn, bit });
  }

  /** Sets or clears a key-signal bit: its owner calls this whenever its hook starts or stops being needed. */
  setKeySignal(bit: number, active: boolean): void {
    this.keySignals = active ? this.keySignals | bit : this.keySignals & ~bit;
  }

  /** Registers an after-command hook, run while a gate bit of `gate` is set. */
  addAfterCommand(gate: number, fn: (c: Client) => void): void {
    this.afterCommandHooks.push({ fn, gate });
  }

  /**
   * Handles every complete command buffered for c, unless it is suspended.
   * Commands are parsed a batch at a time (all complete ones in the buffer,
   * up to READ_AHEAD) into c.ahead, so the keyspace can warm the keys of the
   * whole batch at once (Database.prefetchArgs: their cache misses overlap);
   * then they run one by one, in order. A protocol error met while parsing
   * ahead is held until the commands before it have run, as if parsed late.
   */
  processInput(c: Client): void {
    while (!c.suspended && !c.closed && !c.closeAfterReply) {
      let argv: string[] | null;
      const q = c.ahead;
      if (q !== null) {
        argv = q[c.aheadPos++];
        if (c.aheadPos === q.length) { c.ahead = null; c.aheadPos = 0; }
      } else {
        if (c.aheadError !== null) {
          const e = c.aheadError;
          c.aheadError = null;
          this.protocolError(c, e);
          break;
        }
        try {
          argv = c.parser.next();
        } catch (e) {
          if (!(e instanceof ProtocolError)) throw e;
          this.protocolError(c, e);
          break;
        }
        if (argv === null) break;
        // more input buffered: parse the batch (the parser's limits depend on
        // authentication and on config values: stop after a command that may change them)
        if (c.parser.buffered !== 0 && c.authenticated && !changesParsing(argv)) this.readAhead(c, argv);
      }
      this.processCommand(c, argv);
      if (!c.suspended) this.endRequest(c);
    }
  }

  /**
   * Parses the complete commands buffered after `first` (about to run) while
   * parsing them early cannot differ from parsing them late, into a new
   * c.ahead (first included, already taken), and warms their keys. A protocol
   * error is held in c.aheadError.
   */
  private readAhead(c: Client, first: string[]): void {
    let q: string[][] | null = null;
    let argv = first;
    do {
      let next: string[] | null;
      try {
        next = c.parser.next();
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        c.aheadError = e;
        break;
      }
      if (next === null) break;
      if (q === null) q = [first]; // a fresh (young) array: storing into it costs no write barrier work
      q.push(next);
      argv = next;
    } while (q.length < READ_AHEAD && !changesParsing(argv));
    if (q === null) return;
    c.ahead = q;
    c.aheadPos = 1;
    c.db.prefetchArgs(q, 1);
    this.warmMembers(c.db, q);
  }

  /**
   * For each run of queued commands that look up members of one collection
   * (same command, same key: HSET, SADD, ZSCORE ... see CommandDef.warm),
   * lets the collection warm those members together.
   */
  private warmMembers(db: Database, q: string[][]): void {
    let i = 0;
    while (i < q.length) {
      const a = q[i];
      let j = i + 1;
      // only a run of at least two commands with one name and key can use it
      if (j < q.length && a.length > 2 && q[j][0] === a[0] && q[j][1] === a[1]) {
        const w = this.commands.lookup(a[0])?.warm ?? 0;
        if (w !== 0 && a.length > w) {
          while (j < q.length && q[j][0] === a[0] && q[j][1] === a[1] && q[j].length > w) j++;
          if (j - i > 1) {
            const v = db.peekRaw(a[1]);
            if (v !== undefined && typeof v !== 'string' && v.warm !== undefined) v.warm(q, w, i, j);
          }
        } else {
          while (j < q.length && q[j][0] === a[0] && q[j][1] === a[1]) j++;
        }
      }
      i = j;
    }
  }

  private protocolError(c: Client, e: ProtocolError): void {
    this.log.verbose(`Protocol error (${e.message}) from client: ${this.clientDesc(c)}`);
    c.w.error('ERR ' + e.message);
    this.countError('ERR');
    c.closeAfterReply = true;
  }

  clientDesc(c: Client): string {
    return `id=${c.id} addr=${c.addr} laddr=${c.laddr} name=${c.name}`;
  }

  /** Looks up, checks and runs one command for a client. */
  processCommand(c: Client, argv: string[]): void {
    c.lastInteraction = this.cachedNow;
    let cmd = this.commands.lookup(argv[0]);
    if (cmd === undefined) {
      c.lastCmd = null;
      let args = '';
      for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${argv[i].slice(0, 128 - args.length)}' `;
      this.reject(c, null, `ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`);
      return;
    }
    if (cmd.subcommands !== null && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1].toLowerCase());
      if (sub === undefined || sub.handler === null) {
        c.lastCmd = null;
        this.reject(c, null, `ERR unknown subcommand '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`);
        return;
      }
      cmd = sub;
    }
    // CLIENT LIST's cmd= shows the command looked up, even when it is then rejected (Redis's lastcmd)
    c.lastCmd = cmd;
    const ar = cmd.arity;
    if ((ar > 0 && argv.length !== ar) || argv.length < -ar) {
      this.reject(c, cmd, `ERR wrong number of arguments for '${cmd.fullName}' command`);
      return;
    }
    if (!c.authenticated && !cmd.noAuth) {
      // Redis refuses protected commands (DEBUG) before asking for authentication
      if (this.protectedCheck !== null && this.protectedCheck(c, cmd)) return;
      this.reject(c, cmd, 'NOAUTH Authentication required.');
      return;
    }
    if (cmd.guard !== null && cmd.guard(c, cmd, argv)) return;
    const g = this.gate | c.gate;
    if (g !== 0) {
      const f = this.filters;
      for (let i = 0; i < f.length; i++) if ((f[i].gate & g) !== 0 && f[i].fn(c, cmd, argv)) return;
    }
    this.call(c, cmd, argv);
  }

  /** Rejects a command before execution (counted as rejected, flags an open transaction). */
  reject(c: Client, cmd: Command | null, msg: string): void {
    if (cmd) cmd.stats.rejected++;
    c.w.error(msg);
    this.countError(errorCode(msg));
    for (const h of this.rejectHooks) h(c);
  }
  /** Called when a command is rejected before running (MULTI marks the transaction dirty). */
  readonly rejectHooks: ((c: Client) => void)[] = [];

  countError(code: string): void {
    this.stats.totalErrorReplies++;
    const m = this.stats.errors;
    if (m.size >= 128 && !m.has(code)) return;
    m.set(code, (m.get(code) ?? 0) + 1);
  }

  /** Runs a command: the single path used by clients, MULTI/EXEC, scripts and replay. */
  call(c: Client, cmd: Command, argv: string[]): void {
    // Monitors see a command after it ran (SELECT shows the new db, EXEC
    // follows its commands), except scripts, shown before what they run.
    const monitored = this.monitors.size > 0;
    if (monitored && cmd.isScript) feedMonitors(this.monitors, c, cmd, argv, Math.floor((performance.timeOrigin + performance.now()) * 1000));
    const prevArgv = c.argv, prevCmd = c.cmd, prevClient = this.currentClient;
    this.currentClient = c;
    c.argv = argv;
    c.cmd = cmd;
    const w = c.w;
    const errsBefore = w.errorCount;
    // At top level (and inside EXEC), the end of the previous command (or the
    // start of the batch) is this command's start: one clock read per command.
    const depth = this.callDepth;
    const t0 = depth === 0 || depth === this.chainDepth ? this.lastClock : performance.now();
    this.callDepth++;
    try {
      (cmd.handler as NonNullable<Command['handler']>)(c, argv);
    } catch (e) {
      this.handlerFailed(c, cmd, e);
    }
    this.callDepth--;
    const t1 = performance.now();
    this.lastClock = t1;
    const usec = Math.round((t1 - t0) * 1000);
    const st = cmd.stats;
    st.calls++;
    st.usec += usec;
    this.stats.totalCommands++;
    if (w.errorCount !== errsBefore) {
      st.failed++;
      this.countError(errorCode(w.lastError));
    }
    if (usec >= this.slowlogSlower && this.slowlogSlower >= 0 && !cmd.flags.has('skip_slowlog')) this.addSlowlog(c, argv, usec);
    if (this.callTimed !== null && !c.blocked) this.callTimed(cmd, usec);
    c.lastCmd = cmd;
    c.lastArgv = argv;
    if (monitored && !cmd.isScript && this.monitors.size > 0) feedMonitors(this.monitors, c, cmd, argv, Math.floor((performance.timeOrigin + performance.now()) * 1000));
    const g = this.gate | c.gate;
    if (g !== 0) {
      const h = this.afterCommandHooks;
      for (let i = 0; i < h.length; i++) if ((h[i].gate & g) !== 0) h[i].fn(c);
    }
    c.argv = prevArgv;
    c.cmd = prevCmd;
    this.currentClient = prevClient;
  }

  /** An exception escaped a handler: an error reply and a log line, the server goes on. */
  private handlerFailed(c: Client, cmd: Command, e: unknown): void {
    this.log.warning(`Unexpected error in command '${cmd.fullName}': ${(e as Error)?.stack ?? e}`);
    c.w.error(`ERR internal error while executing '${cmd.fullName}': ${(e as Error)?.message ?? e}`);
    this.stats.unexpectedErrorReplies++;
  }

  /**
   * Per-request reset once a client's command is done (replied, rejected or
   * queued; not while it is blocked or paused: then at resume()). CLIENT
   * REPLY SKIP leaves replyMode 'skip' with the writer still enabled (armed);
   * here the skip takes effect for exactly the next command, then ends.
   */
  endRequest(c: Client): void {
    if (c.replyMode !== 'skip') return;
    if (c.w.enabled) c.w.enabled = false;
    else { c.replyMode = 'on'; c.w.enabled = true; }
  }

  private addSlowlog(c: Client, argv: string[], usec: number): void {
    if (this.slowlogMax === 0) return;
    const max = 32;
    const args: string[] = [];
    const n = Math.min(argv.length, argv.length > max ? max - 1 : max);
    for (let i = 0; i < n; i++) {
      const a = argv[i];
      args.push(a.length > 128 ? a.slice(0, 128) + `... (${a.length - 128} more bytes)` : a);
    }
    if (argv.length > max) args.push(`... (${argv.length - max + 1} more arguments)`);
    this.slowlog.unshift({ id: this.slowlogNextId++, time: Math.floor(this.now() / 1000), usec, argv: args, addr: c.addr, name: c.name });
    if (this.slowlog.length > this.slowlogMax) this.slowlog.length = this.slowlogMax;
  }

  /** Sends what a client has pending (called after its input is processed). */
  flush(c: Client): void {
    if (c.socket === null || c.closed) {
      c.w.take();
    } else if (c.w.pending !== 0) {
      // the batch goes out from the writer's own scratch when the kernel takes it at once
      const chunks = c.w.takeView() as Buffer[];
      const s = c.socket;
      let bytes = 0;
      for (let i = 0; i < chunks.length; i++) bytes += chunks[i].length;
      const res = writeDirect(s, chunks, c.streamed, c.handle);
      if (res === WRITE_FALLBACK) {
        c.streamed = true;
        if (chunks.length === 1) s.write(chunks[0]);
        else {
          s.cork();
          for (const ch of chunks) s.write(ch);
          s.uncork();
        }
      }
      c.w.release(res !== WRITE_DONE);
      c.netOut += bytes;
      this.stats.writesProcessed++;
      this.stats.netOutput += bytes;
      // (a write the kernel took at once left nothing pending)
      if (res !== WRITE_DONE && pendingBytes(s) > 0 && overLimit(this, c, this.obufLimits)) {
        this.log.warning(`Client ${this.clientDesc(c)} scheduled to be closed ASAP for overcoming of output buffer limits.`);
        this.stats.clientOutputBufferLimitDisconnections++;
        this.closeClient(c, false);
        return;
      }
    }
    if (c.closeAfterReply && !c.closed) this.closeClient(c, true);
  }

  /** Marks a client whose replies were produced outside its own input handling (wakeups, pub/sub). */
  flushLater(c: Client): void {
    if (c.isFake) return;
    this.pendingFlush.add(c);
    this.scheduleFlush();
  }

  /** Queues the write of a client's replies for the end of this loop turn. */
  private flushAtTurnEnd(c: Client): void {
    if (c.writeQueued) return;
    c.writeQueued = true;
    this.writeQueue[this.writeQueueLen++] = c;
    this.scheduleFlush();
  }

  private flushQueue(): void {
    const q = this.writeQueue, n = this.writeQueueLen;
    if (n === 0) return;
    // two arrays take turns: a flush may queue a client again (not in this one);
    // entries are cleared one by one (setting an array's length is a slow runtime call)
    this.writeQueue = this.writeQueueSpare;
    this.writeQueueLen = 0;
    for (let i = 0; i < n; i++) {
      const c = q[i] as Client;
      q[i] = null;
      c.writeQueued = false;
      this.flush(c);
    }
    this.writeQueueSpare = q;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After every socket event of this loop turn (like Redis's beforeSleep), so
    // a subscriber receiving many messages in one turn gets them in one write.
    setImmediate(this.flushPendingFn);
  }

  private flushPending(): void {
    this.flushScheduled = false;
    this.flushQueue();
    if (this.pendingFlush.size === 0) return;
    this.refreshClock();
    this.lastClock = performance.now();
    const list = [...this.pendingFlush];
    this.pendingFlush.clear();
    for (const c of list) {
      if (!c.suspended && !c.closed) this.processInput(c);
      this.flush(c);
    }
  }

  /** Resumes a suspended client (e.g. unblocked): runs its buffered commands. */
  resume(c: Client): void {
    c.suspended = false;
    this.endRequest(c);
    this.flushLater(c);
  }

  /** Creates a client without a socket (scripts, AOF replay, tests). */
  createFakeClient(): Client {
    return new Client(0, this, null, this.dbs[0]);
  }

  // ---- connections -----------------------------------------------------

  private accept(socket: net.Socket): void {
    if (this.shuttingDown) { socket.destroy(); return; }
    this.stats.totalConnections++;
    if (this.clients.size >= this.maxClients) {
      this.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    socket.setNoDelay(true);
    const c = new Client(this.nextClientId++, this, socket, this.dbs[0]);
    applyKeepAlive(c, this.config.getInt('tcp-keepalive'));
    this.clients.set(c.id, c);
    const onData = (chunk: Buffer): void => this.onData(c, chunk);
    if (!readDirect(socket, onData, this.readBuf)) socket.on('data', onData);
    c.handle = handleOf(socket);
    socket.on('error', () => { /* reported through close */ });
    socket.on('close', () => this.closeClient(c, false));
  }

  private onData(c: Client, chunk: Buffer): void {
    if (c.closed) return;
    c.netIn += chunk.length;
    this.stats.netInput += chunk.length;
    this.stats.readsProcessed++;
    c.parser.feed(chunk);
    this.refreshClock();
    this.lastClock = performance.now();
    if (c.parser.buffered > this.queryBufferLimit) {
      this.log.warning(`Closing client that reached max query buffer length: ${this.clientDesc(c)} qbuf=${c.parser.buffered}`);
      this.stats.clientQueryBufferLimitDisconnections++;
      this.closeClient(c, false);
      return;
    }
    try {
      this.processInput(c);
    } catch (e) {
      // A bug outside any command handler: never let one client take the server down.
      this.log.warning(`Internal error while processing input from ${this.clientDesc(c)}: ${(e as Error)?.stack ?? e}`);
      this.closeClient(c, false);
      return;
    }
    c.parser.release(chunk); // the chunk may be the shared read buffer
    this.flushAtTurnEnd(c);
  }

  /** Closes a client; with graceful, pending output is written first. */
  closeClient(c: Client, graceful: boolean): void {
    if (c.closed) return;
    c.closed = true;
    this.clients.delete(c.id);
    for (const h of this.disconnectHooks) h(c);
    this.pendingFlush.delete(c);
    if (c.socket) {
      if (graceful) c.socket.end(); else c.socket.destroy();
    }
  }

  // ---- cron: active expiry, idle timeouts, family hooks -----------------

  private scheduleCron(): void {
    if (this.cronTimer === null && this.listeners.length === 0) return;
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.cronTimer = setInterval(() => this.cron(), Math.floor(1000 / this.hz));
    this.cronTimer.unref();
  }

  private cron(): void {
    this.refreshClock();
    if (this.idleGc !== null && this.cachedNow - this.lastIdleGcCheck >= 1000) {
      this.lastIdleGcCheck = this.cachedNow;
      if (this.idleGc.tick(this.stats.totalCommands)) this.log.verbose('Idle: heap trimmed by a full collection');
    }
    if (this.activeExpireEnabled && this.expiryEnabled) this.activeExpireCycle();
    if (this.idleTimeout > 0) {
      const limit = this.now() - this.idleTimeout * 1000;
      for (const c of this.clients.values()) {
        if (c.lastInteraction < limit && !c.suspended && !this.isExempt(c)) this.closeClient(c, false);
      }
    }
    for (const h of this.cronHooks) h();
  }

  /** Clients exempt from the idle timeout (blocked, subscribed, replicas); families extend this. */
  readonly timeoutExempt: ((c: Client) => boolean)[] = [];
  private isExempt(c: Client): boolean {
    for (const f of this.timeoutExempt) if (f(c)) return true;
    return false;
  }

  /**
   * Active expiry, shaped like Redis's: sample 20 volatile keys per database,
   * delete the expired ones, repeat while more than 10% of a sample was
   * expired, and stop after 25% of a cron period.
   */
  activeExpireCycle(): void {
    const budgetMs = (1000 / this.hz) * 0.25;
    const start = performance.now();
    const now = this.now();
    let sampled = 0, expired = 0;
    const dbs = this.dbs, ndb = dbs.length;
    // round robin over databases, so one busy database cannot starve the others
    for (let j = 0; j < ndb; j++) {
      const idx = (this.expireDbNext + j) % ndb;
      const db = dbs[idx];
      for (;;) {
        const ex = db.expires;
        if (ex.size === 0) break;
        let found = 0;
        const n = Math.min(20, ex.size);
        for (let i = 0; i < n; i++) {
          const s = ex.randomSlot();
          if (s === -1) break;
          sampled++;
          if ((ex.valAt(s) as number) <= now) {
            db.expireIfNeeded(ex.keyAt(s) as string);
            found++;
          }
        }
        expired += found;
        if (performance.now() - start > budgetMs) {
          this.expireDbNext = (idx + 1) % ndb;
          this.stats.expiredTimeCapReached++;
          this.stats.expiredStalePerc = sampled ? expired / sampled : 0;
          return;
        }
        if (found * 10 <= n) break;
      }
    }
    this.stats.expiredStalePerc = sampled ? expired / sampled : 0;
  }
  /** Database where the next active expiry cycle starts. */
  private expireDbNext = 0;

  // ---- start / stop ----------------------------------------------------

  async listen(): Promise<void> {
    const port = this.config.getInt('port');
    this.unixSocketPath = this.config.get('unixsocket');
    if (port !== 0 || this.unixSocketPath === '') {
      this.tcpListeners = await this.openTcp();
      this.listeners.push(...this.tcpListeners);
    }
    if (this.unixSocketPath) {
      try { fs.unlinkSync(this.unixSocketPath); } catch { /* not there */ }
      const srv = net.createServer(s => this.accept(s));
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(this.unixSocketPath, () => { srv.off('error', reject); resolve(); });
      });
      const perm = parseInt(this.config.get('unixsocketperm'), 8);
      if (perm) fs.chmodSync(this.unixSocketPath, perm);
      this.listeners.push(srv);
    }
    this.cronTimer = setInterval(() => this.cron(), Math.floor(1000 / this.hz));
    this.cronTimer.unref();
  }

  private tcpListeners: net.Server[] = [];

  /** Opens the TCP listeners for the configured port and bind addresses; on failure closes what it opened and throws. */
  private async openTcp(): Promise<net.Server[]> {
    const port = this.config.getInt('port');
    const binds = this.config.get('bind').split(/\s+/).filter(Boolean);
    const addrs = binds.length === 0 || binds.includes('*') ? ['127.0.0.1'] : binds.filter(b => b !== '-::*').map(b => b.replace(/^-/, ''));
    const opened: net.Server[] = [];
    let boundPort = port, host = this.host;
    try {
      for (const a of addrs) {
        const srv = net.createServer(s => this.accept(s));
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port: opened.length === 0 ? port : boundPort, host: a, backlog: this.config.getInt('tcp-backlog') }, () => { srv.off('error', reject); resolve(); });
        });
        const ad = srv.address() as net.AddressInfo;
        if (opened.length === 0) { boundPort = ad.port; host = ad.address; }
        opened.push(srv);
      }
    } catch (e) {
      await Promise.all(opened.map(l => new Promise<void>(r => l.close(() => r()))));
      throw e;
    }
    if (opened.length > 0) { this.port = boundPort; this.host = host; }
    return opened;
  }

  /**
   * CONFIG SET port / bind: opens the new TCP listeners, then closes the old
   * ones (connected clients stay). On failure the old listeners stay and the
   * error is thrown.
   */
  async relistenTcp(): Promise<void> {
    if (this.listeners.length === 0 || this.shuttingDown) return;
    const old = this.tcpListeners;
    const fresh = await this.openTcp();
    this.tcpListeners = fresh;
    this.listeners = [...this.listeners.filter(l => !old.includes(l)), ...fresh];
    // close() stops accepting at once; its callback would wait for the connected clients.
    for (const l of old) l.close();
  }

  /** Stops listening, closes every client and runs shutdown hooks. */
  async close(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.cronTimer = null;
    for (const h of this.shutdownHooks) await h();
    for (const c of [...this.clients.values()]) { this.flush(c); this.closeClient(c, false); }
    await Promise.all(this.listeners.map(l => new Promise<void>(r => l.close(() => r()))));
    this.listeners = [];
    if (this.unixSocketPath) { try { fs.unlinkSync(this.unixSocketPath); } catch { /* gone */ } }
  }

  /** Set by the CLI: what SHUTDOWN / signals do after close() (exit the process). */
  onShutdown: (() => void) | null = null;
}

export function errorCode(msg: string): string {
  const sp = msg.indexOf(' ');
  return sp === -1 ? msg : msg.slice(0, sp);
}

function applyKeepAlive(c: Client, secs: number): void {
  if (!c.socket) return;
  if (secs > 0) c.socket.setKeepAlive(true, secs * 1000); else c.socket.setKeepAlive(false);
}

/** Builds a Config from startServer() options ({ port: 0, requirepass: 'x', ... }). */
/** Every directive: the server's own and each family's. */
export function allDirectives() {
  return [...DIRECTIVES, OBUF_DIRECTIVE, ...FAMILIES.flatMap(f => f.directives ?? [])];
}

export function configFromOptions(opts: StartOptions): Config {
  const cfg = new Config(allDirectives());
  for (const [k, v] of Object.entries(opts)) {
    if (v === undefined) continue;
    const name = k.replace(/[A-Z]/g, m => '-' + m.toLowerCase());
    const args = Array.isArray(v) ? v.map(String) : [typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)];
    const d = cfg.resolve(name);
    if (!d) {
      // Redis directives Respite does not implement: harmless ones are ignored, the others refused with the reason.
      const verdict = unimplementedDirective(name, args);
      if (verdict === 'ignore') continue;
      throw new ConfigError(verdict === null ? `Unknown directive '${name}'` : `${name}: ${verdict}`);
    }
    cfg.set(name, args);
  }
  return cfg;
}

export interface RunningServer {
  port: number;
  host: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts a server (the embedding API). `port: 0` picks a free port. */
export async function startServer(opts: StartOptions & { idleGc?: boolean } = {}): Promise<RunningServer> {
  const { idleGc, ...directives } = opts;
  const cfg = configFromOptions({ port: 6379, ...directives });
  const server = new Server(cfg);
  if (idleGc === true) server.idleGc = new IdleGc();
  await server.listen();
  return { port: server.port, host: server.host, server, close: () => server.close() };
}
