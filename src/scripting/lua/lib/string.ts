// Lua 5.1 string library over latin1 strings.

import type { LuaState } from '../engine.js';
import { LuaTable, LuaFunction, EMPTY, type } from '../runtime.js';
import { fmtNum, fmtAbs, nanStr } from '../numfmt.js';
import { MatchState, SPECIALS } from './lpattern.js';

/** 5.1.5's relative string position: negative counts from the end, clamped at 0. */
function posrelat(pos: number, len: number): number {
  if (pos >= 0) return pos;
  pos += len + 1;
  return pos >= 0 ? pos : 0;
}

export function openString(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const lib = new LuaTable();
  G.setStr('string', lib);
  const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };
  const regG = (name: string, fn: (...a: any[]) => Generator<any, any[], any>) => { lib.setStr(name, S.nativeGen(name, fn, G)); };
  const meta = new LuaTable();
  meta.setStr('__index', lib);
  S.stringMeta = meta;

  const perr = (msg: string): never => S.rterror(msg);

  reg('len', (...a) => [S.checkString(a, 1).length]);

  reg('sub', (...a) => {
    const s = S.checkString(a, 1);
    const l = s.length;
    let i = posrelat(S.checkInteger(a, 2), l); // 5.1.5 requires i
    let j = posrelat(S.optInteger(a, 3, -1), l);
    if (i < 1) i = 1;
    if (j > l) j = l;
    return [i <= j ? s.slice(i - 1, j) : ''];
  });

  reg('upper', (...a) => [S.checkString(a, 1).replace(/[a-z]+/g, m => m.toUpperCase())]);
  reg('lower', (...a) => [S.checkString(a, 1).replace(/[A-Z]+/g, m => m.toLowerCase())]);

  reg('rep', (...a) => {
    const s = S.checkString(a, 1);
    const n = S.checkInt(a, 2);
    if (n <= 0 || s.length === 0) return [''];
    if (s.length * n > 512 * 1024 * 1024) S.rterror('not enough memory');
    return [s.repeat(n)];
  });

  reg('reverse', (...a) => {
    const s = S.checkString(a, 1);
    let r = '';
    for (let i = s.length - 1; i >= 0; i--) r += s[i];
    return [r];
  });

  reg('byte', (...a) => {
    const s = S.checkString(a, 1);
    const l = s.length;
    let i = posrelat(S.optInteger(a, 2, 1), l);
    let j = posrelat(a[2] === undefined ? i : S.checkInteger(a, 3), l);
    if (i <= 0) i = 1;
    if (j > l) j = l;
    if (i > j) return EMPTY;
    const n = j - i + 1;
    if (n >= 8000) S.rterror('string slice too long');
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = s.charCodeAt(i - 1 + k);
    return out;
  });

  reg('char', (...a) => {
    let r = '';
    for (let i = 1; i <= a.length; i++) {
      const c = S.checkInt(a, i);
      if (c < 0 || c > 255) S.argError(i, 'invalid value');
      r += String.fromCharCode(c);
    }
    return [r];
  });

  reg('dump', (...a) => {
    if (!(a[0] instanceof LuaFunction)) S.typeArgError(1, 'function', a);
    S.rterror('unable to dump given function');
  });

  const find = (a: any[], isFind: boolean): any[] => {
    const s = S.checkString(a, 1);
    const p = S.checkString(a, 2);
    const l = s.length;
    let init = posrelat(S.optInteger(a, 3, 1), l) - 1;
    if (init < 0) init = 0;
    else if (init > l) init = l;
    if (isFind && ((a[3] !== undefined && a[3] !== false) || !SPECIALS.test(p))) {
      const idx = s.indexOf(p, init);
      if (idx < 0) return [undefined];
      return [idx + 1, idx + p.length];
    }
    const anchor = p.charCodeAt(0) === 94;
    const ms = new MatchState(s, p, perr);
    const p0 = anchor ? 1 : 0;
    let s1 = init;
    do {
      ms.level = 0;
      const e = ms.match(s1, p0);
      if (e !== -1) {
        if (isFind) return [s1 + 1, e, ...ms.captures(s1, e, false)];
        return ms.captures(s1, e, true);
      }
    } while (s1++ < l && !anchor);
    return [undefined];
  };
  reg('find', (...a) => find(a, true));
  reg('match', (...a) => find(a, false));

  reg('gmatch', (...a) => {
    const s = S.checkString(a, 1);
    const p = S.checkString(a, 2);
    let pos = 0;
    const it = S.native('gmatch_aux', () => {
      const ms = new MatchState(s, p, perr);
      for (let src = pos; src <= s.length; src++) {
        ms.level = 0;
        const e = ms.match(src, 0);
        if (e !== -1) {
          pos = e === src ? e + 1 : e;
          return ms.captures(src, e, true);
        }
      }
      pos = s.length + 1;
      return EMPTY;
    }, G);
    return [it];
  });
  lib.setStr('gfind', lib.getStr('gmatch'));

  regG('gsub', function* (...a) {
    const src = S.checkString(a, 1);
    const p = S.checkString(a, 2);
    const repl = a[2];
    const tr = type(repl);
    const maxS = a[3] === undefined ? src.length + 1 : S.checkInt(a, 4);
    if (!(tr === 'number' || tr === 'string' || tr === 'function' || tr === 'table')) S.argError(3, 'string/function/table expected');
    const anchor = p.charCodeAt(0) === 94;
    const p0 = anchor ? 1 : 0;
    const ms = new MatchState(src, p, perr);
    let s = 0;
    let n = 0;
    let out = '';
    const rs = tr === 'number' ? fmtNum(repl as number) : tr === 'string' ? repl as string : '';
    while (n < maxS) {
      ms.level = 0;
      const e = ms.match(s, p0);
      if (e !== -1) {
        n++;
        // add value
        const whole = src.slice(s, e);
        if (tr === 'string' || tr === 'number') {
          for (let i = 0; i < rs.length; i++) {
            const c = rs.charCodeAt(i);
            if (c !== 37) { out += rs[i]; continue; }
            i++;
            const d = rs.charCodeAt(i);
            // '%x' is 'x'; a '%' ending the replacement copies C's terminating '\0'
            if (!(d >= 48 && d <= 57)) { out += i < rs.length ? rs[i] : '\0'; continue; }
            if (d === 48) out += whole;
            else {
              const cv = ms.capture(d - 49, s, e);
              out += typeof cv === 'number' ? fmtNum(cv) : cv;
            }
          }
        } else {
          const cap = ms.capture(0, s, e);
          let v: unknown;
          if (tr === 'function') {
            const caps = ms.captures(s, e, true);
            v = (yield* S.callC(repl, caps))[0];
          } else {
            v = yield* S.index(repl, cap, null);
          }
          if (v === undefined || v === false) out += whole;
          else if (typeof v === 'string') out += v;
          else if (typeof v === 'number') out += fmtNum(v);
          else S.rterror(`invalid replacement value (a ${type(v)})`);
        }
      }
      if (e !== -1 && e > s) s = e;
      else if (s < src.length) out += src[s++];
      else break;
      if (anchor) break;
    }
    out += src.slice(s);
    return [out, n];
  });

  reg('format', (...a) => [format(S, a)]);
}

