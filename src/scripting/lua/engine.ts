// Respite's Lua 5.1 engine: public API.
//
// DESIGN
// ------
// Lua source is parsed (parser.ts, a recursive-descent parser reproducing 5.1's
// grammar and syntax error messages) and compiled to JavaScript source
// (compiler.ts), which V8 compiles and JIT-optimises like any other JS. Every Lua
// function (prototype) becomes one JS *generator* function, a closure being that
// function plus its upvalue boxes, and every Lua call is a `yield*` delegation.
// That single choice gives us:
//   * pausing: the instruction budget is decremented at every function entry and
//     loop back-edge; when it runs out the host hook runs and may ask to pause. A
//     PAUSE marker is then yielded through the whole chain of `yield*`, the JS stack
//     unwinds to the host and the script can be resumed later with its Lua stack
//     intact (LuaState.start() returns a LuaTask). A single-threaded server can thus
//     keep serving SCRIPT KILL / -BUSY replies while a slow script runs;
//   * interruption: the hook can instead throw a LuaFatal error, which pcall does
//     not catch;
//   * coroutines for free: coroutine.yield yields its value array and
//     coroutine.resume drives the coroutine's generator (forwarding PAUSE markers).
// Alternatives considered: a tree of closures (fast, but cannot pause without
// threads) and a CPS/state-machine transform (slower than V8's native generators and
// much more complex). Cost measured on this machine (bench/lua-bench.mjs, best of 7,
// lua5.1 = Debian's interpreter): a 1M-iteration arithmetic loop runs in ~6 ms vs
// ~12 ms for lua5.1 (loops stay inside one generator, so they are plain JIT code);
// call-heavy code (fib(25)) takes ~12 ms vs ~5 ms, the price of one generator object
// and one result array per call (~50 ns; ~250 ns per call beyond ~1000 levels, where
// live generators cost the GC more); table, string and pattern work is on par or
// faster. Creating a closure costs what allocating a LuaFunction costs: no JS
// function is created at run time (a fresh generator function costs V8 ~2 us on its
// first call).
//
// Values: nil=undefined, booleans, numbers (doubles), strings (latin1 JS strings,
// one char per byte), LuaTable, LuaFunction, Coroutine, LuaUserdata (runtime.ts).
// Tables emulate 5.1's layout (array part sizing, node vector, string/number hashes)
// so `#t` borders and pairs() order are the same as real Lua 5.1 / Redis.
//
// Operators compile to inline fast paths (e.g. `typeof a === 'number' && typeof b ===
// 'number' ? a + b : yield* S.arith(...)`); the slow paths in interp.ts implement
// coercions, metamethods and 5.1's exact runtime error messages, with variable
// descriptions ("local 'x'", "global 'f'", "field 'k'", "method 'm'") computed at
// compile time and "chunk:line:" prefixes from a per-frame line slot.
//
// Call depth: each Lua call takes a frame slot and the limit is Lua 5.1's
// (16384 call records, 20000 once the thread has overflowed once: see interp.ts),
// with the same "stack overflow" error; tail calls do not count, as in Lua.
// The JS stack stays bounded whatever the depth: a thread's generators run as a
// stack of segments (Interp.step), a callee beyond its segment's quota being
// handed back to the driver to run from a shallow JS frame. Metamethod and
// library-callback recursion beyond 200 levels gets "C stack overflow".
//
// USAGE
//   const L = new LuaState({ chunkName: 'user_script', sandbox: true });
//   L.setGlobal('KEYS', L.toLua(['k1']));
//   L.register('log', (...args) => { ... });          // host function
//   const fn = L.load(source);                          // throws LuaSyntaxError
//   const results = L.call(fn, [arg1]);                 // throws LuaError (e.value)
//   L.setBudget(10000, () => busy ? 'pause' : undefined);
//   const task = L.start(fn); let r = task.resume(); while (!r.done) r = task.resume();

import { parse, LuaSyntaxError } from './parser.js';
import { chunkId } from './lexer.js';
import { compileChunk } from './compiler.js';
import { Interp, errorValue, callGen, FIRST_SEGMENT } from './interp.js';
import { LuaTable, LuaFunction, LuaError, LuaFatal, LuaUserdata, Coroutine, PAUSE, EMPTY, LuaValue, tostr } from './runtime.js';
import { openBase } from './lib/base.js';
import { openString } from './lib/string.js';
import { openTable } from './lib/table.js';
import { openMath, Rand48 } from './lib/math.js';
import { openOs } from './lib/os.js';
import { openCoroutine } from './lib/coroutine.js';
import { openBit } from './lib/bit.js';
import { openCjson } from './lib/cjson.js';
import { openCmsgpack } from './lib/cmsgpack.js';
import { openStruct } from './lib/struct.js';

