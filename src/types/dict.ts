/**
 * Dict: a chained hash table keyed by binary-safe strings (latin1, one char
 * per byte), built for what a Redis keyspace, hash or set needs and a JS Map
 * cannot give:
 *
 *  - O(1) random entry (RANDOMKEY, SPOP, SRANDMEMBER, eviction and active
 *    expiry sampling): entries live in dense parallel arrays indexed by a
 *    "slot"; a random slot is drawn until a live one is hit. Holes left by
 *    deletions are reused through a free list and squeezed out when fewer than
 *    a quarter of the slots are live, so a draw succeeds with probability >= 1/4.
 *  - A SCAN cursor with Redis's guarantee (every entry present for the whole
 *    iteration is returned at least once while the table grows or shrinks):
 *    buckets are a power of two and the cursor walks them in reverse-binary
 *    order, so the buckets already visited stay visited across a resize.
 *  - Low memory per entry: no object per entry. Per live entry we pay
 *    4 (bucket head, load factor <= 1) + 4 (chain link) + 4 (cached hash)
 *    + 8 (key pointer) + 8 (value pointer) = 28 bytes plus the strings,
 *    against ~24 + 8 for a Redis dictEntry plus bucket.
 *  - Few cache misses per lookup: a slot's cached hash, chain link and (when
 *    enabled) access clock sit side by side in `meta` ([hash, next(, clock)]
 *    at stride*s) and its key and value side by side in `kv` (key at 2s,
 *    value at 2s+1), so a hit costs the bucket head, one meta line, one kv
 *    line and the key's characters, and stamping the clock costs nothing more.
 *
 * Optional access clock (the keyspace turns it on for OBJECT IDLETIME / FREQ
 * and eviction): a third 32-bit word per slot in `meta` (clockAt/setClockAt),
 * moved along by growth and compaction; its contents are the owner's business. `lastSlot` is the slot touched by
 * the latest set()/add(), so the owner can stamp it without hashing again.
 *
 * Invariants: keyAt(s) === undefined marks a free slot; a free slot's
 * chain link (meta[stride*s+1]) links the free list; heads[b] is the first slot of bucket b or -1; used is
 * the number of live slots; top is one past the highest slot ever handed out
 * since the last compaction.
 */

const SEED = (Math.random() * 0x7fffffff) | 0;

/** 32-bit hash of a latin1 string (FNV-1a core with a murmur3 finaliser). */
export function hashString(s: string): number {
  let h = SEED ^ 0x811c9dc5;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const MIN_BUCKETS = 4;
/** Keys warmed per round by prefetch(). */
const PREFETCH_BATCH = 16;
/** Scratch of prefetch() (shared: it never outlives one call), and a sink that keeps its loads from being optimised away. */
const PF = new Int32Array(PREFETCH_BATCH), PH = new Int32Array(PREFETCH_BATCH);
let sink = 0;
/** Longest key the prefetch methods hash (a longer one is not worth hashing twice). */
const PREFETCH_MAX_KEY = 128;
/**
 * The keys prefetchArgs() hashed, in batch order, with their hashes: the
 * lookups that follow (the commands of the batch, in order) take a key's hash
 * from here instead of hashing it again (see hashOf). A hash depends only on
 * the key's text, so an entry can never be wrong, only unused.
 */
const MEMO_MAX = 64;
const MK: string[] = new Array<string>(MEMO_MAX).fill('');
const MH = new Int32Array(MEMO_MAX);
let memoDict: object | null = null, memoPos = 0, memoLen = 0, memoMisses = 0;
/** Lookups in a row that find nothing in the memo before it is dropped (the batch is over or out of step). */
const MEMO_GIVE_UP = 3;
/** Recent hashes prefetchArgs warmed: a key seen a few commands before is warm already. */
const RECENT = 8;

function rev32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  v = (v >>> 16) | (v << 16);
  return v >>> 0;
}

export class Dict<V> {
  /** Key at 2s, value at 2s+1. */
  private kv: unknown[] = [];
  /** Cached hash at st*s, chain (or free-list) link at st*s+1, access clock at st*s+2 (st = stride). */
  private meta: Int32Array = new Int32Array(2 * MIN_BUCKETS);
  /** Words of meta per slot: 2, or 3 with the access clock. */
  private st = 2;
  private heads: Int32Array = new Int32Array(MIN_BUCKETS).fill(-1);
  private mask = MIN_BUCKETS - 1;
  private freeHead = -1;
  /** Live entries. */
  size = 0;
  /** One past the highest slot in use. */
  top = 0;
  /** Set while an iteration that must not see a compaction is running. */
  private pinned = 0;
  /** Slot written by the latest set() or add(). */
  lastSlot = -1;
  /**
   * Slot of the latest successful find() or write: a command that looks a
   * key up and then writes it (INCR, SET over a lookup) skips the second
   * hash and chain walk. Only a hint: set() checks that the slot still holds
   * that very key.
   */
  private lastFound = -1;

