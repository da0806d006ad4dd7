// The per-state runtime object ("S" in generated code): call stack bookkeeping
// (frame depth, current line per frame), the instruction budget, and the slow paths
// of every operator (coercions, metamethods, Lua 5.1 error messages).

import { LuaTable, LuaFunction, LuaError, LuaFatal, Coroutine, LuaUserdata, PAUSE, EMPTY, type, tostr, tonum, fbRound, type GenFn, type NativeFn } from './runtime.js';
import { str2number } from './lexer.js';
import { fmtNum, luaPow } from './numfmt.js';

/**
 * Call depth (Lua 5.1's CallInfo limit, LUAI_MAXCALLS = 20000). A thread's
 * CallInfo vector starts small and doubles, and the doubling beyond 20000 is
 * what raises "stack overflow": a fresh thread therefore overflows when its
 * 16385th call record (the base one included) is needed. After an overflow
 * the vector is left at exactly 20000 records, so from then on the thread
 * goes up to 20000. Redis keeps one Lua state until SCRIPT FLUSH, so the first
 * overflowing EVAL stops at 16384 and later ones at 20000; we do the same
 * (per thread: the main one of a LuaState, and each coroutine).
 */
export const MAX_DEPTH = 16384;
export const MAX_DEPTH_GROWN = 20000;
/** Hard cap on frames including tail-calling ones (Lua has none: tail calls reuse their frame). */
export const HARD_DEPTH = 200000;
/**
 * Segmented JS stack: every Lua call is a `yield*` from the caller's generator,
 * so N nested Lua calls are N nested JS frames. A thread's driver (Interp.step)
 * runs its generators as a stack of segments: when a call would make the
 * current segment longer than its quota, the callee is handed to the driver
 * (yield BOUNCE) and runs as a new segment from the driver's own JS frame. The
 * JS stack thus never holds more than one segment per running thread, whatever
 * the Lua depth. The first segment of a script is long (plain recursion of a
 * few hundred levels never bounces); later ones are short, because a call
 * crossing a boundary costs a yield through the whole segment.
 */
export const FIRST_SEGMENT = 800;
export const SEGMENT = 200;
/** LUAI_MAXCCALLS. */
export const MAX_CCALLS = 200;
/** Returned by Interp.idx when an __index function must be called. */
export const NEED = { need: true };
/** Yielded by a function entering beyond its segment: `gen` (its own re-invocation) runs as a new segment. */
export const BOUNCE: { gen: Generator<any, any[], any> | null } = { gen: null };

export class Interp {
  /** Frames of the running thread: fs[d] = function at depth d (null = C boundary), lines[d] = its current line (negated while it tail-calls). */
  top = 0;
  fs: (LuaFunction | null)[] = [null];
  lines: number[] = [0];
  /** Running thread's CallInfo limit (frames beyond the base one). */
  maxDepth = MAX_DEPTH;
  /** What maxDepth becomes after an overflow (a fixed limit when set by the embedder). */
  grownDepth = MAX_DEPTH_GROWN;
  /** Main thread's limit, kept between tasks (Redis keeps its Lua state between scripts). */
  mainMaxDepth = MAX_DEPTH;
  /** Frames on the stack that are tail-calling (they do not count toward maxDepth). */
  tails = 0;
  /** Depth at which the current segment ends. */
  segEnd = FIRST_SEGMENT;
  /** min(segEnd, maxDepth + tails, HARD_DEPTH): function entries at this depth take the slow path. */
  lim = FIRST_SEGMENT;
  budget = 1e9;
  budgetStep = 1e9;
  hook: (() => unknown) | null = null;
  cn = '?';
  co: Coroutine | null = null;
  stringMeta: LuaTable | null = null;
  nCcalls = 0;
  readonly NEED = NEED;
  readonly pow = luaPow;
  /** The built-in next and ipairs iterator (generic for iterates them inline). */
  nextFn: LuaFunction | null = null;
  ipairsFn: LuaFunction | null = null;

