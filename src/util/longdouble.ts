/**
 * Emulation of the x87 80-bit "long double" that Redis uses for
 * INCRBYFLOAT / HINCRBYFLOAT: parsing (strtold), addition, and printing
 * with "%.17Lf" followed by trailing-zero removal.
 *
 * Representation: a finite value is (-1)^neg * m * 2^e with m a non-negative
 * bigint of at most 64 bits (the x87 explicit-integer-bit significand) and e
 * an integer exponent. Every finite LD produced here is already rounded:
 * m < 2^64, e >= EMIN (the subnormal quantum 2^-16445) and the value is
 * below 2^16384. Infinities and NaN are flagged separately.
 *
 * All arithmetic is exact on bigints followed by one round-to-nearest-even
 * step to 64 significant bits, which is what the hardware does for a single
 * addition, so results match a C long double bit for bit.
 */

export interface LongDouble {
  /** 0 finite, 1 infinite, 2 NaN. */
  readonly kind: 0 | 1 | 2;
  readonly neg: boolean;
  readonly m: bigint;
  readonly e: number;
}

const PREC = 64;
/** Exponent of the smallest subnormal: 2^-16445. */
const EMIN = -16445;
/** Values at or above 2^EMAX overflow to infinity. */
const EMAX = 16384;

export const LD_ZERO: LongDouble = { kind: 0, neg: false, m: 0n, e: 0 };
const INF: LongDouble = { kind: 1, neg: false, m: 0n, e: 0 };
const NINF: LongDouble = { kind: 1, neg: true, m: 0n, e: 0 };
const NAN: LongDouble = { kind: 2, neg: false, m: 0n, e: 0 };

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = n.toString(16);
  const first = parseInt(hex[0], 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(first));
}

/**
 * Rounds the exact non-negative value (n + tiny) * 2^e to a long double,
 * where `sticky` says whether something non-zero but smaller than one unit
 * of n was dropped before (it breaks ties). Callers passing sticky=true
 * must give n at least PREC+2 bits so that rounding drops some bits.
 */
function round(neg: boolean, n: bigint, e: number, sticky: boolean): LongDouble {
  if (n === 0n) return sticky ? { kind: 0, neg, m: 0n, e: EMIN } : { kind: 0, neg, m: 0n, e: 0 };
  const len = bitLength(n);
  let shift = Math.max(len - PREC, EMIN - e);
  if (shift > 0) {
    if (shift > len + 1) { n = 0n; e += shift; }
    else {
      const sh = BigInt(shift);
      const q = n >> sh;
      const rem = n - (q << sh);
      const half = 1n << (sh - 1n);
      let up = false;
      if (rem > half) up = true;
      else if (rem === half) up = sticky || (q & 1n) === 1n;
      n = up ? q + 1n : q;
      e += shift;
      if (n >> BigInt(PREC) !== 0n) { n >>= 1n; e += 1; }
    }
  }
  if (n === 0n) return { kind: 0, neg, m: 0n, e: 0 };
  if (e + bitLength(n) > EMAX) return neg ? NINF : INF;
  return { kind: 0, neg, m: n, e };
}

export function ldIsFinite(x: LongDouble): boolean { return x.kind === 0; }
export function ldIsZero(x: LongDouble): boolean { return x.kind === 0 && x.m === 0n; }

/** Exact conversion from a 64-bit integer (always representable). */
export function ldFromBigInt(v: bigint): LongDouble {
  const neg = v < 0n;
  return round(neg, neg ? -v : v, 0, false);
}

/** a + b with one rounding, as the x87 does in round-to-nearest mode. */
export function ldAdd(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 2 || b.kind === 2) return NAN;
  if (a.kind === 1) return (b.kind === 1 && b.neg !== a.neg) ? NAN : a;
  if (b.kind === 1) return b;
  if (a.m === 0n) return (b.m === 0n) ? { kind: 0, neg: a.neg && b.neg, m: 0n, e: 0 } : b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  let sa = a.m << BigInt(a.e - e);
  let sb = b.m << BigInt(b.e - e);
  if (a.neg) sa = -sa;
  if (b.neg) sb = -sb;
  const s = sa + sb;
  if (s === 0n) return LD_ZERO;
  return s < 0n ? round(true, -s, e, false) : round(false, s, e, false);
}

const DEC_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/**
 * Parses like strtold() over the whole string: decimal and hexadecimal
 * floats, inf/infinity; NaN and malformed input give undefined. Returns
 * `range: true` when strtold would report ERANGE with an infinite or zero
 * result (overflow / total underflow).
 */
