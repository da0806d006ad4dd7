/**
 * Database: one numbered keyspace. Keys map to type-tagged values in a Dict;
 * absolute expiry times (ms since the epoch) live in a second Dict holding
 * only volatile keys, as in Redis, so active expiry samples volatile keys
 * directly and a keyspace without TTLs pays nothing for them.
 *
 * Values: a JS string (latin1) is a Redis string; every other type is an
 * object implementing RObject. Lookups own lazy expiry and the hit/miss
 * statistics; every write goes through set/delete/touched so that WATCH,
 * client-side caching and blocked clients hear about it.
 *
 * Access clock: main.clockAt(slot) holds one 32-bit word per key (see lru.ts), set
 * when a key is created and refreshed by lookupRead/lookupWrite (not by
 * peek or lookupRead(key, LOOKUP_NOTOUCH), which back OBJECT, TYPE, TTL, EXISTS ...).
 */
import { Dict } from '../types/dict.js';
import { type AccessPolicy, defaultAccessPolicy, freshWord, accessedWord } from './lru.js';

export type RType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export interface RObject {
  readonly type: RType;
  /** OBJECT ENCODING name for the current representation. */
  encoding(): string;
  /** A deep copy (COPY, and anything else that must not share structure). */
  dup(): RObject;
  /** Speed hint: lookups of lists[i][index] (from <= i < to) follow; see Dict.prefetchArgs. */
  warm?(lists: readonly (readonly string[])[], index: number, from: number, to: number): void;
}

export type Value = string | RObject;

/** lookupRead flags: leave the access clock alone (OBJECT, TYPE, TTL, EXISTS ...). */
export const LOOKUP_NOTOUCH = 1;
/** lookupRead flags: no "keymiss" event on a miss (OBJECT). */
export const LOOKUP_NONOTIFY = 2;

export function typeOf(v: Value): RType {
  return typeof v === 'string' ? 'string' : v.type;
}

/** The hooks a database needs from its server (kept narrow so it stays testable alone). */
export interface DbHost {
  /** Current time in ms (cached per command). */
  now(): number;
  /** A key was changed (WATCH, tracking). */
  keyModified(db: Database, key: string): void;
  /** A key was deleted because it expired (notification, propagation, stats). */
  keyExpired(db: Database, key: string): void;
  /** A key that clients may be blocked on got new data. */
  keyReady(db: Database, key: string): void;
  /** A read lookup missed (the "keymiss" keyspace event). Optional. */
  keyMiss?(db: Database, key: string): void;
  /** Whether lazy expiry may delete (false on a replica / while paused; then expired keys read as absent but stay). */
  expireAllowed(): boolean;
  stats: { keyspaceHits: number; keyspaceMisses: number; expiredKeys: number };
}

export class Database {
  main = new Dict<Value>();
  expires = new Dict<number>();

  /** LRU/LFU mode of the access clock (shared by a server's databases). */
  access: AccessPolicy = defaultAccessPolicy();

  constructor(public readonly id: number, public host: DbHost) {
    this.main.enableClock();
  }

  /** Refreshes the access clock of the key at slot s. */
  private touchSlot(s: number): void {
    const m = this.main;
    m.setClockAt(s, accessedWord(m.clockAt(s), this.host.now(), this.access));
  }

  /** Stamps a key just written with set/add (overwrites keep the LFU counter, as Redis does). */
  private stampWritten(isNew: boolean): void {
    if (isNew || !this.access.lfu) this.main.setClockAt(this.main.lastSlot, freshWord(this.host.now(), this.access));
  }

  /** The raw access-clock word of a key (OBJECT IDLETIME / FREQ), or -1 when absent. */
  accessWord(key: string): number {
    const s = this.main.find(key);
    return s === -1 ? -1 : this.main.clockAt(s);
  }

  get size(): number { return this.main.size; }

  /** True when the key exists but its TTL has passed. */
  private isExpired(key: string): boolean {
    if (this.expires.size === 0) return false;
    const t = this.expires.get(key);
    return t !== undefined && t <= this.host.now();
  }

  /** Deletes the key if it is logically expired; returns true when it is (whether or not it could delete). */
  expireIfNeeded(key: string): boolean {
    if (!this.isExpired(key)) return false;
    if (!this.host.expireAllowed()) return true;
    this.main.delete(key);
    this.expires.delete(key);
    this.host.stats.expiredKeys++;
    this.host.keyExpired(this, key);
    return true;
  }

