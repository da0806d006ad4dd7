/**
 * Client: one connection's state. Family modules that need per-client state
 * (transactions, pub/sub, blocking, tracking) add their fields through module
 * augmentation of this class (`declare module '../server/client.js'`) and
 * keep their logic in their own files.
 */
import type { Socket } from 'node:net';
import { RequestParser, type ProtocolError } from '../protocol/parser.js';
import { ReplyWriter } from '../protocol/writer.js';
import type { Database } from '../db/database.js';
import type { Command } from '../commands/table.js';
import type { Server } from './server.js';
import type { DirectHandle } from './direct-io.js';

export class Client {
  readonly w: ReplyWriter;
  readonly parser: RequestParser;
  db: Database;
  name = '';
  /** Gate bits of this client's states that need the pipeline's filters/hooks (see GATE_* in server.ts). */
  gate = 0;
  user = 'default';
  authenticated: boolean;
  readonly createdAt: number;
  lastInteraction: number;
  /** The command being executed and its arguments. */
  argv: string[] = [];
  cmd: Command | null = null;
  lastCmd: Command | null = null;
  /** Arguments of the last command run (after-command hooks read them). */
  lastArgv: string[] | null = null;
  /** Close once pending replies are written (QUIT, protocol error). */
  closeAfterReply = false;
  /** Closed or closing: no more input is processed. */
  closed = false;
  /** In the server's queue of replies written at the end of the loop turn. */
  writeQueued = false;
  /** Replies have gone through the socket's stream API (writeDirect must then check its buffer). */
  streamed = false;
  /** The socket's handle for direct writes (looked up once: see direct-io.ts handleOf). */
  handle: DirectHandle | null = null;
  /** Processing of further input is suspended (blocked command, paused). */
  suspended = false;
  /** CLIENT REPLY mode. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  /** Library name/version from CLIENT SETINFO (kept for CLIENT LIST). */
  addr: string;
  laddr: string;
  /** Flags shown in CLIENT LIST beyond the derived ones (e.g. 'M' master). */
  extraFlags = '';
  /** Set during a MULTI/EXEC or script: the client on whose behalf commands run. */
  noEvict = false;
  /** Number of input bytes / output bytes, for stats. */
  netIn = 0;
  netOut = 0;
  /** Commands parsed but not run yet, from ahead[aheadPos] on (see Server.processInput). */
  ahead: string[][] | null = null;
  aheadPos = 0;
  /** A protocol error met while parsing ahead, reported once the commands before it have run. */
  aheadError: ProtocolError | null = null;
  /** Whether this is a real connection (false for the fake clients of scripts/AOF). */
  readonly isFake: boolean;

  constructor(readonly id: number, readonly server: Server, readonly socket: Socket | null, db: Database) {
    this.db = db;
    this.w = new ReplyWriter();
    this.parser = new RequestParser({ maxBulk: server.protoMaxBulkLen, authenticated: true }, server.names);
    this.authenticated = !server.requirePassword;
    this.parser.limits.authenticated = this.authenticated;
    this.createdAt = server.now();
    this.lastInteraction = this.createdAt;
    this.isFake = socket === null;
    if (socket) {
      const ra = socket.remoteAddress, la = socket.localAddress;
      this.addr = ra ? `${fmtHost(ra)}:${socket.remotePort}` : (server.unixSocketPath ? `${server.unixSocketPath}:0` : '');
      this.laddr = la ? `${fmtHost(la)}:${socket.localPort}` : (server.unixSocketPath ? `${server.unixSocketPath}:0` : '');
    } else {
      this.addr = '';
      this.laddr = '';
    }
  }

  get resp(): 2 | 3 { return this.w.resp; }
  set resp(v: 2 | 3) { this.w.resp = v; }

  setAuthenticated(v: boolean): void {
    this.authenticated = v;
    this.parser.limits.authenticated = v;
  }

  /** Selects database index i; false when out of range. */
  select(i: number): boolean {
    const db = this.server.dbs[i];
    if (!db) return false;
    this.db = db;
    return true;
  }

  /** Replies with an error. `msg` excludes the leading '-'; "ERR " is added when no code is given. */
  error(msg: string): void {
    this.w.error(msg);
  }
}

function fmtHost(h: string): string {
  if (h.startsWith('::ffff:')) return h.slice(7);
  return h;
}