export function ldParse(s: string): { v: LongDouble; range: boolean } | undefined {
  let m = DEC_RE.exec(s);
  if (m !== null) {
    const ip = m[2], fp = m[3] ?? '';
    if (ip.length === 0 && fp.length === 0) return undefined;
    const neg = m[1] === '-';
    return decimal(neg, ip + fp, fp.length, m[4]);
  }
  m = HEX_RE.exec(s);
  if (m !== null) {
    const ip = m[2], fp = m[3] ?? '';
    if (ip.length === 0 && fp.length === 0) return undefined;
    return hexadecimal(m[1] === '-', ip + fp, fp.length, m[4]);
  }
  m = INF_RE.exec(s);
  if (m !== null) return { v: m[1] === '-' ? NINF : INF, range: false };
  return undefined;
}

function zero(neg: boolean): LongDouble { return { kind: 0, neg, m: 0n, e: 0 }; }

/** Parses a possibly huge exponent text, clamped to +-1e9 (enough to saturate). */
function expValue(t: string | undefined): number {
  if (t === undefined) return 0;
  const v = Number(t);
  return Math.max(-1e9, Math.min(1e9, v));
}

function decimal(neg: boolean, digits: string, fracLen: number, expText: string | undefined): { v: LongDouble; range: boolean } {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === 48) i++;
  if (i === digits.length) return { v: zero(neg), range: false };
  let d = digits.slice(i);
  // trailing zeros only scale by ten: fold them into the exponent
  let j = d.length;
  while (d.charCodeAt(j - 1) === 48) j--;
  const tz = d.length - j;
  d = d.slice(0, j);
  const e10 = expValue(expText) - fracLen + tz;
  const mag = d.length + e10; // value lies in [10^(mag-1), 10^mag)
  if (mag > 4940) return { v: neg ? NINF : INF, range: true };
  if (mag < -4960) return { v: zero(neg), range: true };
  const D = BigInt(d);
  let r: LongDouble;
  if (e10 >= 0) r = round(neg, D * 10n ** BigInt(e10), 0, false);
  else {
    const den = 10n ** BigInt(-e10);
    const s = Math.max(0, bitLength(den) - bitLength(D) + PREC + 2);
    const num = D << BigInt(s);
    const q = num / den;
    r = round(neg, q, -s, q * den !== num);
  }
  return { v: r, range: r.kind === 1 || r.m === 0n };
}

function hexadecimal(neg: boolean, digits: string, fracLen: number, expText: string | undefined): { v: LongDouble; range: boolean } {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === 48) i++;
  if (i === digits.length) return { v: zero(neg), range: false };
  const H = BigInt('0x' + digits.slice(i));
  const e2 = expValue(expText) - 4 * fracLen;
  const top = bitLength(H) + e2;
  if (top > EMAX + 1) return { v: neg ? NINF : INF, range: true };
  if (top < EMIN - 2) return { v: zero(neg), range: true };
  const r = round(neg, H, e2, false);
  return { v: r, range: r.kind === 1 || r.m === 0n };
}

/**
 * A value or argument as Redis reads a long double (INCRBYFLOAT,
 * HINCRBYFLOAT): at most 5119 bytes, no leading space, the whole string must
 * parse, and NaN, overflow and total underflow are refused.
 */
export function parseLongDouble(s: string): LongDouble | undefined {
  if (s.length === 0 || s.length >= 5120) return undefined;
  const cc = s.charCodeAt(0);
  if (cc === 32 || (cc >= 9 && cc <= 13)) return undefined;
  const r = ldParse(s);
  if (r === undefined || r.range) return undefined;
  return r.v;
}

const TEN17 = 10n ** 17n;

/** printf("%.17Lf") of a finite value (round-half-even on the exact binary value). */
export function ldToFixed17(x: LongDouble): string {
  if (x.kind === 1) return x.neg ? '-inf' : 'inf';
  if (x.kind === 2) return x.neg ? '-nan' : 'nan';
  let n: bigint;
  if (x.e >= 0) n = (x.m << BigInt(x.e)) * TEN17;
  else {
    const num = x.m * TEN17;
    const sh = BigInt(-x.e);
    const q = num >> sh;
    const rem = num - (q << sh);
    const twice = rem << 1n;
    const den = 1n << sh;
    n = (twice > den || (twice === den && (q & 1n) === 1n)) ? q + 1n : q;
  }
  const ip = n / TEN17, fp = n % TEN17;
  return (x.neg ? '-' : '') + ip.toString() + '.' + fp.toString().padStart(17, '0');
}

/**
 * Redis's "human friendly" long double text: %.17Lf with trailing zeros
 * (and a bare trailing dot) removed, and "-0" written as "0".
 */
export function ldFormatHuman(x: LongDouble): string {
  if (x.kind === 1) return x.neg ? '-inf' : 'inf';
  let s = ldToFixed17(x);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  s = s.slice(0, end);
  return s === '-0' ? '0' : s;
}

/** x as a JS number (approximate: double rounding; for display or rough comparisons only). */
export function ldToNumber(x: LongDouble): number {
  if (x.kind === 2) return NaN;
  if (x.kind === 1) return x.neg ? -Infinity : Infinity;
  const v = Number(x.m) * Math.pow(2, x.e);
  return x.neg ? -v : v;
}