  /** Raised inside the C function next (lua_next): Lua adds no position. */
  badNext(): never { throw new LuaError("invalid key to 'next'"); }

  // ---- frames and errors ----

  /** "chunk:line: " for the function at the given level (1 = current Lua function). */
  where(level: number): string {
    const i = this.top - (level - 1);
    if (i < 1) return '';
    const f = this.fs[i];
    if (!f) return '';
    const chunk = f.chunk;
    if (chunk === undefined) return '';
    let line = this.lines[i];
    if (line < 0) {
      // a frame making a tail call: Lua has replaced it ("(tail call)", no line)
      if (level > 1) return '';
      line = -line;
    }
    return `${chunk}:${line}: `;
  }

  /** Current line of the frame at depth i. */
  lineAt(i: number): number {
    const l = this.lines[i];
    return l < 0 ? -l : l;
  }

  rterror(msg: string): never {
    throw new LuaError(this.where(1) + msg);
  }

  /** Recomputes lim after a change of segment, depth limit or tail-call count. */
  relim(): void {
    const a = this.segEnd, b = this.maxDepth + this.tails;
    const m = a < b ? a : b;
    this.lim = m < HARD_DEPTH ? m : HARD_DEPTH;
  }

  /**
   * Slow path of a Lua function entry at depth d >= lim: raises "stack
   * overflow", or returns true when the function must re-run as a new segment
   * (the frame is then released: the re-invocation takes it again).
   */
  enter(d: number): boolean {
    if (d - this.tails >= this.maxDepth || d >= HARD_DEPTH) this.overflow();
    if (d >= this.segEnd) { this.top = d - 1; return true; }
    return false;
  }

  /** Hands a generator to the thread's driver (see step). */
  bounce(g: Generator<any, any[], any>): typeof BOUNCE {
    BOUNCE.gen = g;
    return BOUNCE;
  }

  /** Raised at a function entry (frame top already taken: released first) beyond the limit. */
  overflow(): never {
    this.top--;
    if (this.maxDepth < this.grownDepth) { this.maxDepth = this.grownDepth; this.relim(); }
    this.rterror('stack overflow');
  }

  /** A frame on a tail call: it stays (JS needs it) but no longer counts toward the depth limit. */
  tailIn(): void {
    this.tails++;
    this.relim();
  }

  tailOut(): void {
    this.tails--;
    this.relim();
  }

  /** Unwinds the frame bookkeeping to a saved point (protected calls catching an error). */
  unwind(top: number, tails: number): void {
    this.top = top;
    if (this.tails !== tails) { this.tails = tails; this.relim(); }
  }

  /**
   * Drives a thread: resumes its innermost segment with `send` (or throws
   * `err` into it when `isErr`) and keeps going through bounces and segment
   * ends. Returns the outermost generator's completion, or the first value
   * yielded that is not a bounce (PAUSE, a coroutine.yield array).
   */
  step(segs: Generator<any, any[], any>[], ends: number[], send: unknown, err: unknown, isErr: boolean): IteratorResult<any, any[]> {
    for (;;) {
      const g = segs[segs.length - 1];
      let r: IteratorResult<any, any[]>;
      try {
        r = isErr ? g.throw(err) : g.next(send);
      } catch (e) {
        if (segs.length === 1) throw e;
        segs.pop(); ends.pop();
        this.segEnd = ends[ends.length - 1]; this.relim();
        isErr = true; err = e;
        continue;
      }
      isErr = false;
      if (r.done) {
        if (segs.length === 1) return r;
        segs.pop(); ends.pop();
        this.segEnd = ends[ends.length - 1]; this.relim();
        send = r.value;
        continue;
      }
      if (r.value === BOUNCE) {
        segs.push(BOUNCE.gen!);
        BOUNCE.gen = null;
        const end = this.top + 1 + SEGMENT;
        ends.push(end);
        this.segEnd = end; this.relim();
        send = undefined;
        continue;
      }
      return r;
    }
  }