  /** Turns on the per-slot access clock (zeroed). */
  enableClock(): void {
    if (this.st === 3) return;
    const slots = this.meta.length >> 1, om = this.meta;
    const nm = new Int32Array(3 * slots);
    for (let i = 0; i < slots; i++) { nm[3 * i] = om[2 * i]; nm[3 * i + 1] = om[2 * i + 1]; }
    this.meta = nm;
    this.st = 3;
  }

  get hasClock(): boolean { return this.st === 3; }
  /** Access-clock word of a slot (0 until set; the clock must be enabled). */
  clockAt(s: number): number { return this.meta[3 * s + 2] >>> 0; }
  setClockAt(s: number, w: number): void { this.meta[3 * s + 2] = w; }

  get bucketCount(): number { return this.mask + 1; }

  /** Key of a slot (undefined for a free slot). */
  keyAt(s: number): string | undefined { return this.kv[2 * s] as string | undefined; }
  /** Value of a live slot. */
  valAt(s: number): V { return this.kv[2 * s + 1] as V; }
  /** Replaces the value of a live slot. */
  setValAt(s: number, v: V): void { this.kv[2 * s + 1] = v; }

  /**
   * A speed hint for a batch of lookups (MSET, MGET, DEL ...): touches the
   * memory that looking up keys[from], keys[from + step], ... will read (the
   * bucket head, the metadata and key of the chain's first two slots, the
   * first slot's key characters: see warm()) one layer at a time for the whole batch, so the cache
   * misses of different keys overlap instead of being paid one after the
   * other. Changes nothing.
   */
  prefetch(keys: readonly string[], from: number, step: number): void {
    const ph = PH;
    let n = 0;
    for (let i = from; i < keys.length; i += step) {
      if (keys[i].length > PREFETCH_MAX_KEY) continue;
      ph[n++] = hashString(keys[i]);
      if (n === PREFETCH_BATCH) { this.warm(n); n = 0; }
    }
    if (n > 1) this.warm(n);
  }

  /**
   * prefetch() for the element at `index` of lists[from] .. lists[to - 1]
   * (the first keys, or first members, of a batch of parsed commands),
   * skipping lists too short, long elements (as prefetch() does) and an
   * element equal to the one before it.
   */
  prefetchArgs(lists: readonly (readonly string[])[], index: number, from: number, to: number): void {
    const ph = PH;
    let n = 0, m = 0;
    for (let i = from; i < to && m < MEMO_MAX; i++) {
      const l = lists[i];
      if (l.length <= index) continue;
      const k = l[index];
      if (k.length > PREFETCH_MAX_KEY) continue;
      const h = hashString(k);
      MK[m] = k;
      MH[m++] = h;
      // a hash among the last few warmed is (almost surely) a key just warmed
      let seen = false;
      for (let j = n - 1, stop = n > RECENT ? n - RECENT : 0; j >= stop; j--) if (ph[j] === h) { seen = true; break; }
      if (seen) continue;
      ph[n++] = h;
      if (n === PREFETCH_BATCH) { this.warm(n); n = 0; }
    }
    if (n > 1) this.warm(n);
    memoDict = this;
    memoPos = 0;
    memoLen = m;
    memoMisses = 0;
  }

  /**
   * hashString(key), taken from prefetchArgs()'s memo when key is the next
   * (or the current) key of the batch being run, the one after it when a
   * command did not look its first key up in this dict.
   */
  private hashOf(key: string): number {
    if (memoDict === this) {
      const m = memoPos;
      if (m < memoLen) {
        if (MK[m] === key) { memoPos = m + 1; memoMisses = 0; return MH[m]; }
        if (m + 1 < memoLen && MK[m + 1] === key) { memoPos = m + 2; memoMisses = 0; return MH[m + 1]; }
      }
      if (m > 0 && MK[m - 1] === key) { memoMisses = 0; return MH[m - 1]; }
      // past the batch (later single commands) or out of step: stop comparing
      if (++memoMisses === MEMO_GIVE_UP) memoDict = null;
    }
    return hashString(key);
  }

