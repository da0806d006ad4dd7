/**
 * Client-side caching: CLIENT TRACKING, CLIENT CACHING, CLIENT GETREDIR,
 * CLIENT TRACKINGINFO, and the invalidation messages.
 *
 * Default mode: after a read-only command of a tracking client, its keys are
 * remembered in `table` (key -> ids of clients that may cache it). When the
 * key changes (server.addKeyHook: writes, deletions, expiry) each of those
 * clients gets an invalidation and the key leaves the table.
 * BCAST mode: clients register prefixes; a changed key matching a prefix is
 * queued on that prefix and sent, batched, when the current batch of work
 * ends. Delivery: a RESP3 push ["invalidate", [keys]] on the connection, or a
 * Pub/Sub message on __redis__:invalidate to the REDIRECT client (RESP2).
 * FLUSHDB/FLUSHALL send a null invalidation to every tracking client.
 */
import { GATE_TRACKING, KEY_TRACKING } from '../server/gate.js';
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { encode } from './pubsub.js';

interface TrackingState {
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  redirect: number;
  prefixes: string[];
  /** CLIENT CACHING yes/no for the next command (OPTIN/OPTOUT). */
  caching: 'yes' | 'no' | null;
  /** The caching flag applies to the command after CLIENT CACHING only. */
  cachingArmed: boolean;
  brokenRedirect: boolean;
}

declare module '../server/client.js' {
  interface Client {
    tracking?: TrackingState | null;
  }
}

declare module '../server/server.js' {
  interface Server {
    tracking: Tracking;
  }
}

const CHANNEL = '__redis__:invalidate';

export class Tracking {
  /** key -> ids of the clients that read it. */
  readonly table = new Map<string, Set<number>>();
  /** prefix -> { clients, keys changed since the last flush (with who changed them) } */
  readonly prefixes = new Map<string, { clients: Set<Client>; pending: Map<string, Client | null> }>();
  clients = 0;
  maxKeys = 1000000;
  private flushQueued = false;

  constructor(private readonly server: Server) {}

  get totalItems(): number {
    let n = 0;
    for (const s of this.table.values()) n += s.size;
    return n;
  }

  /** Keeps KEY_TRACKING set while key changes matter: a tracking client, or keys still remembered. */
  private sync(): void {
    this.server.setKeySignal(KEY_TRACKING, this.clients > 0 || this.table.size > 0);
  }

  /** Sends an invalidation of `keys` (null: everything) to client c, honouring its redirect. */
  send(c: Client, keys: string[] | null): void {
    const t = c.tracking;
    if (!t) return;
    let target = c;
    let redirected = false;
    if (t.redirect) {
      const r = this.server.clients.get(t.redirect);
      if (!r) {
        t.brokenRedirect = true;
        if (c.resp === 3) {
          c.w.push(2);
          c.w.bulk('tracking-redir-broken');
          c.w.int(t.redirect);
          this.server.flushLater(c);
        }
        return;
      }
      target = r;
      redirected = true;
    }
    const w = target.w;
    if (target.resp === 3) {
      w.push(2);
      w.bulk('invalidate');
    } else if (redirected && (target.subs?.size || target.psubs?.size)) {
      w.array(3);
      w.bulk('message');
      w.bulk(CHANNEL);
    } else {
      return;
    }
    if (keys === null) w.nullBulk();
    else w.bulkArray(keys);
    this.server.flushLater(target);
  }

  /** After a read-only command: remember its keys for a default-mode tracking client. */
  remember(c: Client, keys: string[]): void {
    const t = c.tracking;
    if (!t || t.bcast) return;
    if (t.optin && t.caching !== 'yes') return;
    if (t.optout && t.caching === 'no') return;
    for (const k of keys) {
      let s = this.table.get(k);
      if (!s) { s = new Set(); this.table.set(k, s); }
      s.add(c.id);
    }
    if (this.table.size > this.maxKeys) this.evict();
    this.sync();
  }

