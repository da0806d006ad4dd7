// Lua 5.1 coroutine library on top of generators: a coroutine owns a generator
// running its body; coroutine.yield yields the value array through the `yield*`
// chain to the resume loop, which also forwards budget PAUSE markers outwards.

import type { LuaState } from '../engine.js';
import { LuaTable, LuaFunction, Coroutine, LuaError, PAUSE } from '../runtime.js';
import { errorValue, isFatal, MAX_CCALLS } from '../interp.js';

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
    const saved = { top: S.top, fs: S.fs, lines: S.lines, nc: S.nCcalls - 1, nny: S.nny };
    if (prev) prev.status = 'normal';
    co.status = 'running';
    S.co = co;
    S.fs = co.fs; S.lines = co.lines; S.top = co.top; S.nny = co.nny;
    try {
      let r: IteratorResult<any, any[]>;
      if (co.gen === null) {
        const fn = co.fn;
        co.gen = (function* () { return yield* S.call(fn, args); })();
        r = co.gen.next();
      } else r = co.gen.next(args);
      while (!r.done && r.value === PAUSE) {
        // a budget pause inside the coroutine: suspend everything, then continue
        co.top = S.top; co.nny = S.nny;
        S.fs = saved.fs; S.lines = saved.lines; S.top = saved.top; S.co = prev; S.nny = saved.nny;
        yield PAUSE;
        S.co = co; S.fs = co.fs; S.lines = co.lines; S.top = co.top; S.nny = co.nny;
        r = co.gen.next();
      }
      if (r.done) { co.status = 'dead'; return [true, ...r.value]; }
      co.top = S.top;
      co.status = 'suspended';
      return [true, ...(r.value as unknown[])];
    } catch (e) {
      if (isFatal(e)) throw e;
      co.status = 'dead';
      return [false, errorValue(e)];
    } finally {
      S.co = prev;
      if (prev) prev.status = 'running';
      S.fs = saved.fs; S.lines = saved.lines; S.top = saved.top; S.nCcalls = saved.nc; S.nny = saved.nny;
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
