// Lua 5.1 math library. math.random uses Redis's deterministic rand48 generator:
// the state starts at rand48's default (0x1234ABCD330E), is shared by all scripts of
// the state, and math.randomseed(n) resets it like srand48(n).

import type { LuaState } from '../engine.js';
import { LuaTable } from '../runtime.js';
import { luaPow } from '../numfmt.js';

export class Rand48 {
  private x = 0x1234abcd330en;
  seed(s: number): void { this.x = ((BigInt.asUintN(32, BigInt(Math.trunc(s) | 0)) << 16n) | 0x330en) & 0xffffffffffffn; }
  /** Next 31-bit value (lrand48). */
  next(): number {
    this.x = (this.x * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
    return Number(this.x >> 17n);
  }
}

export function openMath(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const lib = new LuaTable();
  G.setStr('math', lib);
  const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };
  const f1 = (name: string, fn: (x: number) => number) => reg(name, (...a) => [fn(S.checkNumber(a, 1))]);

  lib.setStr('pi', Math.PI);
  lib.setStr('huge', Infinity);
  f1('abs', Math.abs);
  f1('acos', Math.acos);
  f1('asin', Math.asin);
  f1('atan', Math.atan);
  f1('ceil', Math.ceil);
  f1('cos', Math.cos);
  f1('cosh', Math.cosh);
  f1('exp', Math.exp);
  f1('floor', Math.floor);
  f1('log', Math.log);
  f1('log10', Math.log10);
  f1('sin', Math.sin);
  f1('sinh', Math.sinh);
  f1('sqrt', Math.sqrt);
  f1('tan', Math.tan);
  f1('tanh', Math.tanh);
  f1('deg', x => x * (180 / Math.PI));
  f1('rad', x => x * (Math.PI / 180));
  // Two-argument functions check argument 2 first: 5.1 checks both inside one C
  // call expression, which gcc evaluates right to left.
  reg('atan2', (...a) => { const x = S.checkNumber(a, 2); return [Math.atan2(S.checkNumber(a, 1), x)]; });
  const fmod = (...a: any[]) => { const y = S.checkNumber(a, 2); return [S.checkNumber(a, 1) % y]; };
  reg('fmod', fmod);
  reg('mod', fmod);
  reg('pow', (...a) => { const y = S.checkNumber(a, 2); return [luaPow(S.checkNumber(a, 1), y)]; });
  reg('modf', (...a) => {
    const x = S.checkNumber(a, 1);
    // C's modf: the fraction keeps x's sign (-0 for negative integers and -inf)
    if (x === Infinity || x === -Infinity) return [x, x > 0 ? 0 : -0];
    const ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
    const frac = x - ip;
    return [ip, frac === 0 && 1 / x < 0 ? -0 : frac];
  });
  const f64 = new Float64Array(1), u32 = new Uint32Array(f64.buffer);
  reg('frexp', (...a) => {
    const x = S.checkNumber(a, 1);
    if (x === 0 || !Number.isFinite(x)) return [x, 0];
    // read the exponent field; subnormals are first scaled into the normal range
    let bias = 0;
    f64[0] = x;
    if ((u32[1] & 0x7ff00000) === 0) { f64[0] = x * 2 ** 64; bias = 64; }
    const e = ((u32[1] >>> 20) & 0x7ff) - 1022 - bias;
    u32[1] = (u32[1] & 0x800fffff) | (1022 << 20); // mantissa in [0.5, 1)
    return [f64[0], e];
  });
  reg('ldexp', (...a) => {
    let e = S.checkInt(a, 2);
    const m = S.checkNumber(a, 1);
    let r = m;
    // scale in steps to avoid intermediate overflow/underflow
    while (e > 1000) { r *= Math.pow(2, 1000); e -= 1000; }
    while (e < -1000) { r *= Math.pow(2, -1000); e += 1000; }
    return [r * Math.pow(2, e)];
  });
  reg('min', (...a) => {
    let m = S.checkNumber(a, 1);
    for (let i = 2; i <= a.length; i++) { const v = S.checkNumber(a, i); if (v < m) m = v; }
    return [m];
  });
  reg('max', (...a) => {
    let m = S.checkNumber(a, 1);
    for (let i = 2; i <= a.length; i++) { const v = S.checkNumber(a, i); if (v > m) m = v; }
    return [m];
  });
  const rng = L.rng;
  reg('random', (...a) => {
    const r = (rng.next() % 0x7fffffff) / 0x7fffffff;
    switch (a.length) {
      case 0: return [r];
      case 1: {
        const u = S.checkInt(a, 1);
        if (!(1 <= u)) S.argError(1, 'interval is empty');
        return [Math.floor(r * u) + 1];
      }
      case 2: {
        const l = S.checkInt(a, 1), u = S.checkInt(a, 2);
        if (!(l <= u)) S.argError(2, 'interval is empty');
        return [Math.floor(r * (u - l + 1)) + l];
      }
      default: S.rterror('wrong number of arguments');
    }
  });
  reg('randomseed', (...a) => { rng.seed(S.checkInt(a, 1)); return []; });
}