  /**
   * The loads of prefetch() for the n hashes in PH, in two layers across the
   * batch so that the misses of different keys overlap: the bucket heads;
   * then, for each bucket's first slot, its metadata, key pointer and key
   * characters, and the metadata and key of the next slot in the chain
   * (a lookup reaches a second slot about a third of the time). The second
   * layer has no branch on what it loads: a mispredicted one would squash
   * the loads of the keys after it.
   */
  private warm(n: number): void {
    const ph = PH, pf = PF, heads = this.heads, mask = this.mask, kv = this.kv, meta = this.meta, st = this.st;
    for (let j = 0; j < n; j++) pf[j] = heads[ph[j] & mask];
    let acc = 0;
    for (let j = 0; j < n; j++) {
      const s = pf[j];
      if (s === -1) continue;
      const k = kv[2 * s] as string | undefined;
      const next = meta[st * s + 1];
      acc ^= meta[st * s] ^ (k === undefined ? 0 : k.charCodeAt(k.length - 1));
      const t = next & ~(next >> 31); // slot 0 when the chain ends: a harmless load
      const k2 = kv[2 * t] as string | undefined;
      acc ^= meta[st * t] ^ (k2 === undefined ? 0 : k2.length);
    }
    sink ^= acc;
  }

  /** Slot of key, or -1. */
  find(key: string): number {
    const h = this.hashOf(key);
    const kv = this.kv, meta = this.meta, st = this.st;
    let s = this.heads[h & this.mask];
    while (s !== -1) {
      if (meta[st * s] === h && kv[2 * s] === key) { this.lastFound = s; return s; }
      s = meta[st * s + 1];
    }
    return -1;
  }

  get(key: string): V | undefined {
    const s = this.find(key);
    return s === -1 ? undefined : this.kv[2 * s + 1] as V;
  }

  has(key: string): boolean { return this.find(key) !== -1; }

  /** Inserts or overwrites; returns true when the key is new. */
  set(key: string, val: V): boolean {
    const kv = this.kv;
    const lf = this.lastFound;
    if (lf !== -1 && kv[2 * lf] === key) { kv[2 * lf + 1] = val; this.lastSlot = lf; return false; }
    const h = this.hashOf(key);
    const meta = this.meta, st = this.st;
    let s = this.heads[h & this.mask];
    while (s !== -1) {
      if (meta[st * s] === h && kv[2 * s] === key) { kv[2 * s + 1] = val; this.lastSlot = this.lastFound = s; return false; }
      s = meta[st * s + 1];
    }
    this.insertNew(key, val, h);
    return true;
  }

  /** Inserts a key known to be absent; returns its slot. */
  add(key: string, val: V): number {
    return this.insertNew(key, val, this.hashOf(key));
  }

  private insertNew(key: string, val: V, h: number): number {
    if (this.size >= this.mask + 1) this.rebuild((this.mask + 1) * 2, false);
    let s: number;
    const st = this.st;
    if (this.freeHead !== -1) {
      s = this.freeHead;
      this.freeHead = this.meta[st * s + 1];
    } else {
      s = this.top++;
      if (st * s >= this.meta.length) this.growSlots(s + 1);
      if (2 * s + 1 >= this.kv.length) this.growKv(2 * s + 2);
    }
    const kv = this.kv, meta = this.meta;
    kv[2 * s] = key;
    kv[2 * s + 1] = val;
    const b = h & this.mask;
    meta[st * s] = h;
    meta[st * s + 1] = this.heads[b];
    this.heads[b] = s;
    this.size++;
    this.lastSlot = this.lastFound = s;
    return s;
  }

  /** Doubles the slot capacity (at least to min slots). */
  private growSlots(min: number): void {
    let cap = 2 * (this.meta.length / this.st);
    while (cap < min) cap *= 2;
    const nm = new Int32Array(this.st * cap); nm.set(this.meta); this.meta = nm;
  }

  /**
   * Grows kv to hold at least min elements, by a quarter at a time once big:
   * left to grow by itself, a JS array over-allocates by half again, which
   * for a big keyspace is several bytes per key.
   */
  private growKv(min: number): void {
    const ok = this.kv;
    if (ok.length < 128) { ok.length = Math.max(min, 2 * ok.length); return; }
    const len = Math.max(min, Math.ceil(ok.length * 1.25) + 16);
    const nk: unknown[] = new Array(len).fill(undefined);
    const n = 2 * this.top;
    for (let i = 0; i < n && i < ok.length; i++) nk[i] = ok[i];
    this.kv = nk;
  }

  /** Removes key; returns true when it was present. */
  delete(key: string): boolean {
    const h = this.hashOf(key);
    const b = h & this.mask;
    const kv = this.kv, meta = this.meta, st = this.st;
    let prev = -1;
    let s = this.heads[b];
    while (s !== -1) {
      if (meta[st * s] === h && kv[2 * s] === key) {
        if (prev === -1) this.heads[b] = meta[st * s + 1]; else meta[st * prev + 1] = meta[st * s + 1];
        this.freeSlot(s);
        return true;
      }
      prev = s;
      s = meta[st * s + 1];
    }
    return false;
  }

