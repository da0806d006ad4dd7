// Runtime values and operations of the Lua 5.1 engine.
//
// Value representation:
//   nil -> undefined, boolean -> boolean, number -> number (double),
//   string -> latin1 JS string (one char per byte), table -> LuaTable,
//   function -> LuaFunction, coroutine -> Coroutine, userdata -> LuaUserdata.
//
// LuaTable reproduces Lua 5.1's table layout: an array part sized exactly as 5.1
// sizes it (rehash/computesizes) and a node vector filled with 5.1's hash functions
// and collision rules, so next()/pairs() order and the `#` border are those of real
// Lua 5.1 (and Redis); a Map from key to node index keeps lookups O(1).
//
// Calling convention: a Lua function compiled by the engine is a JS generator
// function taking its closure and then its arguments positionally (g(f, ...args)),
// returning an array of results;
// callers use `yield*` so any callee can suspend the whole Lua stack (budget pause,
// coroutine.yield). Native (host) functions are plain JS functions `n(...args)`
// returning an array, or generator functions `ng` when they must call back into Lua.

import { fmtNum } from './numfmt.js';
import { str2number } from './lexer.js';

export type LuaValue = undefined | boolean | number | string | LuaTable | LuaFunction | Coroutine | LuaUserdata;
export type GenFn = (...args: any[]) => Generator<any, any[], any>;
export type NativeFn = (...args: any[]) => any;

let idCounter = 0x5a0e10;
function nextId(): number { idCounter += 2; return idCounter; }

const hf64 = new Float64Array(1);
const hu32 = new Uint32Array(hf64.buffer);

/**
 * Lua 5.1's string hash (seeded with the length) as patched in Redis's copy: every
 * byte is hashed (stock 5.1 samples at most 32), which decides the next() order of
 * string keys longer than 31 bytes.
 */
export function strHash(s: string): number {
  const l = s.length;
  let h = l >>> 0;
  for (let l1 = l; l1 >= 1; l1--) {
    h = (h ^ (((h << 5) >>> 0) + (h >>> 2) + (s.charCodeAt(l1 - 1) & 255))) >>> 0;
  }
  return h;
}

let ptrCounter = 0x10000;

/** Lua 5.1's luaO_fb2int(luaO_int2fb(x)): table size hints round up above 15. */
export function fbRound(x: number): number {
  let e = 0;
  while (x >= 16) { x = (x + 1) >>> 1; e++; }
  if (x < 8) return x;
  const fb = ((e + 1) << 3) | (x - 8);
  const ee = (fb >>> 3) & 31;
  return ee === 0 ? fb : ((fb & 7) + 8) << (ee - 1);
}

function ceilLog2(x: number): number {
  let l = 0;
  x--;
  while (x > 0) { l++; x = Math.floor(x / 2); }
  return l;
}

const MAXBITS = 26;

/**
 * Shared stand-ins for the node vector of tables without a hash part (nsize 0):
 * never written to (the first new key rehashes into fresh storage), so creating
 * an array-only table (KEYS, ARGV, replies, {...}) allocates no Map.
 */
const NO_NODES: any[] = [];
const NO_LINKS: number[] = [];
const NO_POS: Map<any, number> = new Map();
/** Node vectors up to this size are searched linearly (no Map is kept for them). */
const SMALL = 8;
/** Scratch of rehash (counts of integer keys per power-of-2 slice). */
const NUMS = new Float64Array(MAXBITS + 1);