  typeError(v: unknown, op: string, desc: string | null): never {
    const t = type(v);
    if (desc) this.rterror(`attempt to ${op} ${desc} (a ${t} value)`);
    this.rterror(`attempt to ${op} a ${t} value`);
  }

  *tick(): Generator<any, void, any> {
    this.budget = this.budgetStep;
    if (this.hook) {
      const r = this.hook();
      if (r === 'pause') yield PAUSE;
    }
  }

  /** Creates a Lua closure of a compiled prototype with its upvalue boxes. */
  mk(proto: GenFn, ups: { v: unknown }[], env: LuaTable, name: string, chunk: string): LuaFunction {
    const f = new LuaFunction(env, name);
    f.chunk = chunk;
    f.g = proto;
    f.u = ups;
    return f;
  }

  // ---- metatables ----

  getmt(v: unknown): LuaTable | null {
    if (v instanceof LuaTable) return v.mt;
    if (typeof v === 'string') return this.stringMeta;
    if (v instanceof LuaUserdata) return v.mt;
    return null;
  }

  mm(v: unknown, ev: string): unknown {
    const mt = this.getmt(v);
    return mt === null ? undefined : mt.getStr(ev);
  }

  // ---- calls ----

  *call(f: unknown, args: unknown[]): Generator<any, any[], any> {
    if (f instanceof LuaFunction) {
      if (f.g !== null) return yield* f.g(f, ...args);
      this.cn = '?';
      if (f.n !== null) return f.n(...args);
      return yield* f.ng!(...args);
    }
    return yield* this.callv(f, args, null);
  }

  /** Non-yieldable depth: calls made from natives/metamethods (C boundaries in 5.1). */
  nny = 0;

  /**
   * A callback from a library function (sort, gsub, foreach, tostring...): the
   * library function's own call record (a C frame) is taken for the time of
   * the callback; coroutine.yield is not allowed inside. On an error the frame
   * is left for the catcher to unwind, so the error's origin stays visible.
   */
  *callC(f: unknown, args: unknown[]): Generator<any, any[], any> {
    const saved = this.pushC();
    const r = yield* this.callP(f, args);
    this.top = saved;
    return r;
  }

  /** A call from a native without a frame of its own (pcall after pushC, metamethod helpers). */
  *callP(f: unknown, args: unknown[]): Generator<any, any[], any> {
    this.enterC();
    this.nny++;
    try {
      return yield* this.call(f, args);
    } finally {
      this.nny--;
      this.nCcalls--;
    }
  }

  /**
   * Counts a call made through the C API in 5.1 (pcall, metamethods, library
   * callbacks, coroutine resumes): beyond 200 nested ones, "C stack overflow"
   * (raised while the native is the running function, hence without position).
   */
  enterC(): void {
    if (++this.nCcalls >= MAX_CCALLS) {
      this.nCcalls--;
      throw new LuaError('C stack overflow');
    }
  }

  *callv(f: unknown, args: unknown[], desc: string | null): Generator<any, any[], any> {
    if (f instanceof LuaFunction) return yield* this.call(f, args);
    const tm = this.mm(f, '__call');
    if (tm === undefined) this.typeError(f, 'call', desc);
    return yield* this.call(tm, [f, ...args]);
  }

  /** Calls a metamethod, returning its first result (a C boundary, as in 5.1). */
  *callmeta(tm: unknown, a: unknown, b: unknown, c?: unknown): Generator<any, any, any> {
    if (++this.nCcalls >= MAX_CCALLS) { this.nCcalls -= 1; this.rterror('C stack overflow'); }
    this.nny++;
    try {
      let r: any[];
      if (tm instanceof LuaFunction && tm.g !== null) r = c === undefined ? yield* tm.g(tm, a, b) : yield* tm.g(tm, a, b, c);
      else r = yield* this.call(tm, c === undefined ? [a, b] : [a, b, c]);
      return r[0];
    } finally {
      this.nCcalls--;
      this.nny--;
    }
  }

  // ---- indexing ----

