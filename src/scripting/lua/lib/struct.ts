// struct library: binary packing with the behaviour of the lua-struct 0.2 bundled in
// Redis 7.0 (x86-64 sizes, little-endian native order; checked against Redis).
//
// Format: a sequence of options, read up to the first NUL byte.
//   >  <       big / little endian ('=' is NOT accepted by Redis's version)
//   !n         maximum alignment n (a power of 2; default 8 when n is omitted)
//   b B        char (1)      h H  short (2)   l L  long (8)   T  size_t (8)
//   i[n] I[n]  int of n bytes (default 4, at most 32)
//   f d        float / double     x  one zero byte of padding
//   s          zero-terminated string     c[n]  n bytes (c0: whole string when packing,
//                                                 length taken from the previous result when unpacking)
//   ' '        ignored
// Lowercase integer letters are signed. Values are computed in 64 bits like the C
// code does on x86-64: integers wider than 8 bytes keep only the low 64 bits (and the
// sign mask uses the shift count modulo 64), out-of-range doubles convert as x86's
// cvttsd2si does (0x8000000000000000 "integer indefinite").

import type { LuaState } from '../engine.js';
import { LuaTable } from '../runtime.js';
import { str2number } from '../lexer.js';
import { nanNegative, signedNaN } from '../numfmt.js';

const MAXINTSIZE = 32;
const MAXALIGN = 8;
const INT_MAX = 0x7fffffff;
const M64 = (1n << 64n) - 1n;
const INDEFINITE = 1n << 63n;
const TWO63 = 9223372036854775808;

interface Header { big: boolean; align: number }

/** Reads an optional decimal number at fmt[pos.i]. */
function getnum(L: LuaState, fmt: string, pos: { i: number }, df: number): number {
  let c = fmt.charCodeAt(pos.i);
  if (!(c >= 48 && c <= 57)) return df;
  let a = 0;
  do {
    const d = c - 48;
    if (a > Math.floor(INT_MAX / 10) || a * 10 > INT_MAX - d) L.S.rterror('integral size overflow');
    a = a * 10 + d;
    c = fmt.charCodeAt(++pos.i);
  } while (c >= 48 && c <= 57);
  return a;
}