export class LuaTable {
  /** Array part: exactly Lua's sizearray slots (nil = undefined). arr[i] holds key i+1. */
  arr: any[] = [];
  /**
   * Hash part, laid out like Lua 5.1's node vector so that traversal order
   * (next/pairs), the length operator and array/hash sizing match 5.1 exactly:
   * nk[i]/nv[i] = key/value of node i (key undefined = free node; value undefined
   * with a key = dead entry, which keeps its node as in 5.1), nn[i] = next node of
   * the collision chain (-1 = none). `pos` maps each key present in a node to its
   * index, so lookups are a Map access instead of walking chains; small vectors
   * (nsize <= SMALL) have no Map and are scanned (see find).
   */
  nk: any[] = NO_NODES;
  nv: any[] = NO_NODES;
  nn: number[] = NO_LINKS;
  pos: Map<any, number> = NO_POS;
  /** Number of nodes (0 = Lua's dummy node). */
  nsize = 0;
  lastfree = 0;
  mt: LuaTable | null = null;
  /** Read-only (Redis sandbox): every modification raises an error. */
  ro = false;
  id = 0;
  /** Stand-in for the address Lua hashes tables/functions by. */
  ptr = 0;

  /** Node holding key k (alive or dead), -1 when none. */
  find(k: any): number {
    const n = this.nsize;
    if (n <= SMALL) {
      const nk = this.nk;
      for (let i = 0; i < n; i++) if (nk[i] === k) return i;
      return -1;
    }
    const i = this.pos.get(k);
    return i === undefined ? -1 : i;
  }

  get(k: any): any {
    if (typeof k === 'number') {
      const a = this.arr;
      if (k >= 1 && k <= a.length && (k | 0) === k) return a[k - 1];
    }
    const i = this.find(k);
    return i < 0 ? undefined : this.nv[i];
  }

  getStr(k: string): any {
    const i = this.find(k);
    return i < 0 ? undefined : this.nv[i];
  }

  getInt(k: number): any {
    const a = this.arr;
    if (k >= 1 && k <= a.length) return a[k - 1];
    const i = this.find(k);
    return i < 0 ? undefined : this.nv[i];
  }

  /** Raw set (luaH_set + store); the caller has checked k is not nil/NaN. */
  set(k: any, v: any): void {
    if (typeof k === 'number') {
      const a = this.arr;
      if (k >= 1 && k <= a.length && (k | 0) === k) { a[k - 1] = v; return; }
    }
    const i = this.find(k);
    if (i >= 0) { this.nv[i] = v; return; }
    this.newKey(k, v);
  }

  /**
   * setStr with a caller-held cache of the node index: returns the index to
   * pass next time (the node still holding k is reused without a lookup).
   */
  setStrAt(k: string, v: any, hint: number): number {
    if (this.nk[hint] === k) { this.nv[hint] = v; return hint; }
    this.setStr(k, v);
    const i = this.find(k);
    return i < 0 ? 0 : i;
  }

  setStr(k: string, v: any): void {
    const i = this.find(k);
    if (i >= 0) { this.nv[i] = v; return; }
    this.newKey(k, v);
  }

  /** True when the hash part holds at least one non-nil value. */
  hasHash(): boolean {
    const nv = this.nv;
    for (let i = 0; i < this.nsize; i++) if (nv[i] !== undefined) return true;
    return false;
  }

  /** Live keys of the hash part, in node order. */
  hashKeys(): any[] {
    const out: any[] = [];
    for (let i = 0; i < this.nsize; i++) if (this.nv[i] !== undefined) out.push(this.nk[i]);
    return out;
  }

  // ---- node vector emulation ----

  private mainPos(k: any): number {
    const size = this.nsize;
    switch (typeof k) {
      case 'string': return strHash(k) & (size - 1);
      case 'number': {
        if (k === 0) return 0;
        hf64[0] = k;
        const sum = (hu32[0] + hu32[1]) >>> 0;
        return sum % ((size - 1) | 1);
      }
      case 'boolean': return (k ? 1 : 0) & (size - 1);
    }
    const o = k as { ptr?: number };
    if (!o.ptr) o.ptr = (ptrCounter += 40);
    return o.ptr % ((size - 1) | 1);
  }