  *gget(env: LuaTable, k: string): Generator<any, any, any> {
    if (env.mt === null) return undefined;
    return yield* this.index(env, k, null);
  }

  /**
   * Indexing without calling Lua: follows __index tables; returns NEED when an
   * __index function must be called (the caller then uses index()).
   */
  idx(o: unknown, k: unknown, desc: string | null): unknown {
    for (let loop = 0; loop < 100; loop++) {
      let tm: unknown;
      if (o instanceof LuaTable) {
        const v = o.get(k);
        if (v !== undefined) return v;
        const mt = o.mt;
        if (mt === null) return undefined;
        tm = mt.getStr('__index');
        if (tm === undefined) return undefined;
      } else {
        tm = this.mm(o, '__index');
        if (tm === undefined) this.typeError(o, 'index', loop === 0 ? desc : null);
      }
      if (tm instanceof LuaFunction) return NEED;
      o = tm;
    }
    this.rterror('loop in gettable');
  }

  /** Assignment without calling Lua; returns false when a __newindex function is involved. */
  setidx(o: unknown, k: unknown, v: unknown, desc: string | null): boolean {
    for (let loop = 0; loop < 100; loop++) {
      let tm: unknown;
      if (o instanceof LuaTable) {
        if (o.ro) this.roError(false);
        const mt = o.mt;
        if (mt === null || o.get(k) !== undefined || (tm = mt.getStr('__newindex')) === undefined) {
          this.rawset(o, k, v);
          return true;
        }
      } else {
        tm = this.mm(o, '__newindex');
        if (tm === undefined) this.typeError(o, 'index', loop === 0 ? desc : null);
      }
      if (tm instanceof LuaFunction) return false;
      o = tm;
    }
    this.rterror('loop in settable');
  }

  *index(o: unknown, k: unknown, desc: string | null): Generator<any, any, any> {
    for (let loop = 0; loop < 100; loop++) {
      let tm: unknown;
      if (o instanceof LuaTable) {
        const v = o.get(k);
        if (v !== undefined) return v;
        const mt = o.mt;
        if (mt === null) return undefined;
        tm = mt.getStr('__index');
        if (tm === undefined) return undefined;
      } else {
        tm = this.mm(o, '__index');
        if (tm === undefined) this.typeError(o, 'index', loop === 0 ? desc : null);
      }
      if (tm instanceof LuaFunction) return yield* this.callmeta(tm, o, k);
      o = tm;
    }
    this.rterror('loop in gettable');
  }

  /** Redis's error for modifying a read-only table (no position when raised inside a native). */
  roError(inNative: boolean): never {
    throw new LuaError((inNative ? '' : this.where(1)) + 'Attempt to modify a readonly table');
  }

  /** Raises the read-only error if a native is about to modify t. */
  writable(t: LuaTable): LuaTable {
    if (t.ro) this.roError(true);
    return t;
  }

  rawset(t: LuaTable, k: unknown, v: unknown): void {
    if (k === undefined) this.rterror('table index is nil');
    if (k !== k) this.rterror('table index is NaN');
    t.set(k, v);
  }

  *setindex(o: unknown, k: unknown, v: unknown, desc: string | null): Generator<any, void, any> {
    for (let loop = 0; loop < 100; loop++) {
      let tm: unknown;
      if (o instanceof LuaTable) {
        if (o.ro) this.roError(false);
        const mt = o.mt;
        if (mt === null || o.get(k) !== undefined || (tm = mt.getStr('__newindex')) === undefined) {
          this.rawset(o, k, v);
          return;
        }
      } else {
        tm = this.mm(o, '__newindex');
        if (tm === undefined) this.typeError(o, 'index', loop === 0 ? desc : null);
      }
      if (tm instanceof LuaFunction) { yield* this.callmeta(tm, o, k, v); return; }
      o = tm;
    }
    this.rterror('loop in settable');
  }

  // ---- tables ----