  /** A key changed: invalidate it for its readers and queue it for matching BCAST prefixes. */
  invalidate(key: string, by: Client | null): void {
    const ids = this.table.get(key);
    if (ids) {
      this.table.delete(key);
      if (this.table.size === 0) this.sync();
      for (const id of ids) {
        const c = this.server.clients.get(id);
        if (!c || !c.tracking || c.tracking.bcast) continue;
        if (c.tracking.noloop && c === by) continue;
        this.send(c, [key]);
      }
    }
    if (this.prefixes.size > 0) {
      for (const [p, e] of this.prefixes) {
        if (key.startsWith(p)) e.pending.set(key, by);
      }
      this.queueFlush();
    }
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => { this.flushQueued = false; this.flushBcast(); });
  }

  /** Sends the batched BCAST invalidations. */
  flushBcast(): void {
    for (const e of this.prefixes.values()) {
      if (e.pending.size === 0) continue;
      for (const c of e.clients) {
        const keys: string[] = [];
        for (const [k, by] of e.pending) if (!(c.tracking?.noloop && by === c)) keys.push(k);
        if (keys.length) this.send(c, keys);
      }
      e.pending.clear();
    }
  }

  /** FLUSHDB / FLUSHALL: everything any tracking client cached is gone. */
  flushAll(): void {
    this.table.clear();
    this.sync();
    for (const c of this.server.clients.values()) if (c.tracking) this.send(c, null);
  }

  /** Keeps the table within tracking-table-max-keys, invalidating evicted keys. */
  evict(): void {
    let n = this.table.size - this.maxKeys;
    for (const [key] of this.table) {
      if (n-- <= 0) break;
      this.invalidate(key, null);
    }
  }

  enable(c: Client, st: TrackingState): void {
    if (!c.tracking) this.clients++;
    this.sync();
    c.tracking = st;
    c.gate |= GATE_TRACKING;
    if (st.bcast) {
      for (const p of st.prefixes) {
        let e = this.prefixes.get(p);
        if (!e) { e = { clients: new Set(), pending: new Map() }; this.prefixes.set(p, e); }
        e.clients.add(c);
      }
    }
  }

  disable(c: Client): void {
    const t = c.tracking;
    if (!t) return;
    for (const p of t.prefixes) {
      const e = this.prefixes.get(p);
      if (!e) continue;
      e.clients.delete(c);
      if (e.clients.size === 0) this.prefixes.delete(p);
    }
    c.tracking = null;
    this.clients--;
    this.sync();
  }
}

function tracking(c: Client, argv: string[]): void {
  const s = c.server;
  const onoff = argv[2].toLowerCase();
  if (onoff !== 'on' && onoff !== 'off') { c.w.error('ERR syntax error'); return; }
  let redirect = 0, bcast = false, optin = false, optout = false, noloop = false;
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const more = argv.length - j - 1;
    if (opt === 'redirect' && more >= 1) {
      j++;
      if (redirect) { c.w.error('ERR A client can only redirect to a single other client'); return; }
      const id = /^[0-9]+$/.test(argv[j]) ? Number(argv[j]) : NaN;
      if (!Number.isFinite(id)) { c.w.error('ERR value is not an integer or out of range'); return; }
      if (id === c.id) { c.w.error('ERR The client ID you want redirect to does not exist'); return; }
      if (!s.clients.get(id)) { c.w.error('ERR The client ID you want redirect to does not exist'); return; }
      redirect = id;
    } else if (opt === 'bcast') bcast = true;
    else if (opt === 'optin') optin = true;
    else if (opt === 'optout') optout = true;
    else if (opt === 'noloop') noloop = true;
    else if (opt === 'prefix' && more >= 1) { j++; prefixes.push(argv[j]); }
    else { c.w.error('ERR syntax error'); return; }
  }
  if (onoff === 'off') {
    s.tracking.disable(c);
    c.w.ok();
    return;
  }
  const cur = c.tracking;
  if (cur) {
    if (cur.bcast !== bcast) {
      c.w.error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
      return;
    }
    if ((optin && cur.optout) || (optout && cur.optin)) {
      c.w.error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
      return;
    }
  }
  if (optin && optout) { c.w.error("ERR You can't specify both OPTIN mode and OPTOUT mode"); return; }
  if (bcast && (optin || optout)) { c.w.error('ERR OPTIN and OPTOUT are not compatible with BCAST'); return; }
  if (prefixes.length && !bcast) { c.w.error('ERR PREFIX option requires BCAST mode to be enabled'); return; }
  // prefixes must not overlap, neither among themselves nor with existing ones
  const existing = cur?.prefixes ?? [];
  for (let i = 0; i < prefixes.length; i++) {
    for (const e of existing) {
      if (prefixes[i].startsWith(e) || e.startsWith(prefixes[i])) {
        if (prefixes[i] === e) continue;
        c.w.error(`ERR Prefix '${prefixes[i]}' overlaps with an existing prefix '${e}'. Prefixes for a single client must not overlap.`);
        return;
      }
    }
    for (let k = i + 1; k < prefixes.length; k++) {
      if (prefixes[i].startsWith(prefixes[k]) || prefixes[k].startsWith(prefixes[i])) {
        if (prefixes[i] === prefixes[k]) continue;
        c.w.error(`ERR Prefix '${prefixes[i]}' overlaps with another provided prefix '${prefixes[k]}'. Prefixes for a single client must not overlap.`);
        return;
      }
    }
  }
  const all = [...existing];
  for (const p of prefixes) if (!all.includes(p)) all.push(p);
  if (bcast && all.length === 0) all.push('');
  if (cur) s.tracking.disable(c);
  s.tracking.enable(c, {
    bcast, optin: optin || (cur?.optin ?? false), optout: optout || (cur?.optout ?? false), noloop: noloop || (cur?.noloop ?? false),
    redirect, prefixes: all, caching: null, cachingArmed: false, brokenRedirect: false,
  });
  c.w.ok();
}