/** x86-64 double -> long conversion (cvttsd2si): out of range or NaN gives LONG_MIN. */
function toLong(v: number): bigint {
  if (!(v > -9223372036854777856 && v < 9223372036854775808)) return -(1n << 63n);
  return BigInt(Math.trunc(v));
}

function format(S: LuaState['S'], a: any[]): string {
  const fmt = S.checkString(a, 1);
  let out = '';
  let arg = 1;
  const n = fmt.length;
  for (let i = 0; i < n; i++) {
    const c = fmt.charCodeAt(i);
    if (c !== 37) { out += fmt[i]; continue; }
    i++;
    if (fmt.charCodeAt(i) === 37) { out += '%'; continue; }
    // the argument is checked before the directive is parsed
    arg++;
    if (arg > a.length) S.argError(arg, 'no value');
    // flags
    const fstart = i;
    while (i < n && '-+ #0'.includes(fmt[i])) i++;
    if (i - fstart > 5) S.rterror('invalid format (repeated flags)');
    const flags = fmt.slice(fstart, i);
    let wstart = i;
    while (i < n && fmt.charCodeAt(i) >= 48 && fmt.charCodeAt(i) <= 57) i++;
    if (i - wstart > 2) S.rterror('invalid format (width or precision too long)');
    const width = i > wstart ? parseInt(fmt.slice(wstart, i), 10) : 0;
    let prec = -1;
    if (fmt[i] === '.') {
      i++;
      wstart = i;
      while (i < n && fmt.charCodeAt(i) >= 48 && fmt.charCodeAt(i) <= 57) i++;
      if (i - wstart > 2) S.rterror('invalid format (width or precision too long)');
      prec = i > wstart ? parseInt(fmt.slice(wstart, i), 10) : 0;
    }
    const conv = fmt[i];
    const left = flags.includes('-');
    const zero = flags.includes('0') && !left;
    const plus = flags.includes('+');
    const space = flags.includes(' ');
    const alt = flags.includes('#');
    const pad = (body: string, sign: string, numeric: boolean): string => {
      const len = body.length + sign.length;
      if (len >= width) return sign + body;
      if (left) return sign + body + ' '.repeat(width - len);
      if (zero && numeric) return sign + '0'.repeat(width - len) + body;
      return ' '.repeat(width - len) + sign + body;
    };
    switch (conv) {
      case 'c': {
        const v = S.checkNumber(a, arg);
        const ch = Math.trunc(v) & 255;
        // C's sprintf output is measured with strlen: a NUL character ends it
        const padded = pad(String.fromCharCode(ch), '', false);
        out += ch === 0 ? padded.slice(0, padded.indexOf('\0')) : padded;
        break;
      }
      case 'd': case 'i': {
        const big = toLong(S.checkNumber(a, arg));
        const neg = big < 0n;
        let body = (neg ? -big : big).toString();
        if (prec >= 0) { if (body.length < prec) body = '0'.repeat(prec - body.length) + body; if (prec === 0 && big === 0n) body = ''; }
        out += pad(body, neg ? '-' : plus ? '+' : space ? ' ' : '', prec < 0);
        break;
      }
      case 'o': case 'u': case 'x': case 'X': {
        const v = S.checkNumber(a, arg);
        // x86-64 double -> unsigned long conversion, as compiled C does it
        const big = v >= 9223372036854775808 ? BigInt.asUintN(64, toLong(v - 9223372036854775808) ^ (1n << 63n)) : BigInt.asUintN(64, toLong(v));
        let body = big.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
        if (conv === 'X') body = body.toUpperCase();
        if (prec >= 0) { if (body.length < prec) body = '0'.repeat(prec - body.length) + body; if (prec === 0 && big === 0n) body = ''; }
        let prefix = '';
        if (alt && big !== 0n) { if (conv === 'x') prefix = '0x'; else if (conv === 'X') prefix = '0X'; }
        if (alt && conv === 'o' && body[0] !== '0') body = '0' + body;
        out += pad(body, prefix, prec < 0);
        break;
      }
      case 'e': case 'E': case 'f': case 'g': case 'G': {
        const v = S.checkNumber(a, arg);
        const neg = v < 0 || (v === 0 && 1 / v < 0) || (v !== v && nanStr(v) === '-nan');
        const sign = neg ? '-' : plus ? '+' : space ? ' ' : '';
        let body: string;
        if (!Number.isFinite(v)) {
          body = v !== v ? 'nan' : 'inf';
          if (conv === 'E' || conv === 'G') body = body.toUpperCase();
          out += pad(body, sign, false);
          break;
        }
        const lc = conv.toLowerCase() as 'e' | 'f' | 'g';
        body = fmtAbs(Math.abs(v), lc, prec < 0 ? 6 : prec, alt);
        if (conv === 'E' || conv === 'G') body = body.toUpperCase();
        out += pad(body, sign, true);
        break;
      }
      case 'q': {
        const s = S.checkString(a, arg);
        let r = '"';
        for (let k = 0; k < s.length; k++) {
          const ch = s.charCodeAt(k);
          if (ch === 34) r += '\\"';
          else if (ch === 92) r += '\\\\';
          else if (ch === 10) r += '\\\n';
          else if (ch === 13) r += '\\r';
          else if (ch === 0) r += '\\000';
          else r += s[k];
        }
        out += r + '"';
        break;
      }
      case 's': {
        let s = S.checkString(a, arg);
        if (prec < 0 && s.length >= 100) { out += s; break; }
        const z = s.indexOf('\0');
        if (z >= 0) s = s.slice(0, z);
        if (prec >= 0) s = s.slice(0, prec);
        out += pad(s, '', false);
        break;
      }
      default:
        S.rterror(`invalid option '%${conv ?? ''}' to 'format'`);
    }
  }
  return out;
}
