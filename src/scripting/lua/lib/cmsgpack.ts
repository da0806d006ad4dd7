// cmsgpack library: MessagePack encoding/decoding with the behaviour of the
// lua-cmsgpack 0.4.0 bundled in Redis 7.0 (checked byte for byte against Redis).
//
// Encoding rules (all verified against a real redis-server):
//   * numbers that equal their int64 conversion are written as the smallest integer
//     type (fixint, uint8..uint64, negative fixint, int8..int64); -0 becomes 0;
//     2^63 and above are not int64-equivalent and fall through to floats;
//   * other numbers become float32 when the value survives a round trip through a C
//     float (1.5, inf, 2^63), otherwise float64 (a NaN as fff8... or 7ff8... by its sign);
//   * strings use fixstr/str8/str16/str32 (never bin);
//   * a table whose keys are exactly the integers 1..n (n may be 0) is an array of
//     `#t` elements, anything else is a map in next() order; a table found at nesting
//     level 16 is written as nil (guards against cycles);
//   * nil, functions, userdata and threads are written as nil.
// Decoding accepts every msgpack type except bin and ext ("Bad data format in input.");
// integers and floats become Lua numbers (doubles; uint64 is read as a signed int64,
// as Redis does); a nil map key raises Lua's own "table index is nil" error.
// Limits come from Lua's C stack (8000 slots): pack() accepts at most 4000 arguments,
// decoding fails at ~4000 nesting levels or 8000 top-level values, with Redis's
// "stack overflow (...)" messages. The decoder uses an explicit stack, not recursion.

import type { LuaState } from '../engine.js';
import { LuaTable, LuaError } from '../runtime.js';
import { nanNegative, signedNaN } from '../numfmt.js';

/** Maximum table nesting encoded; deeper tables are written as nil. */
const MAX_NESTING = 16;
const TWO63 = 9223372036854775808;

const scratch = new DataView(new ArrayBuffer(8));
const f32 = new Float32Array(1);

function bytes(n: number, width: number): string {
  // Big-endian unsigned representation of a non-negative integer below 2^32.
  let s = '';
  for (let i = width - 1; i >= 0; i--) s += String.fromCharCode(Math.floor(n / 2 ** (8 * i)) & 0xff);
  return s;
}

function int64Bytes(n: number): string {
  scratch.setBigInt64(0, BigInt(n));
  let s = '';
  for (let i = 0; i < 8; i++) s += String.fromCharCode(scratch.getUint8(i));
  return s;
}

function encodeInt(n: number): string {
  if (n >= 0) {
    if (n <= 127) return String.fromCharCode(n);
    if (n <= 0xff) return '\xcc' + String.fromCharCode(n);
    if (n <= 0xffff) return '\xcd' + bytes(n, 2);
    if (n <= 0xffffffff) return '\xce' + bytes(n, 4);
    return '\xcf' + int64Bytes(n);
  }
  if (n >= -32) return String.fromCharCode(n & 0xff);
  if (n >= -128) return '\xd0' + String.fromCharCode(n & 0xff);
  if (n >= -32768) return '\xd1' + bytes(n & 0xffff, 2);
  if (n >= -2147483648) return '\xd2' + bytes(n >>> 0, 4);
  return '\xd3' + int64Bytes(n);
}

function encodeFloat(d: number): string {
  let s: string;
  f32[0] = d;
  if (f32[0] === d) {
    scratch.setFloat32(0, d);
    s = '\xca';
    for (let i = 0; i < 4; i++) s += String.fromCharCode(scratch.getUint8(i));
    return s;
  }
  if (d !== d) return nanNegative(d) ? '\xcb\xff\xf8\x00\x00\x00\x00\x00\x00' : '\xcb\x7f\xf8\x00\x00\x00\x00\x00\x00';
  scratch.setFloat64(0, d);
  s = '\xcb';
  for (let i = 0; i < 8; i++) s += String.fromCharCode(scratch.getUint8(i));
  return s;
}

function encodeNumber(n: number): string {
  // (int64_t)n == n: integral and inside [-2^63, 2^63).
  if (Number.isInteger(n) && n >= -TWO63 && n < TWO63) return encodeInt(n === 0 ? 0 : n);
  return encodeFloat(n);
}

function encodeString(s: string): string {
  const l = s.length;
  if (l < 32) return String.fromCharCode(0xa0 | l) + s;
  if (l <= 0xff) return '\xd9' + String.fromCharCode(l) + s;
  if (l <= 0xffff) return '\xda' + bytes(l, 2) + s;
  return '\xdb' + bytes(l, 4) + s;
}

/** lua-cmsgpack's array test: every key a positive C-int-valued number, max == count. */
function isArray(t: LuaTable): boolean {
  let count = 0, max = 0;
  let k: unknown = undefined;
  for (;;) {
    const e = t.next(k);
    if (!e) break;
    k = e[0];
    if (typeof k !== 'number' || !(k > 0) || !Number.isInteger(k) || k >= 2147483648) return false;
    if (k > max) max = k;
    count++;
  }
  return max === count;
}

