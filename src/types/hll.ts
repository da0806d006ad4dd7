/**
 * HyperLogLog, byte-compatible with Redis's representation, so an HLL value
 * moved with GET/SET between Redis and Respite keeps its registers, its
 * cached cardinality and its PFCOUNT.
 *
 * A value is a Redis string: a 16-byte header ("HYLL", encoding byte
 * 0 dense / 1 sparse, 3 unused bytes, 8 bytes of cached cardinality, little
 * endian, the top bit of the last byte set when the cache is stale),
 * followed by 16384 six-bit registers:
 *  - dense: 12288 bytes, register i at bit 6*i, least significant bit first;
 *  - sparse: run-length opcodes: ZERO 00xxxxxx (1..64 zero registers),
 *    XZERO 01xxxxxx yyyyyyyy (1..16384 zero registers), VAL 1vvvvvxx
 *    (1..4 registers of value 1..32). New HLLs are sparse and turn dense
 *    when a register exceeds 32 or the encoding outgrows hll-sparse-max-bytes.
 *
 * The hash is MurmurHash64A with Redis's seed; the estimator is the one of
 * Ertl's "New cardinality estimation algorithms for HyperLogLog sketches"
 * that Redis 7.0 uses. Reads work on the latin1 string directly
 * (charCodeAt), so a PFADD that changes no register copies nothing; writes go
 * through a Buffer.
 */

export const HLL_P = 14;
export const HLL_REGISTERS = 1 << HLL_P;
const HLL_Q = 64 - HLL_P;
const HLL_BITS = 6;
const HLL_MAX = 63;
export const HDR = 16;
export const DENSE_SIZE = HDR + Math.floor((HLL_REGISTERS * HLL_BITS + 7) / 8);
const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;
const ALPHA_INF = 0.721347520444481703680;

export const ENC_DENSE = 0;
export const ENC_SPARSE = 1;

export class HllInvalid extends Error {}

// ---- MurmurHash64A over latin1 strings, 64-bit arithmetic on 32-bit halves ----

/** The multiplier m (0xc6a4a7935bd1e995) in 32-bit halves, and the low half in 16-bit halves. */
const MH = 0xc6a4a793, ML = 0x5bd1e995, ML0 = ML & 0xffff, ML1 = ML >>> 16;

/**
 * High 32 bits of (hi:lo) * m mod 2^64 (as an int32); the low 32 bits are
 * Math.imul(lo, ML). The 32x32-bit product lo * ML is taken in 16-bit
 * pieces whose sums stay exact in doubles (below 2^53). Only numbers go in
 * and out, so it inlines into register arithmetic.
 */
function mulHi(hi: number, lo: number): number {
  const a0 = lo & 0xffff, a1 = lo >>> 16;
  const mid = a1 * ML0 + a0 * ML1 + ((a0 * ML0) >>> 16);
  return (a1 * ML1 + Math.floor(mid / 65536) + Math.imul(hi, ML) + Math.imul(lo, MH)) | 0;
}

/** MurmurHash64A(s, seed 0xadc83b19) into (hashHi, hashLo), unsigned. */
let hashHi = 0, hashLo = 0;
export function murmur64a(s: string): void {
  const len = s.length;
  // h = seed ^ (len * m)
  let hh = mulHi(0, len), hl = Math.imul(len, ML) ^ 0xadc83b19;
  const nblocks = len >>> 3;
  let i = 0;
  for (let b = 0; b < nblocks; b++, i += 8) {
    let kl = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    let kh = s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24);
    // k *= m; k ^= k >> 47; k *= m
    kh = mulHi(kh, kl); kl = Math.imul(kl, ML);
    kl ^= kh >>> 15;
    kh = mulHi(kh, kl); kl = Math.imul(kl, ML);
    // h ^= k; h *= m
    hh ^= kh; hl ^= kl;
    hh = mulHi(hh, hl); hl = Math.imul(hl, ML);
  }
  const rem = len & 7;
  if (rem > 0) {
    let th = 0, tl = 0;
    for (let j = rem - 1; j >= 0; j--) {
      const byte = s.charCodeAt(i + j);
      if (j >= 4) th |= byte << ((j - 4) * 8); else tl |= byte << (j * 8);
    }
    hh ^= th; hl ^= tl;
    hh = mulHi(hh, hl); hl = Math.imul(hl, ML);
  }
  // h ^= h >> 47; h *= m; h ^= h >> 47
  hl ^= hh >>> 15;
  hh = mulHi(hh, hl); hl = Math.imul(hl, ML);
  hl ^= hh >>> 15;
  hashHi = hh >>> 0;
  hashLo = hl >>> 0;
}

