// Lua 5.1 table library (raw accesses, 5.1's quicksort so results match for ties).

import type { LuaState } from '../engine.js';
import { LuaTable, LuaFunction, EMPTY, type } from '../runtime.js';
import { fmtNum } from '../numfmt.js';

export function openTable(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const lib = new LuaTable();
  G.setStr('table', lib);
  const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };
  const regG = (name: string, fn: (...a: any[]) => Generator<any, any[], any>) => { lib.setStr(name, S.nativeGen(name, fn, G)); };

  reg('getn', (...a) => [S.checkTable(a, 1).length()]);
  reg('setn', (...a) => { S.checkTable(a, 1); S.rterror("'setn' is obsolete"); });
  reg('maxn', (...a) => {
    const t = S.checkTable(a, 1);
    let max = 0;
    for (let i = t.arr.length; i >= 1; i--) if (t.arr[i - 1] !== undefined) { max = i; break; }
    for (const k of t.hashKeys()) if (typeof k === "number" && k > max) max = k;
    return [max];
  });

  reg('insert', (...a) => {
    const t = S.checkTable(a, 1);
    if (a.length === 2 || a.length === 3) S.writable(t);
    let e = t.length() + 1;
    let pos = 0;
    switch (a.length) {
      case 2: pos = e; break;
      case 3: {
        pos = S.checkInt(a, 2);
        if (pos > e) e = pos;
        for (let i = e; i > pos; i--) t.set(i, t.getInt(i - 1));
        break;
      }
      default: S.rterror("wrong number of arguments to 'insert'");
    }
    S.rawset(t, pos, a[a.length - 1]);
    return EMPTY;
  });

  reg('remove', (...a) => {
    const t = S.checkTable(a, 1);
    const e = t.length();
    let pos = S.optInt(a, 2, e);
    if (!(1 <= pos && pos <= e)) return EMPTY;
    S.writable(t);
    const v = t.getInt(pos);
    for (; pos < e; pos++) t.set(pos, t.getInt(pos + 1));
    t.set(e, undefined);
    return [v];
  });

  reg('concat', (...a) => {
    const sep = S.optString(a, 2, ''); // 5.1 checks the separator first
    const t = S.checkTable(a, 1);
    const i = S.optInt(a, 3, 1);
    const j = a[3] === undefined ? t.length() : S.checkInt(a, 4);
    const parts: string[] = [];
    for (let k = i; k <= j; k++) {
      const v = t.getInt(k);
      if (typeof v === 'string') parts.push(v);
      else if (typeof v === 'number') parts.push(fmtNum(v));
      else S.rterror(`invalid value (${type(v)}) at index ${k} in table for 'concat'`);
    }
    return [parts.join(sep)];
  });

  regG('foreachi', function* (...a) {
    const t = S.checkTable(a, 1);
    const f = a[1];
    if (!(f instanceof LuaFunction)) S.typeArgError(2, 'function', a);
    const n = t.length();
    for (let i = 1; i <= n; i++) {
      const r = (yield* S.callC(f, [i, t.getInt(i)]))[0];
      if (r !== undefined) return [r];
    }
    return EMPTY;
  });

  regG('foreach', function* (...a) {
    const t = S.checkTable(a, 1);
    const f = a[1];
    if (!(f instanceof LuaFunction)) S.typeArgError(2, 'function', a);
    let k: any = undefined;
    for (;;) {
      const e = t.next(k);
      if (!e) break;
      k = e[0];
      const r = (yield* S.callC(f, [e[0], e[1]]))[0];
      if (r !== undefined) return [r];
    }
    return EMPTY;
  });

  regG('sort', function* (...a) {
    const t = S.checkTable(a, 1);
    const n = t.length();
    const comp = a[1];
    if (n > 1) S.writable(t);
    if (comp !== undefined && !(comp instanceof LuaFunction)) S.typeArgError(2, 'function', a);
    const lt = comp === undefined
      ? function* (x: unknown, y: unknown) { return typeof x === 'number' && typeof y === 'number' ? x < y : yield* S.lt(x, y, true); }
      : function* (x: unknown, y: unknown) { const r = (yield* S.callC(comp, [x, y]))[0]; return r !== undefined && r !== false; };
    const get = (i: number) => t.getInt(i);
    const set = (i: number, v: unknown) => t.set(i, v);
    const bad = () => S.rterror('invalid order function for sorting');
    function* auxsort(l: number, u: number): Generator<any, void, any> {
      while (l < u) {
        if (yield* lt(get(u), get(l))) { const x = get(l); set(l, get(u)); set(u, x); }
        if (u - l === 1) break;
        let i = Math.floor((l + u) / 2);
        if (yield* lt(get(i), get(l))) { const x = get(i); set(i, get(l)); set(l, x); }
        else if (yield* lt(get(u), get(i))) { const x = get(i); set(i, get(u)); set(u, x); }
        if (u - l === 2) break;
        const P = get(i);
        { const x = get(u - 1); set(i, x); set(u - 1, P); }
        i = l;
        let j = u - 1;
        for (;;) {
          while (yield* lt(get(++i), P)) { if (i > u) bad(); }
          while (yield* lt(P, get(--j))) { if (j < l) bad(); }
          if (j < i) break;
          const x = get(i); set(i, get(j)); set(j, x);
        }
        { const x = get(u - 1); set(u - 1, get(i)); set(i, x); }
        if (i - l < u - i) { j = l; i = i - 1; l = i + 2; }
        else { j = i + 1; i = u; u = j - 2; }
        yield* auxsort(j, i);
      }
    }
    yield* auxsort(1, n);
    return EMPTY;
  });
}