  /**
   * Table constructor with only positional items: `fixed` of them are single
   * values (the rest come from a trailing call or `...`), as OP_NEWTABLE+SETLIST.
   */
  tbl(pos: unknown[], fixed: number): LuaTable {
    const na = fbRound(fixed);
    if (na === pos.length) {
      const t = new LuaTable();
      // an empty list may be a callee's shared EMPTY results: never adopt it
      if (na !== 0) t.arr = pos;
      return t;
    }
    return this.setlist(LuaTable.sized(na, 0), pos);
  }

  /** Table constructor with record fields: sizes from the item counts. */
  newtbl(na: number, nh: number): LuaTable {
    return LuaTable.sized(fbRound(na), fbRound(nh));
  }

  /** Stores positional constructor items (SETLIST), growing the array part if needed. */
  setlist(t: LuaTable, pos: unknown[]): LuaTable {
    const n = pos.length;
    if (n > t.arr.length) t.resize(n, t.nsize);
    const a = t.arr;
    for (let i = 0; i < n; i++) a[i] = pos[i];
    return t;
  }

  argTable(va: unknown[]): LuaTable {
    const t = LuaTable.sized(va.length, 1);
    for (let i = 0; i < va.length; i++) t.arr[i] = va[i];
    t.setStr('n', va.length);
    return t;
  }

  // ---- arithmetic ----

  *arith(a: unknown, b: unknown, ev: string, da: string | null, db: string | null): Generator<any, any, any> {
    const x = tonum(a), y = tonum(b);
    if (x !== undefined && y !== undefined) return arithOp(ev, x, y);
    let tm = this.mm(a, ev);
    if (tm === undefined) tm = this.mm(b, ev);
    if (tm === undefined) {
      if (x === undefined) this.typeError(a, 'perform arithmetic on', da);
      this.typeError(b, 'perform arithmetic on', db);
    }
    return yield* this.callmeta(tm, a, b);
  }

  *unm(a: unknown, desc: string | null): Generator<any, any, any> {
    const x = tonum(a);
    if (x !== undefined) return -x;
    const tm = this.mm(a, '__unm');
    if (tm === undefined) this.typeError(a, 'perform arithmetic on', desc);
    return yield* this.callmeta(tm, a, a);
  }

  /** Length of a non-table, non-string value: __len (userdata only in 5.1) or an error. */
  *len(a: unknown, desc: string | null): Generator<any, any, any> {
    if (typeof a === 'string') return a.length;
    if (a instanceof LuaTable) return a.length();
    const tm = this.mm(a, '__len');
    if (tm === undefined) this.typeError(a, 'get length of', desc);
    return yield* this.callmeta(tm, a, undefined);
  }

  *concat(a: unknown, b: unknown, da: string | null, db: string | null): Generator<any, any, any> {
    const ta = typeof a, tb = typeof b;
    if ((ta === 'string' || ta === 'number') && (tb === 'string' || tb === 'number')) {
      return (ta === 'number' ? fmtNum(a as number) : a as string) + (tb === 'number' ? fmtNum(b as number) : b as string);
    }
    let tm = this.mm(a, '__concat');
    if (tm === undefined) tm = this.mm(b, '__concat');
    if (tm === undefined) {
      if (ta === 'string' || ta === 'number') this.typeError(b, 'concatenate', db);
      this.typeError(a, 'concatenate', da);
    }
    return yield* this.callmeta(tm, a, b);
  }

  // ---- comparison ----

  *eqmeta(a: LuaTable, b: LuaTable): Generator<any, boolean, any> {
    const m1 = a.mt, m2 = b.mt;
    if (m1 === null || m2 === null) return false;
    const tm1 = m1.getStr('__eq');
    if (tm1 === undefined) return false;
    if (m1 !== m2) {
      const tm2 = m2.getStr('__eq');
      if (tm1 !== tm2) return false;
    }
    const r = yield* this.callmeta(tm1, a, b);
    return r !== undefined && r !== false;
  }