export { LuaTable, LuaFunction, LuaError, LuaFatal, LuaUserdata, Coroutine, LuaSyntaxError };
export type { LuaValue };

export interface LuaOptions {
  /** Chunk name used in error messages; default "user_script" (shown as `user_script:LINE:`). */
  chunkName?: string;
  /** Protect globals like Redis 7.0 (errors on reading/creating undeclared globals). */
  sandbox?: boolean;
  /**
   * Fixed maximum Lua call depth before "stack overflow". By default the limit
   * is Lua 5.1's: 16384 call records, 20000 once a thread has overflowed.
   */
  maxDepth?: number;
  /** Which optional libraries to open (default: all). */
  libs?: { bit?: boolean; cjson?: boolean; coroutine?: boolean; cmsgpack?: boolean; struct?: boolean };
}

export type HostFunction = (this: LuaState, ...args: LuaValue[]) => LuaValue | LuaValue[] | void;

/** What a budget hook may return: 'pause' suspends the script (only under start()). */
export type BudgetHook = () => 'pause' | void;

export class LuaState {
  readonly S = new Interp();
  readonly globals = new LuaTable();
  readonly chunkName: string;
  readonly registry = new LuaTable();
  /** Deterministic generator behind math.random (Redis reseeds it with 0 per script). */
  readonly rng = new Rand48();
  /** Output of the Lua `print` function (latin1 text, without the newline). */
  print: (line: string) => void = line => { process.stdout.write(Buffer.from(line + '\n', 'latin1')); };

  constructor(opts: LuaOptions = {}) {
    this.chunkName = opts.chunkName ?? 'user_script';
    if (opts.maxDepth !== undefined) { this.S.maxDepth = this.S.mainMaxDepth = this.S.grownDepth = opts.maxDepth; this.S.relim(); }
    openBase(this);
    openString(this);
    openTable(this);
    openMath(this);
    openOs(this);
    if (opts.libs?.coroutine !== false) openCoroutine(this);
    if (opts.libs?.bit !== false) openBit(this);
    if (opts.libs?.cjson !== false) openCjson(this);
    if (opts.libs?.struct !== false) openStruct(this);
    if (opts.libs?.cmsgpack !== false) openCmsgpack(this);
    if (opts.sandbox) this.protectGlobals();
  }

  /** Compiles source into a function; throws LuaSyntaxError on syntax errors. */
  load(source: string, chunkName?: string): LuaFunction {
    const name = chunkName ?? '@' + this.chunkName;
    return this.compile(source, name, this.globals);
  }

  /** Compiles with a raw chunk name ("@x", "=x" or source text), used by loadstring. */
  compile(source: string, chunkName: string, env: LuaTable): LuaFunction {
    const id = chunkId(chunkName);
    const ast = parse(source, chunkId(chunkName, 80));
    const js = compileChunk(ast, id);
    const main = new Function('S', 'LT', 'LF', 'EMPTY', js)(this.S, LuaTable, LuaFunction, EMPTY);
    const f = new LuaFunction(env, 'main chunk');
    f.chunk = id;
    f.g = main;
    return f;
  }

  setGlobal(name: string, value: LuaValue): void { this.globals.setStr(name, value); }
  getGlobal(name: string): LuaValue { return this.globals.getStr(name); }

  /** Wraps a host function as a Lua function. Its arguments/results are Lua values. */
  fn(name: string, f: HostFunction): LuaFunction {
    const self = this;
    const lf = new LuaFunction(this.globals, name);
    lf.n = (...args: LuaValue[]) => {
      const r = f.apply(self, args);
      if (r === undefined) return EMPTY;
      return Array.isArray(r) ? r : [r];
    };
    return lf;
  }

  /** Registers a host function as a global (or in a table, when given). */
  register(name: string, f: HostFunction, table: LuaTable = this.globals): LuaFunction {
    const lf = this.fn(name, f);
    table.setStr(name, lf);
    return lf;
  }