let patIndex = 0;
/** Register index (in patIndex) and run length of the pattern 000..1 for an element. */
export function patLen(ele: string): number {
  murmur64a(ele);
  const hi = hashHi, lo = hashLo;
  patIndex = lo & (HLL_REGISTERS - 1);
  // hash >>= P, with a sentinel bit at position Q so the count ends
  const vlo = ((lo >>> HLL_P) | (hi << (32 - HLL_P))) >>> 0;
  const vhi = ((hi >>> HLL_P) | (1 << (HLL_Q - 32))) >>> 0;
  if (vlo !== 0) return 31 - Math.clz32(vlo & -vlo) + 1;
  return 32 + (31 - Math.clz32(vhi & -vhi)) + 1;
}
export function lastIndex(): number { return patIndex; }

// ---- validation and register access on strings --------------------------------

/** Header checks of isHLLObjectOrReply: 'ok', or false for "not a valid HyperLogLog". */
export function isHll(s: string): boolean {
  if (s.length < HDR) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false;
  const enc = s.charCodeAt(4);
  if (enc > ENC_SPARSE) return false;
  if (enc === ENC_DENSE && s.length !== DENSE_SIZE) return false;
  return true;
}

export function encodingOf(s: string): number { return s.charCodeAt(4); }

export function newSparse(): Buffer {
  const b = Buffer.alloc(HDR + 2);
  b.write('HYLL', 0, 'latin1');
  b[4] = ENC_SPARSE;
  b[15] = 0x80;
  // one XZERO opcode covering every register
  const len = HLL_REGISTERS - 1;
  b[HDR] = 0x40 | (len >>> 8);
  b[HDR + 1] = len & 0xff;
  return b;
}

function denseGet(s: string | Buffer, i: number): number {
  const bit = i * HLL_BITS;
  const byte = HDR + (bit >>> 3);
  const fb = bit & 7;
  if (typeof s === 'string') {
    const b0 = s.charCodeAt(byte), b1 = byte + 1 < s.length ? s.charCodeAt(byte + 1) : 0;
    return ((b0 >>> fb) | (b1 << (8 - fb))) & HLL_MAX;
  }
  const b0 = s[byte], b1 = byte + 1 < s.length ? s[byte + 1] : 0;
  return ((b0 >>> fb) | (b1 << (8 - fb))) & HLL_MAX;
}

function denseSet(b: Buffer, i: number, v: number): void {
  const bit = i * HLL_BITS;
  const byte = HDR + (bit >>> 3);
  const fb = bit & 7;
  b[byte] = (b[byte] & ~(HLL_MAX << fb)) | (v << fb);
  if (fb > 2) b[byte + 1] = (b[byte + 1] & ~(HLL_MAX >>> (8 - fb))) | (v >>> (8 - fb));
}

/** Value of register i in a sparse string, or -1 when the encoding is corrupt. */
function sparseGet(s: string, i: number): number {
  let p = HDR, idx = 0;
  const end = s.length;
  while (p < end) {
    const op = s.charCodeAt(p);
    let run: number, val = 0;
    if ((op & 0xc0) === 0) { run = (op & 0x3f) + 1; p++; }
    else if ((op & 0xc0) === 0x40) { run = (((op & 0x3f) << 8) | (p + 1 < end ? s.charCodeAt(p + 1) : 0)) + 1; p += 2; }
    else { run = (op & 3) + 1; val = ((op >>> 2) & 0x1f) + 1; p++; }
    if (i < idx + run) return val;
    idx += run;
  }
  return -1;
}

/** Whether adding an element with (index, count) would change the HLL; throws HllInvalid on corruption. */
export function wouldChange(s: string, index: number, count: number): boolean {
  if (s.charCodeAt(4) === ENC_DENSE) return denseGet(s, index) < count;
  const v = sparseGet(s, index);
  if (v < 0) throw new HllInvalid();
  return v < count;
}

// ---- mutation on a Buffer --------------------------------------------------------

/** A mutable HLL: the buffer may be replaced (sparse growth, promotion). */
export class HllBuf {
  constructor(public b: Buffer, private readonly sparseMax: number) {}

  get encoding(): number { return this.b[4]; }

  invalidateCache(): void { this.b[15] |= 0x80; }

  /** Sets register index to count when larger; returns true when it changed. Throws HllInvalid. */
  set(index: number, count: number): boolean {
    if (this.b[4] === ENC_DENSE) {
      if (denseGet(this.b, index) >= count) return false;
      denseSet(this.b, index, count);
      return true;
    }
    return this.sparseSet(index, count);
  }