  /** Inserts a key not present in the table (luaH_newkey), then stores v. */
  private newKey(k: any, v: any): void {
    if (this.nsize === 0) { this.rehash(k); this.set(k, v); return; }
    const nk = this.nk, nv = this.nv, nn = this.nn;
    let mp = this.mainPos(k);
    if (nv[mp] !== undefined) {
      // main position taken: find a free node (never used), scanning downwards
      let n = -1;
      while (this.lastfree > 0) {
        this.lastfree--;
        if (nk[this.lastfree] === undefined) { n = this.lastfree; break; }
      }
      if (n < 0) { this.rehash(k); this.set(k, v); return; }
      const ck = nk[mp];
      let other = this.mainPos(ck);
      if (other !== mp) {
        // the colliding node is out of its main position: move it to the free node
        while (nn[other] !== mp) other = nn[other];
        nn[other] = n;
        nk[n] = ck; nv[n] = nv[mp]; nn[n] = nn[mp];
        if (this.nsize > SMALL) this.pos.set(ck, n);
        nn[mp] = -1;
        nv[mp] = undefined;
      } else {
        nn[n] = nn[mp];
        nn[mp] = n;
        mp = n;
      }
    } else {
      const old = nk[mp];
      if (old !== undefined && this.nsize > SMALL) this.pos.delete(old); // reuse a dead node
    }
    nk[mp] = k;
    nv[mp] = v;
    if (this.nsize > SMALL) this.pos.set(k, mp);
  }

  /** Counts an integer key candidate for the array part (countint). */
  private static countInt(k: any): number {
    if (typeof k === 'number' && (k | 0) === k && k >= 1 && k <= (1 << MAXBITS)) {
      NUMS[ceilLog2(k)]++;
      return 1;
    }
    return 0;
  }

  private rehash(extra: any): void {
    const nums = NUMS;
    nums.fill(0);
    let nasize = 0;
    const a = this.arr;
    for (let lg = 0, ttlg = 1, i = 1; lg <= MAXBITS; lg++, ttlg *= 2) {
      let lc = 0;
      let lim = ttlg;
      if (lim > a.length) { lim = a.length; if (i > lim) break; }
      for (; i <= lim; i++) if (a[i - 1] !== undefined) lc++;
      nums[lg] += lc;
      nasize += lc;
    }
    let total = nasize;
    for (let i = 0; i < this.nsize; i++) {
      if (this.nv[i] !== undefined) { nasize += LuaTable.countInt(this.nk[i]); total++; }
    }
    nasize += LuaTable.countInt(extra);
    total++;
    let acc = 0, na = 0, n = 0;
    for (let i = 0, twotoi = 1; twotoi / 2 < nasize; i++, twotoi *= 2) {
      if (nums[i] > 0) {
        acc += nums[i];
        if (acc > twotoi / 2) { n = twotoi; na = acc; }
      }
    }
    this.resize(n, total - na);
  }

  /** luaH_resize: new array size and node count hint. */
  resize(nasize: number, nhsize: number): void {
    const a = this.arr;
    const oldNk = this.nk, oldNv = this.nv;
    const oldSize = this.nsize;
    for (let i = a.length; i < nasize; i++) a.push(undefined);
    const size = nhsize === 0 ? 0 : 1 << ceilLog2(nhsize);
    this.nsize = size;
    if (size === 0) {
      this.nk = NO_NODES; this.nv = NO_NODES; this.nn = NO_LINKS; this.pos = NO_POS;
    } else {
      this.nk = new Array(size).fill(undefined);
      this.nv = new Array(size).fill(undefined);
      this.nn = new Array(size).fill(-1);
      this.pos = size > SMALL ? new Map() : NO_POS;
    }
    this.lastfree = size;
    if (nasize < a.length) {
      const extra = a.splice(nasize);
      for (let i = 0; i < extra.length; i++) if (extra[i] !== undefined) this.set(nasize + i + 1, extra[i]);
    }
    for (let i = oldSize - 1; i >= 0; i--) {
      const v = oldNv[i];
      if (v !== undefined) this.set(oldNk[i], v);
    }
  }