  /** Raises a Lua error from a host function (value may be any Lua value). */
  error(value: LuaValue, level = 1): never {
    if (typeof value === 'string' && level > 0) throw new LuaError(this.S.where(level) + value);
    throw new LuaError(value);
  }

  /** Sets the instruction budget hook, called every `every` budget units (loop iterations/calls). */
  setBudget(every: number, hook: BudgetHook | null): void {
    this.S.budgetStep = every;
    this.S.budget = every;
    this.S.hook = hook;
  }

  /** Runs a function to completion synchronously; returns its results. Throws LuaError. */
  call(f: LuaValue, args: LuaValue[] = []): LuaValue[] {
    const task = this.start(f, args);
    for (;;) {
      const r = task.resume();
      if (r.done) return r.results;
    }
  }

  /** A finished task given back by its owner (see recycle), reused by the next start. */
  private spare: LuaTask | null = null;

  /** Starts a function as a resumable task (pauses when the budget hook returns 'pause'). */
  start(f: LuaValue, args: LuaValue[] = []): LuaTask {
    const t = this.spare;
    if (t === null) return new LuaTask(this, f, args);
    this.spare = null;
    t.init(f, args);
    return t;
  }

  /** Gives a finished task back for reuse (its owner must not use it afterwards). */
  recycle(t: LuaTask): void {
    if (t.done) this.spare = t;
  }

  /** Converts a JS value into a Lua value (arrays/objects become tables). */
  toLua(v: unknown): LuaValue {
    if (v === null || v === undefined) return undefined;
    switch (typeof v) {
      case 'boolean': case 'number': case 'string': return v;
      case 'bigint': return Number(v);
      case 'function': return this.fn('?', v as HostFunction);
    }
    if (v instanceof LuaTable || v instanceof LuaFunction || v instanceof LuaUserdata || v instanceof Coroutine) return v;
    const t = new LuaTable();
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) t.set(i + 1, this.toLua(v[i]));
    } else {
      for (const [k, x] of Object.entries(v as object)) t.set(k, this.toLua(x));
    }
    return t;
  }

  /** Converts a Lua table into a JS array (array part) or object; other values unchanged. */
  fromLua(v: LuaValue, depth = 0): unknown {
    if (!(v instanceof LuaTable) || depth > 100) return v;
    if (!v.hasHash()) {
      const n = v.length();
      const out: unknown[] = [];
      for (let i = 1; i <= n; i++) out.push(this.fromLua(v.getInt(i), depth + 1));
      return out;
    }
    const o: Record<string, unknown> = {};
    let k: unknown = undefined;
    for (;;) {
      const e = v.next(k);
      if (!e) break;
      k = e[0];
      o[typeof k === 'string' ? k : tostr(k)] = this.fromLua(e[1], depth + 1);
    }
    return o;
  }

  newTable(): LuaTable { return new LuaTable(); }

  /**
   * Redis 7.0 sandbox: library tables and the globals table become read-only
   * ("Attempt to modify a readonly table") and reading an undefined global raises
   * "Script attempted to access nonexistent global variable 'x'". Also removes the
   * functions Redis does not expose (print, setfenv, getfenv, newproxy, os).
   */
  protectGlobals(): void {
    const G = this.globals;
    const S = this.S;
    for (const name of ['print', 'setfenv', 'getfenv', 'newproxy', 'os']) G.setStr(name, undefined);
    const mt = new LuaTable();
    mt.setStr('__index', S.native('__index', (_t: unknown, k: unknown) => {
      S.rterror(`Script attempted to access nonexistent global variable '${tostr(k)}'`);
    }, G));
    G.mt = mt;
    this.makeReadonly(G);
    if (S.stringMeta) S.stringMeta.ro = true;
  }

  /** Marks a table and the library tables it holds read-only. */
  makeReadonly(t: LuaTable): void {
    t.ro = true;
    for (const k of t.hashKeys()) { const v = t.getStr(k); if (v instanceof LuaTable && !v.ro && v !== t) v.ro = true; }
  }
}

export type TaskResult = { done: true; results: LuaValue[] } | { done: false };
const PAUSED: TaskResult = { done: false };