  /** Removes the entry at a live slot. */
  deleteSlot(slot: number): void {
    const key = this.keyAt(slot);
    if (key !== undefined) this.delete(key);
  }

  private freeSlot(s: number): void {
    if (this.lastFound === s) this.lastFound = -1;
    this.kv[2 * s] = undefined;
    this.kv[2 * s + 1] = undefined;
    this.meta[this.st * s + 1] = this.freeHead;
    this.freeHead = s;
    this.size--;
    if (this.pinned === 0) this.maybeShrink();
  }

  private maybeShrink(): void {
    const buckets = this.mask + 1;
    if (this.top > 64 && this.size * 4 < this.top) {
      this.rebuild(Math.max(MIN_BUCKETS, nextPow2(this.size)), true);
    } else if (buckets > MIN_BUCKETS && this.size * 8 < buckets) {
      this.rebuild(Math.max(MIN_BUCKETS, nextPow2(this.size)), false);
    }
  }

  /** Relinks every entry into `buckets` buckets; with compact, renumbers slots densely. */
  private rebuild(buckets: number, compact: boolean): void {
    const st = this.st;
    if (compact) {
      const n = this.size;
      const okv = this.kv, om = this.meta;
      const kv: unknown[] = new Array(2 * n);
      const cap = Math.max(MIN_BUCKETS, nextPow2(n));
      const meta = new Int32Array(st * cap);
      let j = 0;
      for (let s = 0; s < this.top; s++) {
        const k = okv[2 * s];
        if (k === undefined) continue;
        kv[2 * j] = k; kv[2 * j + 1] = okv[2 * s + 1];
        meta[st * j] = om[st * s];
        if (st === 3) meta[3 * j + 2] = om[3 * s + 2];
        j++;
      }
      this.kv = kv; this.meta = meta;
      this.lastFound = -1;
      this.top = n;
      this.freeHead = -1;
    }
    const heads = new Int32Array(buckets).fill(-1);
    const mask = buckets - 1;
    const meta = this.meta, kv = this.kv;
    for (let s = 0; s < this.top; s++) {
      if (kv[2 * s] === undefined) continue;
      const b = meta[st * s] & mask;
      meta[st * s + 1] = heads[b];
      heads[b] = s;
    }
    this.heads = heads;
    this.mask = mask;
  }

  /** A uniformly random live slot, or -1 when empty. */
  randomSlot(): number {
    if (this.size === 0) return -1;
    const kv = this.kv, top = this.top;
    for (;;) {
      const s = (Math.random() * top) | 0;
      if (kv[2 * s] !== undefined) return s;
    }
  }

  /**
   * Visits the buckets for one SCAN step starting at `cursor` until at least
   * `count` entries were seen (or the table was walked), calling fn(slot) for
   * each live entry. Returns the next cursor (0 when done). fn must not delete.
   */
  scan(cursor: number, count: number, fn: (slot: number) => void): number {
    if (this.size === 0) return 0;
    let v = cursor >>> 0;
    const mask = this.mask;
    let seen = 0;
    let steps = Math.max(count * 10, 100);
    this.pinned++;
    try {
      do {
        let s = this.heads[v & mask];
        while (s !== -1) { fn(s); seen++; s = this.meta[this.st * s + 1]; }
        v = (v | ~mask) >>> 0;
        v = rev32(v);
        v = (v + 1) >>> 0;
        v = rev32(v);
      } while (v !== 0 && seen < count && --steps > 0);
    } finally {
      this.pinned--;
    }
    return v;
  }

  /** Calls fn for every live slot. fn may not insert; deletion of the current slot is allowed. */
  forEachSlot(fn: (slot: number) => void): void {
    this.pinned++;
    try {
      const top = this.top;
      for (let s = 0; s < top; s++) if (this.kv[2 * s] !== undefined) fn(s);
    } finally {
      this.pinned--;
    }
    this.maybeShrink();
  }

  *entries(): IterableIterator<[string, V]> {
    for (let s = 0; s < this.top; s++) {
      const k = this.kv[2 * s] as string | undefined;
      if (k !== undefined) yield [k, this.kv[2 * s + 1] as V];
    }
  }

  clear(): void {
    this.kv = [];
    this.lastFound = -1;
    this.meta = new Int32Array(this.st * MIN_BUCKETS);
    this.heads = new Int32Array(MIN_BUCKETS).fill(-1);
    this.mask = MIN_BUCKETS - 1;
    this.freeHead = -1;
    this.size = 0;
    this.top = 0;
    this.lastSlot = -1;
  }
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
