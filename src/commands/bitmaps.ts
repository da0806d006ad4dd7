/**
 * Bitmap commands over string values: SETBIT, GETBIT, BITCOUNT, BITPOS,
 * BITOP, BITFIELD, BITFIELD_RO. Bit 0 is the most significant bit of byte 0.
 * Values are latin1 strings; reads scan them with charCodeAt, and multi-bit
 * writes work on one Buffer per command.
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import { WRONGTYPE, SYNTAX } from './errors.js';
import { parseLLBig } from '../util/num.js';
import { notify, NOTIFY_STRING, NOTIFY_GENERIC } from '../db/notify.js';
import { readString, writeString, markRaw, argLL, MAX_JS_STRING, STRING_TOO_LONG } from './strings.js';

const BIT_OFFSET_ERR = 'ERR bit offset is not an integer or out of range';
const BITFIELD_TYPE_ERR = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

/** Number of set bits in each byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/**
 * Parses a bit offset (SETBIT/GETBIT/BITFIELD); with `bits` given, "#n" means
 * n*bits. Replies and returns -1 when invalid or beyond proto-max-bulk-len.
 */
function bitOffset(c: Client, s: string, bits = 0): number {
  const hash = bits > 0 && s.charCodeAt(0) === 35;
  let v = parseLLBig(hash ? s.slice(1) : s);
  if (v === undefined) { c.w.error(BIT_OFFSET_ERR); return -1; }
  if (hash) v = BigInt.asIntN(64, v * BigInt(bits));
  if (v < 0n || (v >> 3n) >= BigInt(c.server.protoMaxBulkLen)) { c.w.error(BIT_OFFSET_ERR); return -1; }
  return Number(v);
}

function setbit(c: Client, argv: string[]): void {
  const key = argv[1];
  const off = bitOffset(c, argv[2]);
  if (off < 0) return;
  const b = argv[3];
  if (b !== '0' && b !== '1') {
    // any integer other than 0/1, or a non-integer, gets the same error
    c.w.error('ERR bit is not an integer or out of range');
    return;
  }
  const v = writeString(c, key);
  if (v === null) return;
  const byte = Math.floor(off / 8);
  const mask = 0x80 >> (off & 7);
  let s = v ?? '';
  if (byte >= MAX_JS_STRING && byte >= s.length) { c.w.error(STRING_TOO_LONG); return; }
  // creating or growing the value counts as a change even when the bit stays 0
  const grown = s.length <= byte;
  if (grown) s = s + '\0'.repeat(byte + 1 - s.length);
  const old = s.charCodeAt(byte);
  const nb = b === '1' ? (old | mask) : (old & ~mask);
  if (nb !== old) s = s.slice(0, byte) + String.fromCharCode(nb) + s.slice(byte + 1);
  if (v === undefined) c.db.add(key, s);
  else if (grown || nb !== old) { c.db.replace(key, s); c.db.touched(key); }
  markRaw(c.db, key);
  if (grown || nb !== old) notify(c, NOTIFY_STRING, 'setbit', key);
  c.w.int((old & mask) !== 0 ? 1 : 0);
}

function getbit(c: Client, argv: string[]): void {
  const off = bitOffset(c, argv[2]);
  if (off < 0) return;
  const v = readString(c, argv[1]);
  if (v === null) return;
  const byte = Math.floor(off / 8);
  if (v === undefined || byte >= v.length) { c.w.int(0); return; }
  c.w.int((v.charCodeAt(byte) & (0x80 >> (off & 7))) !== 0 ? 1 : 0);
}

/** Below this many bytes, plain per-byte loops beat copying into a word-addressable buffer. */
const WORD_MIN = 64;

/** The bytes of s in a fresh buffer whose start is 4-byte aligned, so Int32Array views fit. */
function alignedBytes(s: string, size = s.length): Buffer {
  const b = Buffer.allocUnsafeSlow(size);
  const n = b.latin1Write(s, 0);
  if (n < size) b.fill(0, n);
  return b;
}