  toDense(): void {
    if (this.b[4] === ENC_DENSE) return;
    const old = this.b;
    const d = Buffer.alloc(DENSE_SIZE);
    old.copy(d, 0, 0, HDR);
    d[4] = ENC_DENSE;
    let p = HDR, idx = 0;
    while (p < old.length) {
      const op = old[p];
      if ((op & 0xc0) === 0) { idx += (op & 0x3f) + 1; p++; }
      else if ((op & 0xc0) === 0x40) { idx += (((op & 0x3f) << 8) | (p + 1 < old.length ? old[p + 1] : 0)) + 1; p += 2; }
      else {
        const run = (op & 3) + 1, val = ((op >>> 2) & 0x1f) + 1;
        if (idx + run > HLL_REGISTERS) throw new HllInvalid();
        for (let k = 0; k < run; k++) denseSet(d, idx++, val);
        p++;
      }
      if (idx > HLL_REGISTERS) throw new HllInvalid();
    }
    if (idx !== HLL_REGISTERS) throw new HllInvalid();
    this.b = d;
  }

  private sparseSet(index: number, count: number): boolean {
    if (count > SPARSE_VAL_MAX_VALUE) { this.toDense(); return this.set(index, count); }
    const b = this.b;
    const end = b.length;
    let p = HDR, first = 0, prev = -1, span = 0;
    let kind = 0; // 0 zero, 1 xzero, 2 val
    while (p < end) {
      const op = b[p];
      let oplen = 1;
      if ((op & 0xc0) === 0) { span = (op & 0x3f) + 1; kind = 0; }
      else if ((op & 0xc0) === 0x40) { span = (((op & 0x3f) << 8) | (p + 1 < end ? b[p + 1] : 0)) + 1; oplen = 2; kind = 1; }
      else { span = (op & 3) + 1; kind = 2; }
      if (index <= first + span - 1) break;
      prev = p;
      p += oplen;
      first += span;
    }
    if (p >= end) throw new HllInvalid();
    const op = b[p];
    const oldlen = kind === 1 ? 2 : 1;
    const last = first + span - 1;
    if (kind === 2) {
      const oldcount = ((op >>> 2) & 0x1f) + 1;
      if (oldcount >= count) return false;
      if (span === 1) { b[p] = valOp(count, 1); return this.merge(prev); }
    }
    if (kind === 0 && span === 1) { b[p] = valOp(count, 1); return this.merge(prev); }
    const seq: number[] = [];
    if (kind !== 2) {
      if (index !== first) pushZero(seq, index - first);
      seq.push(valOp(count, 1));
      if (index !== last) pushZero(seq, last - index);
    } else {
      const cur = ((op >>> 2) & 0x1f) + 1;
      if (index !== first) seq.push(valOp(cur, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(cur, last - index));
    }
    const delta = seq.length - oldlen;
    if (delta > 0 && end + delta > this.sparseMax) {
      this.toDense();
      return this.set(index, count);
    }
    // An XZERO cut short by the end of the string reads the terminator as its
    // second byte (Redis's sds has one there); Redis then writes the new
    // opcodes over it and its length update drops their last byte: so here.
    const nb = Buffer.allocUnsafe(end + delta);
    b.copy(nb, 0, 0, p);
    for (let k = 0; k < seq.length && p + k < nb.length; k++) nb[p + k] = seq[k];
    if (p + oldlen < end) b.copy(nb, p + seq.length, p + oldlen, end);
    this.b = nb;
    return this.merge(prev);
  }

  /** Merges adjacent VAL opcodes of equal value, scanning up to 5 opcodes from `from`. */
  private merge(from: number): boolean {
    let b = this.b;
    let end = b.length;
    let p = from === -1 ? HDR : from;
    let scan = 5;
    while (p < end && scan-- > 0) {
      const op = b[p];
      if ((op & 0xc0) === 0x40) { p += 2; continue; }
      if ((op & 0xc0) === 0) { p++; continue; }
      if (p + 1 < end && (b[p + 1] & 0x80) !== 0) {
        const v1 = ((op >>> 2) & 0x1f) + 1, v2 = ((b[p + 1] >>> 2) & 0x1f) + 1;
        if (v1 === v2) {
          const len = (op & 3) + 1 + (b[p + 1] & 3) + 1;
          if (len <= SPARSE_VAL_MAX_LEN) {
            b[p + 1] = valOp(v1, len);
            const nb = Buffer.allocUnsafe(end - 1);
            b.copy(nb, 0, 0, p);
            b.copy(nb, p, p + 1, end);
            this.b = b = nb;
            end--;
            continue;
          }
        }
      }
      p++;
    }
    return true;
  }
}

function valOp(v: number, len: number): number {
  return 0x80 | ((v - 1) << 2) | (len - 1);
}

function pushZero(seq: number[], len: number): void {
  if (len > SPARSE_ZERO_MAX_LEN) { seq.push(0x40 | ((len - 1) >>> 8), (len - 1) & 0xff); }
  else seq.push(len - 1);
}

// ---- counting -------------------------------------------------------------------

/** Register histogram of a string HLL (dense or sparse); throws HllInvalid. */
export function histogram(s: string, hist: Int32Array): void {
  if (s.charCodeAt(4) === ENC_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) hist[denseGet(s, i)]++;
    return;
  }
  let p = HDR, idx = 0;
  const end = s.length;
  while (p < end) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) { const r = (op & 0x3f) + 1; idx += r; hist[0] += r; p++; }
    else if ((op & 0xc0) === 0x40) { const r = (((op & 0x3f) << 8) | (p + 1 < end ? s.charCodeAt(p + 1) : 0)) + 1; idx += r; hist[0] += r; p += 2; }
    else { const r = (op & 3) + 1; idx += r; hist[((op >>> 2) & 0x1f) + 1] += r; p++; }
  }
  if (idx !== HLL_REGISTERS) throw new HllInvalid();
}