function optsize(L: LuaState, opt: string, fmt: string, pos: { i: number }): number {
  switch (opt) {
    case 'B': case 'b': return 1;
    case 'H': case 'h': return 2;
    case 'L': case 'l': case 'T': return 8;
    case 'f': return 4;
    case 'd': return 8;
    case 'x': return 1;
    case 'c': return getnum(L, fmt, pos, 1);
    case 'i': case 'I': {
      const sz = getnum(L, fmt, pos, 4);
      if (sz > MAXINTSIZE) L.S.rterror(`integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default: return 0;
  }
}

function gettoalign(len: number, h: Header, opt: string, size: number): number {
  if (size === 0 || opt === 'c') return 0;
  if (size > h.align) size = h.align;
  return Number((BigInt(size) - (BigInt(len) & BigInt(size - 1))) & BigInt(size - 1));
}

function controloptions(L: LuaState, opt: string, fmt: string, pos: { i: number }, h: Header): void {
  switch (opt) {
    case ' ': return;
    case '>': h.big = true; return;
    case '<': h.big = false; return;
    case '!': {
      const a = getnum(L, fmt, pos, MAXALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) L.S.rterror(`alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default: L.S.argError(1, `invalid format option '${opt}'`);
  }
}

/** (uint64_t) conversion of a double as compiled for x86-64 (signed path for negatives). */
function toU64(n: number): bigint {
  if (n !== n) return INDEFINITE;
  if (n < 0) return n >= -TWO63 ? BigInt(Math.trunc(n)) & M64 : INDEFINITE;
  if (n < TWO63) return BigInt(Math.trunc(n));
  const m = n - TWO63;
  return (m < TWO63 ? BigInt(Math.trunc(m)) : INDEFINITE) ^ INDEFINITE;
}

/** (size_t) conversion of a double (see toU64). */
function toSize(n: number): number {
  const v = toU64(n);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

function putinteger(n: number, big: boolean, size: number): string {
  let v = toU64(n);
  const b: number[] = new Array(size);
  for (let i = 0; i < size; i++) {
    b[big ? size - 1 - i : i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return String.fromCharCode(...b);
}

function getinteger(s: string, p: number, big: boolean, signed: boolean, size: number): number {
  let l = 0n;
  for (let k = 0; k < size; k++) {
    const i = big ? k : size - 1 - k;
    l = ((l << 8n) | BigInt(s.charCodeAt(p + i))) & M64;
  }
  if (!signed) return Number(l);
  const mask = (M64 << BigInt((size * 8 - 1) & 63)) & M64;
  if (l & mask) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

const fbuf = new DataView(new ArrayBuffer(8));

function floatBytes(n: number, size: 4 | 8, big: boolean): string {
  // A NaN is written as a quiet NaN with its sign (0/0 gives x86's default NaN, sign bit set).
  if (n !== n) {
    const hi = (nanNegative(n) ? '\xff' : '\x7f') + (size === 4 ? '\xc0\0\0' : '\xf8' + '\0'.repeat(6));
    return big ? hi : hi.split('').reverse().join('');
  }
  if (size === 4) fbuf.setFloat32(0, n, !big); else fbuf.setFloat64(0, n, !big);
  let s = '';
  for (let i = 0; i < size; i++) s += String.fromCharCode(fbuf.getUint8(i));
  return s;
}

function readFloat(s: string, p: number, size: 4 | 8, big: boolean): number {
  for (let i = 0; i < size; i++) fbuf.setUint8(i, s.charCodeAt(p + i));
  const d = size === 4 ? fbuf.getFloat32(0, !big) : fbuf.getFloat64(0, !big);
  return d === d ? d : signedNaN(fbuf.getUint8(big ? 0 : size - 1) >= 0x80);
}

/** The format as C sees it: up to the first NUL. */
function cfmt(f: string): string {
  const z = f.indexOf('\0');
  return z < 0 ? f : f.slice(0, z);
}

export function openStruct(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const lib = new LuaTable();
  G.setStr('struct', lib);
  const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };

  reg('pack', (...a) => {
    const fmt = cfmt(S.checkString(a, 1));
    // The C code pushes a nil after the arguments: a missing one reads as nil.
    a.push(undefined);
    const h: Header = { big: false, align: 1 };
    const pos = { i: 0 };
    let arg = 2;
    let total = 0;
    const out: string[] = [];
    while (pos.i < fmt.length) {
      const opt = fmt[pos.i++];
      let size = optsize(L, opt, fmt, pos);
      const pad = gettoalign(total, h, opt, size);
      total += pad;
      if (pad > 0) out.push('\0'.repeat(pad));
      switch (opt) {
        case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
          out.push(putinteger(S.checkNumber(a, arg++), h.big, size));
          break;
        case 'x': out.push('\0'); break;
        case 'f': out.push(floatBytes(S.checkNumber(a, arg++), 4, h.big)); break;
        case 'd': out.push(floatBytes(S.checkNumber(a, arg++), 8, h.big)); break;
        case 'c': case 's': {
          const s = S.checkString(a, arg++);
          if (size === 0) size = s.length;
          // The C code reports the argument after the string (it was already incremented).
          if (s.length < size) S.argError(arg, 'string too short');
          out.push(s.length === size ? s : s.slice(0, size));
          if (opt === 's') { out.push('\0'); size++; }
          break;
        }
        default: controloptions(L, opt, fmt, pos, h);
      }
      total += size;
    }
    return [out.join('')];
  });

  reg('unpack', (...a) => {
    const fmt = cfmt(S.checkString(a, 1));
    const data = S.checkString(a, 2);
    const ld = data.length;
    // The position is a size_t in C: 0 is rejected, a negative one wraps to a huge
    // offset (kept negative here) that fails the length check below.
    let p = S.optInteger(a, 3, 1);
    if (p === 0) S.argError(3, 'offset must be 1 or greater');
    p--;
    const h: Header = { big: false, align: 1 };
    const pos = { i: 0 };
    const res: unknown[] = [];
    while (pos.i < fmt.length) {
      const opt = fmt[pos.i++];
      let size = optsize(L, opt, fmt, pos);
      p += gettoalign(p, h, opt, size);
      if (p < 0 || size > ld || p > ld - size) S.argError(2, 'data string too short');
      // Lua's C stack limit (LUAI_MAXCSTACK = 8000 slots: arguments + results + 2).
      if (a.length + res.length + 2 > 8000) S.rterror('stack overflow (too many results)');
      switch (opt) {
        case 'b': case 'B': case 'h': case 'H': case 'l': case 'L': case 'T': case 'i': case 'I':
          res.push(getinteger(data, p, h.big, opt >= 'a', size));
          break;
        case 'x': break;
        case 'f': res.push(readFloat(data, p, 4, h.big)); break;
        case 'd': res.push(readFloat(data, p, 8, h.big)); break;
        case 'c': {
          if (size === 0) {
            const prev = res.length > 0 ? res[res.length - 1] : undefined;
            const n = typeof prev === 'number' ? prev : typeof prev === 'string' ? str2number(prev) : undefined;
            if (n === undefined) S.rterror("format 'c0' needs a previous size");
            size = toSize(n as number);
            res.pop();
            if (size > ld - p) S.argError(2, 'data string too short');
          }
          res.push(data.slice(p, p + size));
          break;
        }
        case 's': {
          const e = data.indexOf('\0', p);
          if (e < 0) S.rterror('unfinished string in data');
          size = e - p + 1;
          res.push(data.slice(p, e));
          break;
        }
        default: controloptions(L, opt, fmt, pos, h);
      }
      p += size;
    }
    res.push(p + 1);
    return res;
  });

  reg('size', (...a) => {
    const fmt = cfmt(S.checkString(a, 1));
    const h: Header = { big: false, align: 1 };
    const pos = { i: 0 };
    let p = 0;
    while (pos.i < fmt.length) {
      const opt = fmt[pos.i++];
      const size = optsize(L, opt, fmt, pos);
      p += gettoalign(p, h, opt, size);
      if (opt === 's') S.argError(1, "option 's' has no fixed size");
      else if (opt === 'c' && size === 0) S.argError(1, "option 'c0' has no fixed size");
      if (!/[0-9A-Za-z]/.test(opt)) controloptions(L, opt, fmt, pos, h);
      p += size;
    }
    return [p];
  });
}