function words(b: Buffer): Int32Array { return new Int32Array(b.buffer, b.byteOffset, b.length >>> 2); }

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Set bits in bytes from..to (inclusive) of s. */
function popcount(s: string, from: number, to: number): number {
  let n = 0;
  if (to - from < WORD_MIN) {
    for (let i = from; i <= to; i++) n += POPCOUNT[s.charCodeAt(i)];
    return n;
  }
  const b = alignedBytes(s.slice(from, to + 1));
  const w = words(b);
  for (let i = 0; i < w.length; i++) n += popcount32(w[i]);
  for (let i = w.length * 4; i < b.length; i++) n += POPCOUNT[b[i]];
  return n;
}

/** Index of the first byte in from..to (inclusive) of s that differs from skip (0 or 0xff), or -1. */
function firstByteNot(s: string, from: number, to: number, skip: number): number {
  if (to - from < WORD_MIN) {
    for (let i = from; i <= to; i++) if (s.charCodeAt(i) !== skip) return i;
    return -1;
  }
  const b = alignedBytes(s.slice(from, to + 1));
  const w = words(b);
  const skipWord = skip === 0 ? 0 : -1;
  let i = 0;
  while (i < w.length && w[i] === skipWord) i++;
  for (let j = i * 4; j < b.length; j++) if (b[j] !== skip) return from + j;
  return -1;
}

/** Parses the optional BYTE | BIT unit; returns undefined (after a syntax error) when unknown. */
function unitIsBit(c: Client, s: string): boolean | undefined {
  const u = s.toLowerCase();
  if (u === 'bit') return true;
  if (u === 'byte') return false;
  c.w.error(SYNTAX);
  return undefined;
}

function bitcount(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]);
  if (v === null) return;
  if (v === undefined) { c.w.int(0); return; }
  const n = argv.length;
  if (n === 2) { c.w.int(popcount(v, 0, v.length - 1)); return; }
  if (n !== 4 && n !== 5) { c.w.error(SYNTAX); return; }
  let start = argLL(c, argv[2]);
  if (start === undefined) return;
  let end = argLL(c, argv[3]);
  if (end === undefined) return;
  let isBit = false;
  if (n === 5) {
    const u = unitIsBit(c, argv[4]);
    if (u === undefined) return;
    isBit = u;
  }
  const total = BigInt(isBit ? v.length * 8 : v.length);
  if (start < 0n && end < 0n && start > end) { c.w.int(0); return; }
  if (start < 0n) start += total;
  if (end < 0n) end += total;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= total) end = total - 1n;
  if (start > end) { c.w.int(0); return; }
  const s = Number(start), e = Number(end);
  if (!isBit) { c.w.int(popcount(v, s, e)); return; }
  const sb = s >> 3, eb = e >> 3;
  let cnt = popcount(v, sb, eb);
  // drop the bits of the first and last bytes that lie outside the range
  cnt -= POPCOUNT[v.charCodeAt(sb) & ~(0xff >> (s & 7)) & 0xff];
  cnt -= POPCOUNT[v.charCodeAt(eb) & (0xff >> ((e & 7) + 1))];
  c.w.int(cnt);
}

function bitpos(c: Client, argv: string[]): void {
  const bitArg = argLL(c, argv[2]);
  if (bitArg === undefined) return;
  if (bitArg !== 0n && bitArg !== 1n) { c.w.error('ERR The bit argument must be 1 or 0.'); return; }
  const bit = Number(bitArg);
  const v = readString(c, argv[1]);
  if (v === null) return;
  if (v === undefined) { c.w.int(bit ? -1 : 0); return; }
  const n = argv.length;
  const len = v.length;
  let sbit: number, ebit: number, endGiven = false;
  if (n === 3) {
    if (len === 0) { c.w.int(-1); return; }
    sbit = 0; ebit = len * 8 - 1;
  } else if (n >= 4 && n <= 6) {
    let start = argLL(c, argv[3]);
    if (start === undefined) return;
    let isBit = false;
    if (n === 6) {
      const u = unitIsBit(c, argv[5]);
      if (u === undefined) return;
      isBit = u;
    }
    const total = BigInt(isBit ? len * 8 : len);
    let end: bigint;
    if (n >= 5) {
      const e = argLL(c, argv[4]);
      if (e === undefined) return;
      end = e;
      endGiven = true;
    } else end = total - 1n;
    if (start < 0n) start += total;
    if (end < 0n) end += total;
    if (start < 0n) start = 0n;
    if (end < 0n) end = 0n;
    if (end >= total) end = total - 1n;
    if (start > end) { c.w.int(-1); return; }
    if (isBit) { sbit = Number(start); ebit = Number(end); }
    else { sbit = Number(start) * 8; ebit = Number(end) * 8 + 7; }
  } else { c.w.error(SYNTAX); return; }
  c.w.int(findBit(v, bit, sbit, ebit, endGiven));
}