  /** The length operator (luaH_getn): a border, found exactly as 5.1 does. */
  length(): number {
    const a = this.arr;
    let j = a.length;
    if (j > 0 && a[j - 1] === undefined) {
      let i = 0;
      while (j - i > 1) {
        const m = Math.floor((i + j) / 2);
        if (a[m - 1] === undefined) j = m; else i = m;
      }
      return i;
    }
    if (this.nsize === 0) return j;
    let i = j;
    j++;
    while (this.getInt(j) !== undefined) {
      i = j;
      j *= 2;
      if (j > 2147483647) {
        i = 1;
        while (this.getInt(i) !== undefined) i++;
        return i - 1;
      }
    }
    while (j - i > 1) {
      const m = Math.floor((i + j) / 2);
      if (this.getInt(m) === undefined) j = m; else i = m;
    }
    return i;
  }

  /** next(): [key, value], undefined at the end, null for an invalid key. */
  next(k: any): [any, any] | undefined | null {
    const a = this.arr;
    let i = 0;
    if (k !== undefined) {
      if (typeof k === 'number' && (k | 0) === k && k >= 1 && k <= a.length) i = k;
      else {
        const p = this.find(k);
        if (p < 0) return null;
        return this.nextNode(p + 1);
      }
    }
    for (; i < a.length; i++) if (a[i] !== undefined) return [i + 1, a[i]];
    return this.nextNode(0);
  }

  /**
   * next() without allocation, by position (array slots 0..arr.length-1, then
   * node j at arr.length + j): the position after key k (undefined = start),
   * given `hint`, the position k was returned at (checked, so a rehash in
   * between only costs a lookup). Returns -1 at the end, -2 for an invalid key.
   */
  iter(k: any, hint: number): number {
    const a = this.arr;
    const alen = a.length;
    let p: number;
    if (k === undefined) p = 0;
    else if (hint >= 0 && (hint < alen ? hint + 1 === k : this.nk[hint - alen] === k)) p = hint + 1;
    else if (typeof k === 'number' && (k | 0) === k && k >= 1 && k <= alen) p = k;
    else {
      const i = this.find(k);
      if (i < 0) return -2;
      p = alen + i + 1;
    }
    for (; p < alen; p++) if (a[p] !== undefined) return p;
    const nv = this.nv, n = this.nsize;
    for (let j = p - alen; j < n; j++) if (nv[j] !== undefined) return alen + j;
    return -1;
  }

  keyAt(p: number): any { const alen = this.arr.length; return p < alen ? p + 1 : this.nk[p - alen]; }
  valAt(p: number): any { const a = this.arr; return p < a.length ? a[p] : this.nv[p - a.length]; }

  private nextNode(i: number): [any, any] | undefined {
    const nv = this.nv;
    for (; i < this.nsize; i++) {
      const v = nv[i];
      if (v !== undefined) return [this.nk[i], v];
    }
    return undefined;
  }

  /** {k = v} for a string key, built in its final state (what new + setStr make). */
  static record1(k: string, v: any): LuaTable {
    const t = new LuaTable();
    t.nsize = 1;
    t.lastfree = 1;
    t.nk = [k];
    t.nv = [v];
    t.nn = [-1];
    return t;
  }

  /**
   * Turns this table into what `new LuaTable()` + `arr = src.slice(from, to)` makes (no hash
   * part, metatable, read-only flag or address): lets a host reuse a table
   * object nothing else can still reference.
   */
  refill(src: any[], from: number, to: number): void {
    // the array part is this table's own (never shared): rewritten in place
    const a = this.arr, n = to - from;
    if (a.length !== n) a.length = n;
    for (let i = 0; i < n; i++) a[i] = src[from + i];
    this.nk = NO_NODES; this.nv = NO_NODES; this.nn = NO_LINKS; this.pos = NO_POS;
    this.nsize = 0; this.lastfree = 0;
    this.mt = null; this.ro = false; this.id = 0; this.ptr = 0;
  }