function encode(v: unknown, level: number, out: string[]): void {
  switch (typeof v) {
    case 'string': out.push(encodeString(v)); return;
    case 'number': out.push(encodeNumber(v)); return;
    case 'boolean': out.push(v ? '\xc3' : '\xc2'); return;
  }
  if (!(v instanceof LuaTable) || level === MAX_NESTING) { out.push('\xc0'); return; }
  if (isArray(v)) {
    const len = v.length();
    out.push(len < 16 ? String.fromCharCode(0x90 | len) : len <= 0xffff ? '\xdc' + bytes(len, 2) : '\xdd' + bytes(len, 4));
    for (let i = 1; i <= len; i++) encode(v.getInt(i), level + 1, out);
    return;
  }
  let n = 0;
  let k: unknown = undefined;
  for (;;) { const e = v.next(k); if (!e) break; k = e[0]; n++; }
  out.push(n < 16 ? String.fromCharCode(0x80 | n) : n <= 0xffff ? '\xde' + bytes(n, 2) : '\xdf' + bytes(n, 4));
  k = undefined;
  for (;;) {
    const e = v.next(k);
    if (!e) break;
    k = e[0];
    encode(k, level + 1, out);
    encode(e[1], level + 1, out);
  }
}

const EOF = 1, BADFMT = 2;

/** Decoding cursor over a latin1 string. */
class Cur {
  err = 0;
  /** Lua stack slots the C decoder would be using (limit LUAI_MAXCSTACK = 8000). */
  used = 1;
  hdrMap = false;
  hdrLen = 0;
  constructor(readonly s: string, public p: number, readonly end: number, readonly fail: (msg: string) => never) {}
  get left(): number { return this.end - this.p; }
  need(n: number): boolean {
    if (this.end - this.p < n) { this.err = EOF; return false; }
    return true;
  }
  u8(): number { return this.s.charCodeAt(this.p++); }
  uint(w: number): number {
    let n = 0;
    for (let i = 0; i < w; i++) n = n * 256 + this.s.charCodeAt(this.p++);
    return n;
  }
  view(w: number): DataView {
    for (let i = 0; i < w; i++) scratch.setUint8(i, this.s.charCodeAt(this.p++));
    return scratch;
  }
}

const MAXCSTACK = 8000;
/** Returned by item() for a container header (kind and length left in the cursor). */
const HDR = {};

/** Reads one scalar, or a container header (returns HDR); sets c.err on failure. */
function item(c: Cur): unknown {
  if (!c.need(1)) return undefined;
  const b = c.s.charCodeAt(c.p);
  let n: number;
  switch (b) {
    case 0xc0: c.p++; return undefined;
    case 0xc2: c.p++; return false;
    case 0xc3: c.p++; return true;
    case 0xcc: if (!c.need(2)) return; c.p++; return c.u8();
    case 0xcd: if (!c.need(3)) return; c.p++; return c.uint(2);
    case 0xce: if (!c.need(5)) return; c.p++; return c.uint(4);
    case 0xcf: if (!c.need(9)) return; c.p++; return Number(c.view(8).getBigInt64(0)); // pushed as a signed lua_Integer
    case 0xd0: if (!c.need(2)) return; c.p++; return (c.u8() << 24) >> 24;
    case 0xd1: if (!c.need(3)) return; c.p++; return (c.uint(2) << 16) >> 16;
    case 0xd2: if (!c.need(5)) return; c.p++; return c.uint(4) | 0;
    case 0xd3: if (!c.need(9)) return; c.p++; return Number(c.view(8).getBigInt64(0));
    case 0xca: if (!c.need(5)) return; c.p++; return float(c.view(4).getFloat32(0), scratch.getUint8(0));
    case 0xcb: if (!c.need(9)) return; c.p++; return float(c.view(8).getFloat64(0), scratch.getUint8(0));
    case 0xd9: if (!c.need(2)) return; n = c.s.charCodeAt(c.p + 1); return str(c, 2, n);
    case 0xda: if (!c.need(3)) return; c.p++; n = c.uint(2); c.p -= 3; return str(c, 3, n);
    case 0xdb: if (!c.need(5)) return; c.p++; n = c.uint(4); c.p -= 5; return str(c, 5, n);
    case 0xdc: if (!c.need(3)) return; c.p++; return hdr(c, false, c.uint(2));
    case 0xdd: if (!c.need(5)) return; c.p++; return hdr(c, false, c.uint(4));
    case 0xde: if (!c.need(3)) return; c.p++; return hdr(c, true, c.uint(2));
    case 0xdf: if (!c.need(5)) return; c.p++; return hdr(c, true, c.uint(4));
  }
  if (b < 0x80) { c.p++; return b; }
  if (b >= 0xe0) { c.p++; return b - 256; }
  if ((b & 0xe0) === 0xa0) return str(c, 1, b & 0x1f);
  if ((b & 0xf0) === 0x90) { c.p++; return hdr(c, false, b & 0x0f); }
  if ((b & 0xf0) === 0x80) { c.p++; return hdr(c, true, b & 0x0f); }
  c.err = BADFMT;
  return undefined;
}

