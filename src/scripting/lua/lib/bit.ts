// bit library (LuaBitOp semantics as bundled with Redis): 32-bit operations on numbers.

import type { LuaState } from '../engine.js';
import { LuaTable } from '../runtime.js';

export function openBit(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const lib = new LuaTable();
  G.setStr('bit', lib);
  const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };
  // LuaBitOp normalises numbers by adding 2^52+2^51 and taking the low 32 bits,
  // which rounds to nearest (ties to even) and wraps modulo 2^32.
  const tobit = (a: any[], i: number): number => {
    const n = S.checkNumber(a, i);
    const f = new Float64Array([n + 6755399441055744.0]);
    return new Int32Array(f.buffer)[0];
  };
  reg('tobit', (...a) => [tobit(a, 1)]);
  reg('bnot', (...a) => [~tobit(a, 1)]);
  const fold = (name: string, op: (x: number, y: number) => number) => reg(name, (...a) => {
    // LuaBitOp reads the first argument, then the others from the last one down
    // (which decides the argument named by a type error).
    let r = tobit(a, 1);
    for (let i = a.length; i >= 2; i--) r = op(r, tobit(a, i));
    return [r | 0];
  });
  fold('band', (x, y) => x & y);
  fold('bor', (x, y) => x | y);
  fold('bxor', (x, y) => x ^ y);
  reg('lshift', (...a) => [tobit(a, 1) << (tobit(a, 2) & 31)]);
  reg('rshift', (...a) => [(tobit(a, 1) >>> (tobit(a, 2) & 31)) | 0]);
  reg('arshift', (...a) => [tobit(a, 1) >> (tobit(a, 2) & 31)]);
  reg('rol', (...a) => { const x = tobit(a, 1), n = tobit(a, 2) & 31; return [((x << n) | (x >>> (32 - n))) | 0]; });
  reg('ror', (...a) => { const x = tobit(a, 1), n = tobit(a, 2) & 31; return [((x >>> n) | (x << (32 - n))) | 0]; });
  reg('bswap', (...a) => {
    const x = tobit(a, 1);
    return [((x >>> 24) | ((x >> 8) & 0xff00) | ((x & 0xff00) << 8) | (x << 24)) | 0];
  });
  reg('tohex', (...a) => {
    const x = tobit(a, 1);
    let n = a.length >= 2 ? tobit(a, 2) : 8;  // an explicit nil is a type error
    let upper = false;
    if (n < 0) { n = -n; upper = true; }
    if (n > 8) n = 8;
    let s = (x >>> 0).toString(16).padStart(8, '0').slice(8 - n);
    if (upper) s = s.toUpperCase();
    return [s];
  });
}