/** First position of `bit` in the bit range [sbit, ebit]; the not-found answer follows BITPOS. */
function findBit(v: string, bit: number, sbit: number, ebit: number, endGiven: boolean): number {
  let p = sbit;
  // leading bits up to a byte boundary
  while (p <= ebit && (p & 7) !== 0) {
    if (((v.charCodeAt(p >> 3) >> (7 - (p & 7))) & 1) === bit) return p;
    p++;
  }
  // whole bytes, skipped in bulk while they hold no candidate
  const lastWhole = ((ebit + 1) >> 3) - 1;
  if (p <= ebit && (p >> 3) <= lastWhole) {
    const i = firstByteNot(v, p >> 3, lastWhole, bit ? 0 : 0xff);
    if (i !== -1) {
      const byte = v.charCodeAt(i);
      for (let k = 0; k < 8; k++) if (((byte >> (7 - k)) & 1) === bit) return i * 8 + k;
    }
    p = (lastWhole + 1) * 8;
  }
  // trailing bits of a partial last byte
  for (; p <= ebit; p++) {
    if (((v.charCodeAt(p >> 3) >> (7 - (p & 7))) & 1) === bit) return p;
  }
  if (bit === 1 || endGiven) return -1;
  return (ebit >> 3) * 8 + 8;
}

function bitop(c: Client, argv: string[]): void {
  const op = argv[1].toLowerCase();
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') { c.w.error(SYNTAX); return; }
  if (op === 'not' && argv.length !== 4) { c.w.error('ERR BITOP NOT must be called with a single source key.'); return; }
  const dest = argv[2];
  const srcs: string[] = [];
  let maxlen = 0;
  for (let i = 3; i < argv.length; i++) {
    const v = c.db.lookupRead(argv[i]);
    if (v === undefined) { srcs.push(''); continue; }
    if (typeof v !== 'string') { c.w.error(WRONGTYPE); return; }
    srcs.push(v);
    if (v.length > maxlen) maxlen = v.length;
  }
  if (maxlen === 0) {
    if (c.db.delete(dest)) notify(c, NOTIFY_GENERIC, 'del', dest);
    c.w.int(0);
    return;
  }
  const out = alignedBytes(srcs[0], maxlen);
  const ow = words(out);
  const nw = ow.length;
  if (op === 'not') {
    for (let j = 0; j < nw; j++) ow[j] = ~ow[j];
    for (let j = nw * 4; j < maxlen; j++) out[j] = ~out[j];
  } else {
    for (let i = 1; i < srcs.length; i++) {
      // shorter sources count as zero-padded to maxlen
      const b = alignedBytes(srcs[i], maxlen);
      const bw = words(b);
      if (op === 'and') {
        for (let j = 0; j < nw; j++) ow[j] &= bw[j];
        for (let j = nw * 4; j < maxlen; j++) out[j] &= b[j];
      } else if (op === 'or') {
        for (let j = 0; j < nw; j++) ow[j] |= bw[j];
        for (let j = nw * 4; j < maxlen; j++) out[j] |= b[j];
      } else {
        for (let j = 0; j < nw; j++) ow[j] ^= bw[j];
        for (let j = nw * 4; j < maxlen; j++) out[j] ^= b[j];
      }
    }
  }
  c.db.set(dest, out.toString('latin1'));
  markRaw(c.db, dest);
  notify(c, NOTIFY_STRING, 'set', dest);
  c.w.int(maxlen);
}