/** A decoded float; a NaN keeps the sign of its first (big-endian) byte. */
function float(d: number, b0: number): number {
  return d === d ? d : signedNaN(b0 >= 0x80);
}

function hdr(c: Cur, map: boolean, len: number): unknown {
  c.hdrMap = map;
  c.hdrLen = len;
  return HDR;
}

function str(c: Cur, hdrSize: number, len: number): string | undefined {
  if (!c.need(hdrSize + len)) return undefined;
  const s = c.s.slice(c.p + hdrSize, c.p + hdrSize + len);
  c.p += hdrSize + len;
  return s;
}

/** An array or map being filled. */
interface Frame { t: LuaTable; map: boolean; n: number; i: number; key: unknown; haveKey: boolean }

/**
 * Decodes one value with an explicit stack (nesting is bounded only by the Lua stack
 * accounting below, which allows ~4000 levels: too deep for JS recursion). The C
 * decoder keeps, per open array, the table and the current index on the Lua stack,
 * and per open map the table (plus the key while its value is decoded).
 */
function decode(c: Cur): unknown {
  const stack: Frame[] = [];
  for (;;) {
    if (c.used + 1 > MAXCSTACK) c.fail('stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)');
    let v = item(c);
    if (c.err) return undefined;
    if (v === HDR) {
      const t = new LuaTable();
      const map = c.hdrMap, n = c.hdrLen;
      c.used++;
      if (!map && c.used + 1 > MAXCSTACK) c.fail('stack overflow (in function mp_decode_to_lua_array)');
      if (n > 0) {
        if (!map) c.used++;
        stack.push({ t, map, n, i: 0, key: undefined, haveKey: false });
        continue;
      }
      c.used--;
      v = t;
    }
    // Store v into the enclosing containers, closing those that are complete.
    for (;;) {
      const f = stack[stack.length - 1];
      if (f === undefined) return v;
      if (f.map && !f.haveKey) { f.key = v; f.haveKey = true; c.used++; break; }
      if (f.map) {
        c.used--;
        f.haveKey = false;
        const k = f.key;
        f.key = undefined;
        if (k === undefined) throw new LuaError('table index is nil');
        if (k !== k) throw new LuaError('table index is NaN');
        f.t.set(k, v);
      } else if (v !== undefined) f.t.set(f.i + 1, v);
      if (++f.i < f.n) break;
      stack.pop();
      c.used -= f.map ? 1 : 2;
      v = f.t;
    }
  }
}

export function openCmsgpack(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const lib = new LuaTable();
  G.setStr('cmsgpack', lib);
  const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };

  reg('pack', (...a) => {
    if (a.length === 0) S.argError(0, 'MessagePack pack needs input.');
    // The C code asks for nargs more stack slots (limit 8000 in a C function).
    if (a.length * 2 > 8000) S.argError(0, 'Too many arguments for MessagePack pack.');
    const out: string[] = [];
    for (let i = 0; i < a.length; i++) encode(a[i], 0, out);
    return [out.join('')];
  });

  const fail = (msg: string): never => S.rterror(msg);
  const unpackFull = (s: string, limit: number, offset: number, nargs = 1): unknown[] => {
    const decodeAll = limit === 0 && offset === 0;
    const len = s.length;
    if (offset < 0 || limit < 0) {
      S.rterror(`Invalid request to unpack with offset of ${offset | 0} and limit of ${len | 0}.`);
    } else if (offset > len) {
      S.rterror(`Start offset ${offset | 0} greater than input length ${len | 0}.`);
    }
    if (decodeAll) limit = 0x7fffffff;
    const c = new Cur(s, offset, len, fail);
    c.used = nargs;
    const res: unknown[] = decodeAll ? [] : [0];
    for (let cnt = 0; c.left > 0 && cnt < limit; cnt++) {
      const v = decode(c);
      if (c.err === EOF) S.rterror('Missing bytes in input.');
      if (c.err === BADFMT) S.rterror('Bad data format in input.');
      res.push(v);
      c.used++;
    }
    if (!decodeAll && c.used + 1 > MAXCSTACK) S.rterror('stack overflow (in function mp_unpack_full)');
    if (!decodeAll) res[0] = c.left === 0 ? -1 : len - c.left;
    return res;
  };
  // Offsets and limits are 64-bit lua_Integers (error messages print them as C ints).
  reg('unpack', (...a) => unpackFull(S.checkString(a, 1), 0, 0, a.length));
  reg('unpack_one', (...a) => {
    const offset = S.optInteger(a, 2, 0);
    return unpackFull(S.checkString(a, 1), 1, offset);
  });
  reg('unpack_limit', (...a) => {
    const limit = S.checkInteger(a, 2);
    const offset = S.optInteger(a, 3, 0);
    return unpackFull(S.checkString(a, 1), limit, offset);
  });

  lib.setStr('_NAME', 'cmsgpack');
  lib.setStr('_VERSION', 'lua-cmsgpack 0.4.0');
  lib.setStr('_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo');
  lib.setStr('_DESCRIPTION', 'MessagePack C implementation for Lua');
}