/** A running script that can be paused by the budget hook and resumed later. */
export class LuaTask {
  /** Segments of the generator stack (see Interp.step) and where each ends. */
  private segs: Generator<any, any[], any>[];
  private ends: number[] = [FIRST_SEGMENT];
  private savedTop = 0;
  private savedTails = 0;
  private savedEnd = FIRST_SEGMENT;
  /** Frame slots of this task (swapped in while it runs, so paused tasks keep them). */
  private fs: (LuaFunction | null)[] = [null];
  private lines: number[] = [0];
  private savedC = 0;
  private savedNny = 0;
  private started = false;
  private finished = false;
  /** Where the error that ended the task was raised: innermost Lua function and its line. */
  errorFrame: LuaFunction | null = null;
  errorLine = 0;

  constructor(private L: LuaState, f: LuaValue, args: LuaValue[]) {
    this.segs = [f instanceof LuaFunction && f.g !== null ? f.g(f, ...args) : callGen(L.S, f, args)];
  }

  /** What resume() returns at the end (one object per task: read it before resuming another run of the task). */
  private readonly doneResult: { done: true; results: LuaValue[] } = { done: true, results: EMPTY };

  /** Reuses a finished task for a new run (LuaState.start). */
  init(f: LuaValue, args: LuaValue[]): void {
    // a finished task is down to its outermost segment (inner ones end or throw first)
    const segs = this.segs, ends = this.ends;
    while (segs.length > 1) segs.pop();
    while (ends.length > 1) ends.pop();
    segs[0] = f instanceof LuaFunction && f.g !== null ? (args.length === 0 ? f.g(f) : f.g(f, ...args)) : callGen(this.L.S, f, args);
    ends[0] = FIRST_SEGMENT;
    // frames left by a deep run would keep old closures alive
    if (this.fs.length > 4096) { this.fs = [null]; this.lines = [0]; }
    this.savedTop = 0; this.savedTails = 0; this.savedEnd = FIRST_SEGMENT; this.savedC = 0; this.savedNny = 0;
    this.started = false;
    this.finished = false;
    this.errorFrame = null;
    this.errorLine = 0;
  }

  /** Runs until completion or the next pause. Throws LuaError on script errors. */
  resume(): TaskResult {
    if (this.finished) throw new Error('task already finished');
    const S = this.L.S;
    const outerTop = S.top, outerTails = S.tails, outerEnd = S.segEnd, outerMax = S.maxDepth;
    const outerC = S.nCcalls;
    const outerNny = S.nny;
    const outerFs = S.fs, outerLines = S.lines, outerCo = S.co;
    try {
      if (this.started) { S.top = this.savedTop; S.tails = this.savedTails; S.segEnd = this.savedEnd; S.nCcalls = this.savedC; S.nny = this.savedNny; }
      else { S.top = 0; S.tails = 0; S.segEnd = FIRST_SEGMENT; S.nCcalls = 1; S.nny = 0; } // the host's protected call counts as one C call, as in Redis
      S.maxDepth = S.mainMaxDepth;
      S.relim();
      S.fs = this.fs; S.lines = this.lines; S.co = null;
      this.started = true;
      const r = S.step(this.segs, this.ends, undefined, undefined, false);
      if (r.done) {
        this.finished = true;
        const d = this.doneResult;
        d.results = r.value;
        return d;
      }
      if (r.value !== PAUSE) throw new LuaError('attempt to yield across metamethod/C-call boundary');
      this.savedTop = S.top;
      this.savedTails = S.tails;
      this.savedEnd = S.segEnd;
      this.savedC = S.nCcalls;
      this.savedNny = S.nny;
      return PAUSED;
    } catch (e) {
      this.finished = true;
      // the frames are still those of the error's origin (nothing unwinds them on the way out)
      let i = S.top;
      if (i >= 1 && S.fs[i] === null) i--;
      if (i >= 1) { this.errorFrame = S.fs[i]; this.errorLine = S.lineAt(i); }
      if (e instanceof LuaError) throw e;
      if (e instanceof RangeError) throw new LuaError(errorValue(e));
      throw e;
    } finally {
      S.mainMaxDepth = S.maxDepth;
      S.top = outerTop; S.tails = outerTails; S.segEnd = outerEnd; S.maxDepth = outerMax;
      S.relim();
      S.nCcalls = outerC;
      S.nny = outerNny;
      S.fs = outerFs; S.lines = outerLines; S.co = outerCo;
    }
  }

  get done(): boolean { return this.finished; }
}