function caching(c: Client, argv: string[]): void {
  const t = c.tracking;
  const v = argv[2].toLowerCase();
  if (!t || !(t.optin || t.optout)) {
    c.w.error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    return;
  }
  if (v === 'yes') {
    if (!t.optin) { c.w.error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.'); return; }
  } else if (v === 'no') {
    if (!t.optout) { c.w.error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.'); return; }
  } else { c.w.error('ERR syntax error'); return; }
  t.caching = v;
  t.cachingArmed = true;
  c.w.ok();
}

function getredir(c: Client): void {
  c.w.int(c.tracking ? c.tracking.redirect : -1);
}

function trackinginfo(c: Client): void {
  const t = c.tracking;
  const w = c.w;
  w.map(3);
  w.bulk('flags');
  if (!t) { w.set(1); w.bulk('off'); }
  else {
    const f = ['on'];
    if (t.bcast) f.push('bcast');
    if (t.optin) f.push('optin');
    if (t.optout) f.push('optout');
    if (t.caching === 'yes' && t.cachingArmed) f.push('caching-yes');
    if (t.caching === 'no' && t.cachingArmed) f.push('caching-no');
    if (t.noloop) f.push('noloop');
    if (t.brokenRedirect) f.push('broken_redirect');
    w.set(f.length);
    for (const x of f) w.bulk(x);
  }
  w.bulk('redirect');
  w.int(t ? t.redirect : -1);
  w.bulk('prefixes');
  w.bulkArray(t ? t.prefixes : []);
}

export const trackingFamily: Family = {
  name: 'tracking',
  directives: [{ name: 'tracking-table-max-keys', type: 'int', default: '1000000', min: 0, max: Number.MAX_SAFE_INTEGER }],
  commands: [
    { name: 'client|tracking', handler: tracking, summary: 'Turns server-assisted client-side caching on or off for this connection.' },
    { name: 'client|caching', handler: caching, summary: 'Tells the server whether to track the keys read by the next command (OPTIN / OPTOUT modes).' },
    { name: 'client|getredir', handler: getredir, summary: 'Returns the id of the client receiving this connection\'s invalidation messages.' },
    { name: 'client|trackinginfo', handler: trackinginfo, summary: 'Describes the client-side caching settings of this connection.' },
  ],
  init(server) {
    const tr = new Tracking(server);
    server.tracking = tr;
    server.config.onChange('tracking-table-max-keys', v => { tr.maxKeys = Number(v) || Infinity; });
    server.addKeyHook(KEY_TRACKING, (_db, key) => {
      if (tr.clients > 0 || tr.table.size > 0) tr.invalidate(key, server.currentClient);
    });
    server.flushHooks.push(() => { if (tr.clients > 0) tr.flushAll(); });
    server.swapHooks.push(() => { if (tr.clients > 0) tr.flushAll(); });
    server.addAfterCommand(GATE_TRACKING, c => {
      const t = c.tracking;
      if (!t) { c.gate &= ~GATE_TRACKING; return; }
      const cmd = c.lastCmd;
      if (cmd && cmd.isReadonly && !t.bcast && server.callDepth <= 1) {
        const argv = c.lastArgv;
        if (argv) {
          const idx = cmd.getKeys(argv);
          if (idx.length) tr.remember(c, idx.map(i => argv[i]));
        }
      }
      // CLIENT CACHING applies to the one command after it
      if (t.cachingArmed && server.callDepth === 0 && !c.multi && !(cmd && cmd.parent?.name === 'client' && cmd.name === 'caching')) {
        t.cachingArmed = false;
        t.caching = null;
      }
    });
    server.disconnectHooks.push(c => tr.disable(c));
    server.resetHooks.push(c => tr.disable(c));
  },
};