// ---- BITFIELD -------------------------------------------------------------------

const OP_GET = 0, OP_SET = 1, OP_INCRBY = 2;
const OW_WRAP = 0, OW_SAT = 1, OW_FAIL = 2;

interface FieldOp { op: number; signed: boolean; bits: number; offset: number; arg: bigint; ow: number }

function bitfieldType(c: Client, s: string): { signed: boolean; bits: number } | undefined {
  const z = s.indexOf('\0'); // the type is read as a C string
  const t = z === -1 ? s : s.slice(0, z);
  const ch = t.charCodeAt(0);
  const signed = ch === 105; // 'i'
  if (!signed && ch !== 117) { c.w.error(BITFIELD_TYPE_ERR); return undefined; }
  const n = parseLLBig(t.slice(1));
  if (n === undefined || n < 1n || n > (signed ? 64n : 63n)) { c.w.error(BITFIELD_TYPE_ERR); return undefined; }
  return { signed, bits: Number(n) };
}

function readField(buf: Uint8Array, offset: number, bits: number): bigint {
  let v = 0n;
  let acc = 0, accBits = 0;
  for (let i = 0; i < bits; i++) {
    const p = offset + i;
    const byte = Math.floor(p / 8);
    const b = byte < buf.length ? (buf[byte] >> (7 - (p & 7))) & 1 : 0;
    acc = acc * 2 + b;
    if (++accBits === 32) { v = (v << 32n) | BigInt(acc); acc = 0; accBits = 0; }
  }
  if (accBits > 0) v = (v << BigInt(accBits)) | BigInt(acc);
  return v;
}

function writeField(buf: Uint8Array, offset: number, bits: number, value: bigint): void {
  let u = BigInt.asUintN(bits, value);
  for (let i = bits - 1; i >= 0; i--) {
    const p = offset + i;
    const byte = Math.floor(p / 8);
    const mask = 0x80 >> (p & 7);
    if (u & 1n) buf[byte] |= mask; else buf[byte] &= ~mask;
    u >>= 1n;
  }
}

/** 1 / -1 when value+incr overflows / underflows a signed field of `bits` (as Redis decides it), else 0. */
function signedOverflow(value: bigint, incr: bigint, bits: number): number {
  const max = (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) return 1;
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) return -1;
  return 0;
}

/** Same for an unsigned field; value is a 64-bit unsigned number. */
function unsignedOverflow(value: bigint, incr: bigint, bits: number): number {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  if (value > max || (incr > 0n && incr > maxincr)) return 1;
  if (incr < 0n && incr < minincr) return -1;
  return 0;
}