  /** Full equality (used by libraries). */
  *eq(a: unknown, b: unknown): Generator<any, boolean, any> {
    if (a === b) return true;
    if ((a instanceof LuaTable && b instanceof LuaTable)) return yield* this.eqmeta(a, b);
    if (a instanceof LuaUserdata && b instanceof LuaUserdata) {
      const m1 = a.mt, m2 = b.mt;
      if (m1 === null || m2 === null) return false;
      const tm1 = m1.getStr('__eq');
      if (tm1 === undefined || (m1 !== m2 && m2.getStr('__eq') !== tm1)) return false;
      const r = yield* this.callmeta(tm1, a, b);
      return r !== undefined && r !== false;
    }
    return false;
  }

  orderError(a: unknown, b: unknown, inNative = false): never {
    const t1 = type(a), t2 = type(b);
    const msg = t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`;
    throw new LuaError((inNative ? '' : this.where(1)) + msg);
  }

  *ordermeta(a: unknown, b: unknown, ev: string): Generator<any, boolean | null, any> {
    const tm1 = this.mm(a, ev);
    if (tm1 === undefined) return null;
    const tm2 = this.mm(b, ev);
    if (tm1 !== tm2) return null;
    const r = yield* this.callmeta(tm1, a, b);
    return r !== undefined && r !== false;
  }

  /**
   * a < b with metamethods. `inNative` is for comparisons made by a library
   * function (table.sort): Lua raises those errors from C, so without a position.
   */
  *lt(a: unknown, b: unknown, inNative = false): Generator<any, boolean, any> {
    const ta = typeof a, tb = typeof b;
    if (ta === 'number' && tb === 'number') return (a as number) < (b as number);
    if (ta === 'string' && tb === 'string') return (a as string) < (b as string);
    if (ta === tb || type(a) === type(b)) {
      const r = yield* this.ordermeta(a, b, '__lt');
      if (r !== null) return r;
    }
    this.orderError(a, b, inNative);
  }

  *le(a: unknown, b: unknown): Generator<any, boolean, any> {
    const ta = typeof a, tb = typeof b;
    if (ta === 'number' && tb === 'number') return (a as number) <= (b as number);
    if (ta === 'string' && tb === 'string') return (a as string) <= (b as string);
    if (type(a) === type(b)) {
      let r = yield* this.ordermeta(a, b, '__le');
      if (r !== null) return r;
      r = yield* this.ordermeta(b, a, '__lt');
      if (r !== null) return !r;
    }
    this.orderError(a, b);
  }

  forNum(v: unknown, what: string): number {
    if (typeof v === 'number') return v;
    const n = typeof v === 'string' ? str2number(v) : undefined;
    if (n === undefined) this.rterror(`'for' ${what} ${what === 'initial' ? 'value ' : ''}must be a number`);
    return n;
  }

  // ---- tostring with metamethod ----

  /** tostring(): may return a non-string when __tostring does (as in 5.1). */
  *tostring(v: unknown): Generator<any, unknown, any> {
    const tm = this.mm(v, '__tostring');
    if (tm !== undefined) return (yield* this.callC(tm, [v]))[0];
    return tostr(v);
  }

  // ---- library helpers ----

  argError(i: number, msg: string): never {
    let name = this.cn;
    if (name.startsWith(':')) {
      name = name.slice(1);
      i--;
      if (i === 0) this.rterror(`calling '${name}' on bad self (${msg})`);
    }
    this.rterror(`bad argument #${i} to '${name}' (${msg})`);
  }

  typeArgError(i: number, expected: string, args: unknown[]): never {
    const got = i > args.length ? 'no value' : type(args[i - 1]);
    this.argError(i, `${expected} expected, got ${got}`);
  }

  checkTable(args: unknown[], i: number): LuaTable {
    const v = args[i - 1];
    if (v instanceof LuaTable) return v;
    this.typeArgError(i, 'table', args);
  }