/** Merges a string HLL's registers into raw (max per register); throws HllInvalid. */
export function mergeInto(s: string, raw: Uint8Array): void {
  if (s.charCodeAt(4) === ENC_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) { const v = denseGet(s, i); if (v > raw[i]) raw[i] = v; }
    return;
  }
  let p = HDR, idx = 0;
  const end = s.length;
  while (p < end) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) { idx += (op & 0x3f) + 1; p++; }
    else if ((op & 0xc0) === 0x40) { idx += (((op & 0x3f) << 8) | (p + 1 < end ? s.charCodeAt(p + 1) : 0)) + 1; p += 2; }
    else {
      const r = (op & 3) + 1, v = ((op >>> 2) & 0x1f) + 1;
      if (idx + r > HLL_REGISTERS) throw new HllInvalid();
      for (let k = 0; k < r; k++, idx++) if (v > raw[idx]) raw[idx] = v;
      p++;
    }
  }
  if (idx !== HLL_REGISTERS) throw new HllInvalid();
}

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number, y = 1, z = x;
  do { x *= x; zPrime = z; z += x * y; y += y; } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number, y = 1, z = 1 - x;
  do { x = Math.sqrt(x); zPrime = z; y *= 0.5; z -= Math.pow(1 - x, 2) * y; } while (zPrime !== z);
  return z / 3;
}

/** The cardinality estimate from a register histogram. */
export function estimate(hist: Int32Array): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - hist[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; --j) { z += hist[j]; z *= 0.5; }
  z += m * sigma(hist[0] / m);
  return Math.round((ALPHA_INF * m * m) / z);
}

export function countString(s: string): number {
  const h = new Int32Array(HLL_Q + 2);
  histogram(s, h);
  return estimate(h);
}

export function countRaw(raw: Uint8Array): number {
  const h = new Int32Array(HLL_Q + 2);
  for (let i = 0; i < HLL_REGISTERS; i++) h[raw[i]]++;
  return estimate(h);
}

/** Cached cardinality, or -1 when stale. */
export function cachedCard(s: string): number {
  if (s.charCodeAt(15) & 0x80) return -1;
  let v = 0;
  for (let i = 7; i >= 0; i--) v = v * 256 + s.charCodeAt(8 + i);
  return v;
}

export function writeCard(b: Buffer, card: number): void {
  let v = card;
  for (let i = 0; i < 8; i++) { b[8 + i] = v % 256; v = Math.floor(v / 256); }
}

export function registers(s: string): number[] {
  const out: number[] = new Array(HLL_REGISTERS);
  for (let i = 0; i < HLL_REGISTERS; i++) out[i] = denseGet(s, i);
  return out;
}

export function decodeSparse(s: string): string {
  const parts: string[] = [];
  let p = HDR;
  while (p < s.length) {
    const op = s.charCodeAt(p);
    if ((op & 0xc0) === 0) { parts.push(`z:${(op & 0x3f) + 1}`); p++; }
    else if ((op & 0xc0) === 0x40) { parts.push(`Z:${(((op & 0x3f) << 8) | s.charCodeAt(p + 1)) + 1}`); p += 2; }
    else { parts.push(`v:${((op >>> 2) & 0x1f) + 1},${(op & 3) + 1}`); p++; }
  }
  return parts.join(' ');
}
