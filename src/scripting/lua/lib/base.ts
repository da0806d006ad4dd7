// Lua 5.1 base library (as exposed by Redis 7.0: no dofile/loadfile).

import type { LuaState } from '../engine.js';
import { LuaTable, LuaFunction, LuaError, LuaUserdata, EMPTY, type } from '../runtime.js';
import { errorValue, isFatal } from '../interp.js';
import { LuaSyntaxError } from '../lexer.js';
import { str2number } from '../lexer.js';
import { fmtNum } from '../numfmt.js';

export function openBase(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const reg = (name: string, fn: (...a: any[]) => any) => { G.setStr(name, S.native(name, fn, G)); };
  const regG = (name: string, fn: (...a: any[]) => Generator<any, any[], any>) => { G.setStr(name, S.nativeGen(name, fn, G)); };

  G.setStr('_G', G);
  G.setStr('_VERSION', 'Lua 5.1');

  reg('assert', (...a) => {
    if (a.length === 0) S.argError(1, 'value expected');
    if (a[0] === undefined || a[0] === false) {
      const msg = a.length >= 2 && a[1] !== undefined ? S.checkString(a, 2) : 'assertion failed!';
      S.rterror(msg);
    }
    return a;
  });

  reg('error', (...a) => {
    const v = a[0];
    const level = S.optInt(a, 2, 1);
    if (typeof v === 'string' && level > 0) throw new LuaError(S.where(level) + v);
    if (typeof v === 'number' && level > 0) throw new LuaError(S.where(level) + fmtNum(v));
    throw new LuaError(v);
  });

  reg('getmetatable', (...a) => {
    S.checkAny(a, 1);
    const mt = S.getmt(a[0]);
    if (mt === null) return [undefined];
    const p = mt.getStr('__metatable');
    return [p !== undefined ? p : mt];
  });

  reg('setmetatable', (...a) => {
    const t = S.checkTable(a, 1);
    const mt = a[1];
    if (a.length < 2 || (mt !== undefined && !(mt instanceof LuaTable))) S.argError(2, 'nil or table expected');
    if (t.mt !== null && t.mt.getStr('__metatable') !== undefined) S.rterror('cannot change a protected metatable');
    S.writable(t);
    t.mt = mt === undefined ? null : mt;
    return [t];
  });

  reg('rawget', (...a) => { const t = S.checkTable(a, 1); S.checkAny(a, 2); return [t.get(a[1])]; });
  reg('rawset', (...a) => {
    const t = S.checkTable(a, 1); S.checkAny(a, 2); S.checkAny(a, 3);
    S.writable(t);
    S.rawset(t, a[1], a[2]);
    return [t];
  });
  reg('rawequal', (...a) => { S.checkAny(a, 1); S.checkAny(a, 2); return [a[0] === a[1]]; });

  const ipairsAux = S.native('ipairs_aux', (t: LuaTable, i: number) => {
    i = i + 1;
    const v = t.getInt(i);
    return v === undefined ? EMPTY : [i, v];
  }, G);
  S.ipairsFn = ipairsAux;
  reg('ipairs', (...a) => { const t = S.checkTable(a, 1); return [ipairsAux, t, 0]; });

  const next = S.native('next', (...a) => {
    const t = S.checkTable(a, 1);
    const r = t.next(a[1]);
    if (r === null) S.badNext();
    return r === undefined ? [undefined] : r;
  }, G);
  G.setStr('next', next);
  S.nextFn = next;
  reg('pairs', (...a) => { const t = S.checkTable(a, 1); return [next, t, undefined]; });

  reg('select', (...a) => {
    const n = a.length;
    if (typeof a[0] === 'string' && a[0].charCodeAt(0) === 35) return [n - 1];
    let i = S.checkInt(a, 1);
    if (i < 0) i = n + i;
    else if (i > n) i = n;
    if (i < 1) S.argError(1, 'index out of range');
    return a.slice(i);
  });

  reg('tonumber', (...a) => {
    const base = a.length >= 2 && a[1] !== undefined ? S.checkInt(a, 2) : 10;
    if (base === 10) {
      S.checkAny(a, 1);
      const v = a[0];
      if (typeof v === 'number') return [v];
      if (typeof v === 'string') return [str2number(v)];
      return [undefined];
    }
    const s = S.checkString(a, 1);
    if (base < 2 || base > 36) S.argError(2, 'base out of range');
    return [strtoul(s, base)];
  });

  regG('tostring', function* (...a) {
    S.checkAny(a, 1);
    return [yield* S.tostring(a[0])];
  });

  reg('type', (...a) => { S.checkAny(a, 1); return [type(a[0])]; });

  reg('unpack', (...a) => {
    const t = S.checkTable(a, 1);
    const i = S.optInt(a, 2, 1);
    const j = a[2] === undefined ? t.length() : S.checkInt(a, 3);
    if (i > j) return EMPTY;
    const n = j - i + 1;
    if (n >= 8000 || !Number.isFinite(n)) S.rterror('too many results to unpack');
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = t.getInt(i + k);
    return out;
  });

  regG('pcall', function* (...a) {
    S.checkAny(a, 1);
    const saved = S.pushC();
    const c = S.nCcalls, tails = S.tails;
    try {
      const r = yield* S.callP(a[0], a.slice(1));
      S.top = saved;
      return [true, ...r];
    } catch (e) {
      if (isFatal(e)) throw e;
      S.unwind(saved, tails); S.nCcalls = c;
      return [false, errorValue(e)];
    }
  });

  regG('xpcall', function* (...a) {
    S.checkAny(a, 2);
    const saved = S.pushC();
    const c = S.nCcalls, tails = S.tails;
    try {
      const r = yield* S.callP(a[0], []);
      S.top = saved;
      return [true, ...r];
    } catch (e) {
      if (isFatal(e)) throw e;
      S.nCcalls = c;
      const ev = errorValue(e);
      try {
        const r = yield* S.callP(a[1], [ev]);
        S.unwind(saved, tails);
        return [false, ...r];
      } catch (e2) {
        if (isFatal(e2)) throw e2;
        S.unwind(saved, tails);
        return [false, errorValue(e2)];
      }
    }
  });

  reg('loadstring', (...a) => {
    const s = S.checkString(a, 1);
    const name = S.optString(a, 2, s);
    try {
      return [L.compile(s, name, G)];
    } catch (e) {
      if (e instanceof LuaSyntaxError) return [undefined, e.message];
      throw e;
    }
  });

  regG('load', function* (...a) {
    const f = a[0];
    if (!(f instanceof LuaFunction)) S.typeArgError(1, 'function', a);
    const name = S.optString(a, 2, '=(load)');
    let src = '';
    for (;;) {
      const r = (yield* S.callC(f, []))[0];
      if (r === undefined || r === '') break;
      if (typeof r !== 'string') return [undefined, 'reader function must return a string'];
      src += r;
    }
    try {
      return [L.compile(src, name, G)];
    } catch (e) {
      if (e instanceof LuaSyntaxError) return [undefined, e.message];
      throw e;
    }
  });

  const getFunc = (a: any[], what: string): LuaFunction | null => {
    const v = a[0];
    if (v instanceof LuaFunction) return v;
    const level = v === undefined ? 1 : S.checkInt(a, 1);
    if (level < 0) S.argError(1, 'level must be non-negative');
    if (level === 0) return null;
    // walk Lua frames downwards
    let i = S.top - (level - 1);
    if (i < 1) S.argError(1, 'invalid level');
    const f = S.fs[i];
    return f ?? null;
  };

  reg('getfenv', (...a) => {
    const f = getFunc(a, 'getfenv');
    if (f === null) return [G];
    return [f.env];
  });

  reg('setfenv', (...a) => {
    const t = S.checkTable(a, 2);
    const v = a[0];
    if (typeof v === 'number' && v === 0) { return EMPTY; }
    const f = getFunc(a, 'setfenv');
    if (f === null || f.g === null) {
      S.rterror("'setfenv' cannot change environment of given object");
    }
    f!.env = t;
    return [f];
  });

  reg('collectgarbage', (...a) => {
    const opt = S.optString(a, 1, 'collect');
    switch (opt) {
      case 'count': return [process.memoryUsage().heapUsed / 1024];
      case 'step': return [false];
      case 'collect': case 'stop': case 'restart': case 'setpause': case 'setstepmul': return [0];
      default: S.argError(1, `invalid option '${opt}'`);
    }
  });
  reg('gcinfo', () => [Math.floor(process.memoryUsage().heapUsed / 1024)]);

  regG('print', function* (...a) {
    const parts: string[] = [];
    for (const v of a) {
      const s = (yield* S.tostring(v)) as string;
      if (typeof s !== 'string') {
        if (typeof s === 'number') { parts.push(fmtNum(s)); continue; }
        S.rterror("'tostring' must return a string to 'print'");
      }
      const z = s.indexOf('\0');
      parts.push(z >= 0 ? s.slice(0, z) : s);
    }
    L.print(parts.join('\t'));
    return EMPTY;
  });

  reg('newproxy', (...a) => {
    const u = new LuaUserdata(null);
    if (a[0] === true) u.mt = new LuaTable();
    return [u];
  });

}


/** C strtoul with Lua 5.1's tonumber(s, base) checks; undefined when not a number. */
function strtoul(s: string, base: number): number | undefined {
  let i = 0;
  const n = s.length;
  while (i < n && /\s/.test(s[i])) i++;
  let neg = false;
  if (s[i] === '-') { neg = true; i++; } else if (s[i] === '+') i++;
  if (base === 16 && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) i += 2;
  let v = 0n;
  const start = i;
  const B = BigInt(base);
  let overflow = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 122) d = c - 87;
    else if (c >= 65 && c <= 90) d = c - 55;
    else break;
    if (d >= base) break;
    v = v * B + BigInt(d);
    if (v > 0xffffffffffffffffn) overflow = true;
  }
  if (i === start) return undefined;
  while (i < n && /\s/.test(s[i])) i++;
  if (i !== n) return undefined;
  if (overflow) v = 0xffffffffffffffffn;
  else if (neg) v = (1n << 64n) - v;
  return Number(v);
}
