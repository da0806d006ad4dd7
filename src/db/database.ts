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
 */
import { Dict } from '../types/dict.js';

export type RType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export interface RObject {
  readonly type: RType;
  /** OBJECT ENCODING name for the current representation. */
  encoding(): string;
  /** A deep copy (COPY, and anything else that must not share structure). */
  dup(): RObject;
}

export type Value = string | RObject;

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
  /** Whether lazy expiry may delete (false on a replica / while paused; then expired keys read as absent but stay). */
  expireAllowed(): boolean;
  stats: { keyspaceHits: number; keyspaceMisses: number; expiredKeys: number };
}

export class Database {
  main = new Dict<Value>();
  expires = new Dict<number>();

  constructor(public readonly id: number, public host: DbHost) {}

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

  /** Read lookup: lazy expiry, counts a hit or a miss. */
  lookupRead(key: string): Value | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) {
      this.host.stats.keyspaceMisses++;
      return undefined;
    }
    const v = this.main.get(key);
    if (v === undefined) this.host.stats.keyspaceMisses++; else this.host.stats.keyspaceHits++;
    return v;
  }

  /** Write lookup: lazy expiry, no statistics. */
  lookupWrite(key: string): Value | undefined {
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined;
    return this.main.get(key);
  }

  /** Lookup without side effects other than lazy expiry (no stats). Same as lookupWrite. */
  peek(key: string): Value | undefined {
    return this.lookupWrite(key);
  }

  exists(key: string): boolean {
    return this.lookupWrite(key) !== undefined;
  }

  /**
   * Sets key to val. keepTtl keeps an existing expiry; otherwise any expiry
   * is cleared (as SET does). Signals the modification.
   */
  set(key: string, val: Value, keepTtl = false): void {
    this.main.set(key, val);
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.host.keyModified(this, key);
    // a list/zset/stream appearing under a key (RENAME, MOVE, COPY, RESTORE...) may serve blocked clients
    if (typeof val !== 'string') this.host.keyReady(this, key);
  }

  /** Adds a key known to be absent (after a lookup). Signals the modification (and readiness, for collections). */
  add(key: string, val: Value): void {
    this.main.add(key, val);
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
      const key = this.main.keys[s] as string;
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
