// Lua 5.1 coroutine library on top of generators: a coroutine owns a generator
// running its body; coroutine.yield yields the value array through the `yield*`
// chain to the resume loop, which also forwards budget PAUSE markers outwards.

import type { LuaState } from '../engine.js';
import { LuaTable, LuaFunction, Coroutine, LuaError, PAUSE } from '../runtime.js';
import { errorValue, isFatal, callGen, MAX_CCALLS, MAX_DEPTH, MAX_DEPTH_GROWN, SEGMENT } from '../interp.js';

export function openCoroutine(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const lib = new LuaTable();
  G.setStr('coroutine', lib);
  const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };
  const regG = (name: string, fn: (...a: any[]) => Generator<any, any[], any>) => { lib.setStr(name, S.nativeGen(name, fn, G)); };

  reg('create', (...a) => {
    const f = a[0];
    if (!(f instanceof LuaFunction) || f.chunk === undefined) S.argError(1, 'Lua function expected');
    return [new Coroutine(f)];
  });

  /** Resumes co; returns [ok, ...values]. */
  function* resume(co: Coroutine, args: unknown[]): Generator<any, any[], any> {
    if (co.status === 'dead') return [false, 'cannot resume dead coroutine'];
    if (co.status !== 'suspended') return [false, 'cannot resume non-suspended coroutine'];
    if (S.nCcalls >= MAX_CCALLS) return [false, 'C stack overflow'];
    S.nCcalls++;
    const prev = S.co;
    const saved = { top: S.top, fs: S.fs, lines: S.lines, nc: S.nCcalls - 1, nny: S.nny, tails: S.tails, segEnd: S.segEnd, maxDepth: S.maxDepth };
    if (prev) prev.status = 'normal';
    co.status = 'running';
    let segs = co.segs;
    let send: unknown = args;
    if (segs === null) {
      segs = co.segs = [callGen(S, co.fn, args)];
      co.ends = [SEGMENT];
      co.segEnd = SEGMENT;
      co.maxDepth = S.grownDepth === MAX_DEPTH_GROWN ? MAX_DEPTH : S.grownDepth;
      send = undefined;
    }
    const enter = () => {
      S.co = co;
      S.fs = co.fs; S.lines = co.lines; S.top = co.top; S.nny = co.nny;
      S.tails = co.tails; S.segEnd = co.segEnd; S.maxDepth = co.maxDepth; S.relim();
    };
    const leave = () => {
      co.top = S.top; co.nny = S.nny; co.tails = S.tails; co.segEnd = S.segEnd; co.maxDepth = S.maxDepth;
      S.fs = saved.fs; S.lines = saved.lines; S.top = saved.top; S.co = prev; S.nny = saved.nny;
      S.tails = saved.tails; S.segEnd = saved.segEnd; S.maxDepth = saved.maxDepth; S.relim();
    };
    enter();
    let inside = true;
    try {
      let r = S.step(segs, co.ends, send, undefined, false);
      while (!r.done && r.value === PAUSE) {
        // a budget pause inside the coroutine: suspend everything, then continue
        leave(); inside = false;
        yield PAUSE;
        enter(); inside = true;
        r = S.step(segs, co.ends, undefined, undefined, false);
      }
      leave(); inside = false;
      if (r.done) { co.status = 'dead'; return [true, ...r.value]; }
      co.status = 'suspended';
      return [true, ...(r.value as unknown[])];
    } catch (e) {
      if (inside) leave();
      inside = false;
      if (isFatal(e)) throw e;
      co.status = 'dead';
      return [false, errorValue(e)];
    } finally {
      if (inside) leave();
      if (prev) prev.status = 'running';
      S.nCcalls = saved.nc;
    }
  }

  regG('resume', function* (...a) {
    const co = a[0];
    if (!(co instanceof Coroutine)) S.argError(1, 'coroutine expected');
    return yield* resume(co, a.slice(1));
  });

  regG('yield', function* (...a) {
    // 5.1 raises this (without position) from the main thread too: scripts always
    // run inside a protected call
    if (S.co === null || S.nny > 0) throw new LuaError('attempt to yield across metamethod/C-call boundary');
    const r = yield a;
    return r as unknown[];
  });

  reg('status', (...a) => {
    const co = a[0];
    if (!(co instanceof Coroutine)) S.argError(1, 'coroutine expected');
    return [co.status];
  });

  reg('running', () => [S.co ?? undefined]);

  reg('wrap', (...a) => {
    const f = a[0];
    if (!(f instanceof LuaFunction) || f.chunk === undefined) S.argError(1, 'Lua function expected');
    const co = new Coroutine(f);
    return [S.nativeGen('wrap', function* (...args: unknown[]) {
      const r = yield* resume(co, args);
      if (r[0] === true) return r.slice(1);
      let ev = r[1];
      if (typeof ev === 'string') ev = S.where(1) + ev;
      throw new LuaError(ev);
    }, G)];
  });
}