  checkNumber(args: unknown[], i: number): number {
    const v = args[i - 1];
    if (typeof v === 'number') return v;
    if (typeof v === 'string') { const n = str2number(v); if (n !== undefined) return n; }
    this.typeArgError(i, 'number', args);
  }

  /** luaL_checkint: the number cast to a C int (through a 64-bit integer, as 5.1 does). */
  checkInt(args: unknown[], i: number): number {
    return toCInt(this.checkNumber(args, i));
  }

  optInt(args: unknown[], i: number, def: number): number {
    const v = args[i - 1];
    if (v === undefined) return def;
    return this.checkInt(args, i);
  }

  /** luaL_checkinteger: the number cast to a 64-bit integer (ptrdiff_t). */
  checkInteger(args: unknown[], i: number): number {
    return toInteger(this.checkNumber(args, i));
  }

  optInteger(args: unknown[], i: number, def: number): number {
    const v = args[i - 1];
    if (v === undefined) return def;
    return this.checkInteger(args, i);
  }

  optNumber(args: unknown[], i: number, def: number): number {
    const v = args[i - 1];
    if (v === undefined) return def;
    return this.checkNumber(args, i);
  }

  checkString(args: unknown[], i: number): string {
    const v = args[i - 1];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return fmtNum(v);
    this.typeArgError(i, 'string', args);
  }

  optString(args: unknown[], i: number, def: string): string {
    const v = args[i - 1];
    if (v === undefined) return def;
    return this.checkString(args, i);
  }

  checkAny(args: unknown[], i: number): unknown {
    if (i > args.length) this.argError(i, 'value expected');
    return args[i - 1];
  }

  native(name: string, fn: NativeFn, env: LuaTable): LuaFunction {
    const f = new LuaFunction(env, name);
    f.n = fn;
    return f;
  }

  nativeGen(name: string, fn: GenFn, env: LuaTable): LuaFunction {
    const f = new LuaFunction(env, name);
    f.ng = fn;
    return f;
  }

  /** Pushes a C frame (natives that call back into Lua), returns the saved top. */
  pushC(): number {
    const saved = this.top;
    const d = saved + 1;
    if (d - this.tails >= this.maxDepth || d >= HARD_DEPTH) {
      if (this.maxDepth < this.grownDepth) { this.maxDepth = this.grownDepth; this.relim(); }
      this.rterror('stack overflow');
    }
    this.top = d;
    this.fs[d] = null;
    return saved;
  }
}

/** Runs any Lua value as a function (the outermost generator of a thread). */
export function* callGen(S: Interp, f: unknown, args: unknown[]): Generator<any, any[], any> {
  return yield* S.call(f, args);
}

/** Error value carried by a caught JS exception (pcall, coroutine.resume). */
export function errorValue(e: unknown): unknown {
  if (e instanceof LuaError) return e.value;
  if (e instanceof RangeError) {
    // careful: little stack may be left here
    try {
      const m = e.message;
      return m.indexOf('Invalid') >= 0 && m.indexOf('length') >= 0 ? 'not enough memory' : 'stack overflow';
    } catch {
      return 'stack overflow';
    }
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

export function isFatal(e: unknown): boolean {
  return e instanceof LuaFatal;
}

/** C cast double -> 64-bit integer on x86-64 (NaN/out of range give LONG_MIN). */
export function toInteger(n: number): number {
  if (!(n > -9223372036854777856 && n < 9223372036854775808)) return -9223372036854775808;
  return Math.trunc(n);
}

/** C cast double -> 64-bit integer -> int (keeps the low 32 bits). */
export function toCInt(n: number): number {
  if (!(n > -9223372036854777856 && n < 9223372036854775808)) return 0;
  return Math.trunc(n) | 0;
}

function arithOp(ev: string, x: number, y: number): number {
  switch (ev) {
    case '__add': return x + y;
    case '__sub': return x - y;
    case '__mul': return x * y;
    case '__div': return x / y;
    case '__mod': return x - Math.floor(x / y) * y;
    case '__pow': return luaPow(x, y);
  }
  return NaN;
}

export { EMPTY };