  /** A table created by a constructor with size hints (OP_NEWTABLE). */
  static sized(narray: number, nhash: number): LuaTable {
    const t = new LuaTable();
    if (narray > 0) t.arr = new Array(narray).fill(undefined);
    if (nhash > 0) t.resize(t.arr.length, nhash);
    return t;
  }
}

export class LuaFunction {
  /** Compiled Lua function: its prototype's generator function, called as g(thisClosure, ...args). */
  g: GenFn | null = null;
  /** Upvalue boxes of a compiled closure (see compiler.ts). */
  u: { v: unknown }[] = EMPTY_UPS;
  /** Plain native function. */
  n: NativeFn | null = null;
  /**
   * Optional variant of n for call statements, whose results are dropped:
   * same effects as n, results not built (its return value is ignored).
   */
  nd: NativeFn | null = null;
  /** Optional variant of n where one value is wanted (`x = f()`): returns that value itself, not a results array. */
  n1: NativeFn | null = null;
  /** Native implemented as a generator (it calls back into Lua). */
  ng: GenFn | null = null;
  env: LuaTable;
  name: string;
  chunk: string | undefined = undefined;
  id = 0;
  ptr = 0;
  constructor(env: LuaTable, name: string) { this.env = env; this.name = name; }
}

const EMPTY_UPS: { v: unknown }[] = [];

export class LuaUserdata {
  mt: LuaTable | null = null;
  id = 0;
  ptr = 0;
  constructor(public data: unknown) {}
}

export class Coroutine {
  status: 'suspended' | 'running' | 'normal' | 'dead' = 'suspended';
  /** Generator segments of the coroutine's stack (see Interp.step), null before the first resume. */
  segs: Generator<any, any[], any>[] | null = null;
  ends: number[] = [];
  segEnd = 0;
  lines: number[] = [];
  fs: (LuaFunction | null)[] = [];
  top = 0;
  tails = 0;
  /** The thread's call-record limit (grows after an overflow, as for the main thread). */
  maxDepth = 0;
  /** Non-yieldable call depth inside this coroutine (see Interp.nny). */
  nny = 0;
  id = 0;
  ptr = 0;
  constructor(public fn: LuaFunction) {}
}

/** A Lua error carrying any Lua value. */
export class LuaError {
  traceback?: string;
  constructor(public value: any) {}
  get message(): string { return typeof this.value === 'string' ? this.value : tostr(this.value); }
  toString(): string { return this.message; }
}

/** An error pcall cannot catch (script killed by the host). */
export class LuaFatal extends LuaError {}

/** Marker yielded through the generator stack to suspend the whole script. */
export const PAUSE = { pause: true };

export function type(v: any): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return 'boolean';
    case 'number': return 'number';
    case 'string': return 'string';
  }
  if (v instanceof LuaTable) return 'table';
  if (v instanceof LuaFunction) return 'function';
  if (v instanceof Coroutine) return 'thread';
  return 'userdata';
}

function addr(o: { id: number }): string {
  if (o.id === 0) o.id = nextId();
  return '0x' + (0x55d0a0000000 + o.id * 32).toString(16);
}

/** tostring without metamethods. */
export function tostr(v: any): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return fmtNum(v);
    case 'string': return v;
  }
  if (v instanceof LuaTable) return 'table: ' + addr(v);
  if (v instanceof LuaFunction) return 'function: ' + addr(v);
  if (v instanceof Coroutine) return 'thread: ' + addr(v);
  if (v instanceof LuaUserdata) return 'userdata: ' + addr(v);
  return String(v);
}

/** Number coercion of arithmetic operands (numbers and numeric strings). */
export function tonum(v: any): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

export function truthy(v: any): boolean { return v !== undefined && v !== false; }

export const EMPTY: any[] = [];