  /**
   * Read lookup: lazy expiry, counts a hit or a miss, announces a miss
   * ("keymiss"), refreshes the access clock; flags (LOOKUP_*) turn the last
   * two off.
   */
  lookupRead(key: string, flags = 0): Value | undefined {
    const s = this.expires.size !== 0 && this.expireIfNeeded(key) ? -1 : this.main.find(key);
    if (s === -1) {
      this.host.stats.keyspaceMisses++;
      if ((flags & LOOKUP_NONOTIFY) === 0 && this.host.keyMiss !== undefined) this.host.keyMiss(this, key);
      return undefined;
    }
    this.host.stats.keyspaceHits++;
    if ((flags & LOOKUP_NOTOUCH) === 0) this.touchSlot(s);
    return this.main.valAt(s);
  }

  /** Speed hint before looking up keys[from], keys[from + step], ...: see Dict.prefetch. */
  prefetch(keys: readonly string[], from: number, step: number): void {
    this.main.prefetch(keys, from, step);
  }

  /** Speed hint before running a batch of commands: see Dict.prefetchArgs. */
  prefetchArgs(lists: readonly (readonly string[])[], index: number): void {
    this.main.prefetchArgs(lists, index, 0, lists.length);
  }

  /** The value stored at key, even if expired, with no side effect at all: for speed hints only. */
  peekRaw(key: string): Value | undefined {
    return this.main.get(key);
  }

  /** Write lookup: lazy expiry, no statistics. */
  lookupWrite(key: string): Value | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    const s = this.main.find(key);
    if (s === -1) return undefined;
    this.touchSlot(s);
    return this.main.valAt(s);
  }

  /** Lookup without side effects other than lazy expiry (no stats, no access clock). */
  peek(key: string): Value | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    return this.main.get(key);
  }

  exists(key: string): boolean {
    return this.lookupWrite(key) !== undefined;
  }

  /**
   * Sets key to val. keepTtl keeps an existing expiry; otherwise any expiry
   * is cleared (as SET does). Signals the modification.
   */
  set(key: string, val: Value, keepTtl = false): void {
    this.stampWritten(this.main.set(key, val));
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.host.keyModified(this, key);
    // a list/zset/stream appearing under a key (RENAME, MOVE, COPY, RESTORE...) may serve blocked clients
    if (typeof val !== 'string') this.host.keyReady(this, key);
  }

  /** Adds a key known to be absent (after a lookup). Signals the modification (and readiness, for collections). */
  add(key: string, val: Value): void {
    this.main.add(key, val);
    this.stampWritten(true);
    this.host.keyModified(this, key);
    if (typeof val !== 'string') this.host.keyReady(this, key);
  }

  /** Replaces the value of an existing key without touching its TTL (no signal: call touched()). */
  replace(key: string, val: Value): void {
    this.main.set(key, val);
  }

  /** Deletes a key; returns true when it existed. Signals the modification. */
  delete(key: string): boolean {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return false;
    if (!this.main.delete(key)) return false;
    if (this.expires.size !== 0) this.expires.delete(key);
    this.host.keyModified(this, key);
    return true;
  }

  /** Signals that the value of key was modified in place. */
  touched(key: string): void {
    this.host.keyModified(this, key);
  }

  /** Signals that clients blocked on key may now be served. */
  ready(key: string): void {
    this.host.keyReady(this, key);
  }

  /** Absolute expiry in ms, or -1 when the key has none. */
  getExpire(key: string): number {
    if (this.expires.size === 0) return -1;
    const t = this.expires.get(key);
    return t === undefined ? -1 : t;
  }

  /** Sets an absolute expiry (ms) on an existing key. */
  setExpire(key: string, when: number): void {
    this.expires.set(key, when);
  }

  /** Removes the expiry; returns true when there was one. */
  persist(key: string): boolean {
    if (this.expires.size === 0) return false;
    return this.expires.delete(key);
  }

  /** A random key that is not expired (deleting the expired ones it meets), or undefined. */
  randomKey(): string | undefined {
    let tries = 0;
    for (;;) {
      const s = this.main.randomSlot();
      if (s === -1) return undefined;
      const key = this.main.keyAt(s) as string;
      if (this.expires.size !== 0 && this.isExpired(key)) {
        // when every key is volatile and expired, give up after a while as Redis does
        if (this.host.expireAllowed()) { this.expireIfNeeded(key); continue; }
        if (++tries > 100 && this.expires.size === this.main.size) return key;
        continue;
      }
      return key;
    }
  }

  /** Removes every key; returns how many there were. */
  flush(): number {
    const n = this.main.size;
    this.main.clear();
    this.expires.clear();
    return n;
  }

  /** Swaps contents with another database (SWAPDB). */
  swapWith(other: Database): void {
    const m = this.main, e = this.expires;
    this.main = other.main; this.expires = other.expires;
    other.main = m; other.expires = e;
  }
}