function bitfieldGeneric(c: Client, argv: string[], ro: boolean): void {
  const ops: FieldOp[] = [];
  let ow = OW_WRAP;
  let writes = false;
  let highest = 0;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j].toLowerCase();
    let op: number;
    if (sub === 'get' && rem >= 2) op = OP_GET;
    else if (sub === 'set' && rem >= 3) op = OP_SET;
    else if (sub === 'incrby' && rem >= 3) op = OP_INCRBY;
    else if (sub === 'overflow' && rem >= 1) {
      const t = argv[++j].toLowerCase();
      if (t === 'wrap') ow = OW_WRAP;
      else if (t === 'sat') ow = OW_SAT;
      else if (t === 'fail') ow = OW_FAIL;
      else { c.w.error('ERR Invalid OVERFLOW type specified'); return; }
      continue;
    } else {
      c.w.error(SYNTAX);
      return;
    }
    const type = bitfieldType(c, argv[j + 1]);
    if (type === undefined) return;
    const offset = bitOffset(c, argv[j + 2], type.bits);
    if (offset < 0) return;
    let arg = 0n;
    if (op !== OP_GET) {
      const a = argLL(c, argv[j + 3]);
      if (a === undefined) return;
      arg = a;
      writes = true;
      if (offset + type.bits - 1 > highest) highest = offset + type.bits - 1;
    }
    ops.push({ op, signed: type.signed, bits: type.bits, offset, arg, ow });
    j += op === OP_GET ? 2 : 3;
  }

  const key = argv[1];
  let buf: Buffer;
  let existed = true;
  let grown = false; // created or lengthened: every successful write counts as a change
  if (!writes) {
    const v = readString(c, key);
    if (v === null) return;
    buf = Buffer.from(v ?? '', 'latin1');
  } else {
    if (ro) { c.w.error('ERR BITFIELD_RO only supports the GET subcommand'); return; }
    const v = writeString(c, key);
    if (v === null) return;
    existed = v !== undefined;
    const need = Math.floor(highest / 8) + 1;
    if (need > MAX_JS_STRING) { c.w.error(STRING_TOO_LONG); return; }
    const s = v ?? '';
    grown = need > s.length;
    buf = Buffer.alloc(Math.max(need, s.length));
    buf.latin1Write(s, 0);
  }

  c.w.array(ops.length);
  let changes = 0;
  for (const o of ops) {
    const raw = readField(buf, o.offset, o.bits);
    const old = o.signed ? BigInt.asIntN(o.bits, raw) : raw;
    if (o.op === OP_GET) { c.w.int(old); continue; }
    // Redis's overflow test, reproduced with its 64-bit wrapping arithmetic:
    // SET checks (value, incr 0), INCRBY checks (old, increment)
    const value = o.op === OP_SET ? (o.signed ? o.arg : BigInt.asUintN(64, o.arg)) : old;
    const incr = o.op === OP_SET ? 0n : o.arg;
    const dir = o.signed ? signedOverflow(value, incr, o.bits) : unsignedOverflow(value, incr, o.bits);
    let nv = 0n;
    let fail = false;
    if (dir === 0) nv = value + incr;
    else if (o.ow === OW_WRAP) nv = o.signed ? BigInt.asIntN(o.bits, value + incr) : BigInt.asUintN(o.bits, value + incr);
    else if (o.ow === OW_SAT) {
      if (o.signed) nv = dir > 0 ? (1n << BigInt(o.bits - 1)) - 1n : -(1n << BigInt(o.bits - 1));
      else nv = dir > 0 ? (1n << BigInt(o.bits)) - 1n : 0n;
    } else fail = true;
    if (fail) { c.w.nullBulk(); continue; }
    writeField(buf, o.offset, o.bits, nv);
    c.w.int(o.op === OP_SET ? old : nv);
    if (grown || nv !== old) changes++;
  }
  if (writes) {
    const s = buf.toString('latin1');
    if (!existed) c.db.add(key, s);
    else { c.db.replace(key, s); if (changes) c.db.touched(key); }
    markRaw(c.db, key);
    if (changes) notify(c, NOTIFY_STRING, 'setbit', key);
  }
}

function bitfield(c: Client, argv: string[]): void { bitfieldGeneric(c, argv, false); }
function bitfieldRo(c: Client, argv: string[]): void { bitfieldGeneric(c, argv, true); }

export const bitmaps: Family = {
  name: 'bitmaps',
  commands: [
    { name: 'setbit', handler: setbit, summary: 'Sets or clears one bit of a string value, growing it as needed.' },
    { name: 'getbit', handler: getbit, summary: 'Returns one bit of a string value.' },
    { name: 'bitcount', handler: bitcount, summary: 'Counts the set bits of a string value, optionally in a byte or bit range.' },
    { name: 'bitpos', handler: bitpos, summary: 'Finds the first set or clear bit of a string value within an optional range.' },
    { name: 'bitop', handler: bitop, summary: 'Combines string values bitwise (AND, OR, XOR, NOT) into a destination key.' },
    { name: 'bitfield', handler: bitfield, summary: 'Reads, writes and increments integer fields of arbitrary width in a string value.' },
    { name: 'bitfield_ro', handler: bitfieldRo, summary: 'Reads integer fields of arbitrary width from a string value.' },
  ],
};
