/**
 * sin, cos and asin exactly as Redis computes them on Debian 12 x86-64.
 *
 * Why: the GEO commands print distances with 17 significant digits
 * (STOREDIST scores, full-precision WITHDIST), so a distance must be the very
 * double Redis gets. Redis calls glibc 2.36's libm, whose sin/cos/asin are
 * accurate to about half an ulp but not correctly rounded: roughly one call
 * in a thousand returns the neighbour of the correctly rounded result. Any
 * other implementation (V8's fdlibm ports, or a correctly rounded one like
 * test/crmath.ts) disagrees with it in the last bit now and then.
 *
 * What: glibcSin, glibcCos and glibcAsin redo, one floating-point operation
 * after another, what the machine code of that libm executes on a CPU with
 * FMA and AVX2 (its ifunc resolvers pick the variants compiled for FMA there,
 * which is what redis-server gets on such machines). The methods:
 *
 * - sin/cos of |x| < 0.855: a table holds sin and cos (each as a sum of two
 *   doubles) at the multiples of 1/128; x is split into the nearest table
 *   point p plus a small remainder d, short polynomials give sin d and
 *   1 - cos d, and the addition formulas combine them with the table values,
 *   the largest term added last. Below 0.126 sin uses a plain odd polynomial.
 * - sin/cos of 0.855 <= |x| < 2.426: the complementary angle pi/2 - |x| is
 *   formed with pi/2 as a two-double sum, and the other function of it is
 *   taken as above.
 * - larger |x|: x minus the nearest multiple n pi/2 gives a reduced angle
 *   as a two-double sum, and n mod 4 picks the function and the sign. Up to
 *   2^26 pi/2, pi/2 comes in four pieces; beyond, x is cut in two halves of
 *   26 bits and each is multiplied by the few 24-bit pieces of 2/pi that
 *   matter at its magnitude (the integer part mod 4 of the product is all
 *   that is kept of the leading pieces).
 * - asin of |x| < 0.125: an odd polynomial. Up to 0.96875: the interval is
 *   cut into pieces, each with its own polynomial around its start point
 *   (ASIN_TAB). Above: asin x = pi/2 - 2 asin sqrt((1-x)/2), with the square
 *   root computed from a table seed and Newton steps, in two parts.
 *
 * Every fused multiply-add of that code (the compiler contracted most a*b+c
 * into one instruction that rounds once) is reproduced with fma() below, an
 * exact emulation; everything else is plain double arithmetic in the same
 * order. The constants and tables (util/libm-tables.ts) are the values that
 * libm holds. The result is bit-identical to the library for every input the
 * GEO code can produce; this was checked against the real libm on tens of
 * millions of random and geo-shaped arguments (see test/unit/libm.test.ts).
 */

import { SINCOS_TAB, INV_ROOT_TAB, ASIN_TAB, TWO_OVER_PI_24 } from './libm-tables.js';

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Little-endian layout: U32[0] holds the low mantissa bits, U32[1] the sign, exponent and high bits. */
const LO = 0, HI = 1;

const SPLIT = 134217729; // 2^27 + 1

/**
 * fma(a, b, c): a*b + c with a single rounding (to nearest, ties to even).
 *
 * The product is split exactly into ph + pl (Dekker), c + ph into th + tl
 * (Knuth's two-sum), so a*b + c = th + (tl + pl) exactly, where the inner
 * sum is tiny next to th. Rounding the inner sum first (v) and then th + v
 * gives the correctly rounded result unless th + v falls exactly halfway
 * between two doubles: a double strictly between the inner sum and v would
 * contradict v being its nearest double, and the halfway points next to th
 * are doubles at that scale. So the quick result stands unless that
 * addition was a tie (or the inner sum is not small, after cancellation);
 * then the inner sum is rounded to odd instead, which makes the final
 * rounding the correct one (Boldo and Melquiond's emulation). Exact as long
 * as nothing overflows or underflows (|a*b| between 2^-960 and 2^990 is far
 * more than the ranges used here).
 */
export function fma(a: number, b: number, c: number): number {
  const ph = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  const pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl;
  const th = c + ph;
  const z = th - c;
  const tl = (c - (th - z)) + (ph - z);
  const v = tl + pl;
  const r = th + v;
  if (Math.abs(v) < Math.abs(th) * 9.5367431640625e-7) { // |v| < 2^-20 |th|
    const err = v - (r - th); // exact (fast two-sum): th + v = r + err
    // a tie leaves |err| half the spacing at r, so that r + 2 err is a double
    if (err === 0 || (r + 2 * err) - r !== 2 * err) return r;
  }
  return fmaSlow(th, tl, pl);
}

/** th + (tl + pl) with the inner sum rounded to odd: see fma(). */
function fmaSlow(th: number, tl: number, pl: number): number {
  let v = tl + pl;
  const z = v - tl;
  const e = (tl - (v - z)) + (pl - z);
  if (e !== 0) {
    // inexact: if v's last mantissa bit is even, the odd neighbour on e's side is the round-to-odd result
    F64[0] = v;
    const lo = U32[LO];
    if ((lo & 1) === 0) {
      if ((e > 0) === (v > 0)) U32[LO] = lo + 1; // away from zero (lo is even: no carry)
      else if (lo !== 0) U32[LO] = lo - 1;
      else { U32[LO] = 0xffffffff; U32[HI] = U32[HI] - 1; }
      v = F64[0];
    }
  }
  return th + v;
}

// ---------------------------------------------------------------- sin, cos

const BIG = 52776558133248; // 1.5 * 2^45: adding it rounds to a multiple of 1/128
const TOINT = 6755399441055744; // 1.5 * 2^52: adding it rounds to an integer
const TWO_OVER_PI = 0.6366197723675814;
// pi/2 in four pieces for the reduction (the first three have short mantissas)
const MP1 = 1.5707963407039642;
const MP2 = -1.3909067564377153e-08;
const PP3 = -4.97899623147991e-17;
const PP4 = -1.9034889620193266e-25;
// pi/2 as a two-double sum
const HP0 = 1.5707963267948966;
const HP1 = 6.123233995736766e-17;
// sin d = d + d^3 (SN3 + d^2 SN5) for the small remainder d
const SN3 = -0.16666666666666488;
const SN5 = 0.008333332142857223;
// 1 - cos d = d^2 (1/2 + d^2 (CS4 + d^2 CS6))
const CS4 = -0.04166666666666644;
const CS6 = 0.001388888740079376;
// sin d = d + d^3 (S1 + d^2 (S2 + ... d^2 S5)) for |d| < 0.126, without a table
const S1 = -0.16666666666666666;
const S2 = 0.008333333333332329;
const S3 = -0.00019841269834414642;
const S4 = 2.755729806860771e-06;
const S5 = -2.5022014848318398e-08;

const TINY_SIN = 1.4901161193847656e-08; // 2^-26
const TINY_COS = 7.450580596923828e-09; // 2^-27
const SMALL = 0.126;
const TABLE_MAX = 0.85546875;
const COMPLEMENT_MAX = 2.4262638092041016;
const REDUCE_MAX = 105414336;

/** sin(a + da) for |a| < 0.126 by the odd polynomial, da a tiny correction. */
function sinPoly(a: number, da: number): number {
  const xx = a * a;
  let p = fma(xx, S5, S4);
  p = fma(xx, p, S3);
  p = fma(xx, p, S2);
  p = fma(xx, p, S1);
  return a + fma(xx, fma(p, a, -(0.5 * da)), da);
}

/** sin(x + dx) from the table, for 0.126 <= |x| < 0.856 (dx tiny). */
function sinTab(x: number, dx: number): number {
  if (!(x > 0)) dx = -dx;
  const ax = Math.abs(x);
  const p = (ax + BIG) - BIG;
  const i = p * 512; // 4 * 128 * p
  const d = ax - p;
  const dd = d * d;
  const s = d + fma(d * dd, fma(dd, SN5, SN3), dx);
  const c = fma(d, dx, dd * fma(dd, fma(dd, CS6, CS4), 0.5));
  const sn = SINCOS_TAB[i];
  // sin(p + d) = sin p + (sin p's low part + s cos p - c sin p), cos p low part included
  const cor = fma(s, SINCOS_TAB[i + 2], fma(-c, sn, fma(s, SINCOS_TAB[i + 3], SINCOS_TAB[i + 1])));
  const r = sn + cor;
  return x < 0 ? -r : r;
}

/** cos(x + dx) from the table, for |x| < 0.856 (dx tiny). */
function cosTab(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const p = (ax + BIG) - BIG;
  const i = p * 512;
  const d = (ax - p) + dx;
  const dd = d * d;
  const s = fma(d * dd, fma(dd, SN5, SN3), d);
  const c = dd * fma(dd, fma(dd, CS6, CS4), 0.5);
  // cos(p + d) = cos p + (cos p's low part - s sin p's low part - c cos p - s sin p)
  const cor = fma(-s, SINCOS_TAB[i], fma(-c, SINCOS_TAB[i + 2], fma(-s, SINCOS_TAB[i + 1], SINCOS_TAB[i + 3])));
  return SINCOS_TAB[i + 2] + cor;
}

// result registers of reduce(): the reduced angle as ra + rda, and n mod 4
let ra = 0, rda = 0;

/** Reduces x by the nearest multiple n of pi/2 into ra + rda; returns n & 3. */
function reduce(x: number): number {
  const t = fma(x, TWO_OVER_PI, TOINT);
  const xn = t - TOINT;
  let y = fma(-xn, MP1, x);
  y = fma(-xn, MP2, y);
  const t2 = fma(-xn, PP3, y);
  const db = fma(-PP3, xn, y - t2);
  const b = fma(-xn, PP4, t2);
  ra = b;
  rda = db + fma(-xn, PP4, t2 - b);
  return xn & 3;
}

const TWO_M600 = Math.pow(2, -600);
const TWO_M24 = 5.9604644775390625e-08;
const BIG54 = 27021597764222976; // 1.5 * 2^54: adding it rounds to a multiple of 4
const BR_MP2 = -1.3909067675399456e-08; // the second piece of pi/2 paired with MP1 in the huge reduction
// scratch for the products of the huge reduction
const BR = new Float64Array(6);
// results of brHalf(): the integer part (mod 4 kept) and the fraction as b + bb
let brSum = 0, brB = 0, brBB = 0;

/**
 * For one 26-bit half h of the (scaled) argument: h * 2/pi using the six
 * pieces of 2/pi that reach just past its units, split into an integer part
 * (brSum, reduced mod 4 up to a small offset) and a fraction brB + brBB.
 */
function brHalf(h: number): void {
  F64[0] = h;
  const e = (U32[HI] >>> 20) & 0x7ff;
  const k = e > 426 ? Math.trunc((e - 450) / 24) : 0;
  let gor = Math.pow(2, 576 - 24 * k);
  for (let i = 0; i < 6; i++) {
    BR[i] = TWO_OVER_PI_24[k + i] * h * gor;
    gor *= TWO_M24;
  }
  let sum = 0;
  for (let i = 0; i < 6; i++) {
    const t = (BR[i] + TOINT) - TOINT;
    BR[i] -= t;
    sum += t;
  }
  let s = 0;
  for (let i = 5; i >= 0; i--) s = BR[i] + s;
  const t = (s + TOINT) - TOINT;
  const bb = ((((BR[0] - s) + BR[1]) + BR[2]) + BR[3] + BR[4]) + BR[5];
  s -= t;
  sum += t;
  const b = bb + s;
  brBB = (s - b) + bb;
  brB = b;
  brSum = sum - ((sum + BIG54) - BIG54);
}

/** The reduction of huge |x| (at least 2^26 pi/2) into ra + rda; returns n & 3. */
function reduceHuge(x: number): number {
  x *= TWO_M600;
  const t = x * SPLIT;
  const x1 = t - (t - x), x2 = x - x1;
  brHalf(x1);
  const b1 = brB, bb1 = brBB, sum1 = brSum;
  brHalf(x2);
  const b2 = brB, bb2 = brBB;
  let sum = brSum + sum1;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? (b1 - b) + b2 : (b2 - b) + b1;
  if (b > 0.5) { b -= 1; sum += 1; } else if (b < -0.5) { b += 1; sum -= 1; }
  const s = ((bb + bb1) + bb2) + b;
  let u = s * SPLIT;
  const sa = u - (u - s), sb = s - sa;
  u = ((b - s) + bb) + (bb1 + bb2);
  u = (u * HP0 + (sb * BR_MP2 + s * HP1)) + (((sa * MP1 - s * HP0) + sa * BR_MP2) + sb * MP1);
  const hi = s * HP0;
  ra = hi + u;
  rda = (hi - ra) + u;
  return sum & 3;
}

/** sin(a + da) for a reduced angle (|a| <= pi/4 and a bit). */
function sinReduced(a: number, da: number): number {
  return Math.abs(a) < SMALL ? sinPoly(a, da) : sinTab(a, da);
}

/** Debian 12's x86-64 glibc sin(x), bit for bit (see the file comment). */
export function glibcSin(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_SIN) return x;
  if (ax < TABLE_MAX) return ax < SMALL ? sinPoly(x, 0) : sinTab(x, 0);
  if (ax < COMPLEMENT_MAX) {
    const r = cosTab(HP0 - ax, HP1);
    return x < 0 ? -r : r;
  }
  if (ax < REDUCE_MAX) {
    const n = reduce(x);
    const r = (n & 1) !== 0 ? cosTab(ra, rda) : sinReduced(ra, rda);
    return (n & 2) !== 0 ? -r : r;
  }
  if (ax < Infinity) {
    const n = reduceHuge(x);
    const r = (n & 1) !== 0 ? cosTab(ra, rda) : sinReduced(ra, rda);
    return (n & 2) !== 0 ? -r : r;
  }
  return x - x; // NaN for NaN and infinities
}

/** Debian 12's x86-64 glibc cos(x), bit for bit (see the file comment). */
export function glibcCos(x: number): number {
  const ax = Math.abs(x);
  if (ax < TINY_COS) return 1;
  if (ax < TABLE_MAX) return cosTab(x, 0);
  if (ax < COMPLEMENT_MAX) {
    const y = HP0 - ax;
    const a = y + HP1;
    return sinReduced(a, (y - a) + HP1);
  }
  if (ax < REDUCE_MAX) {
    const n = reduce(x) + 1;
    const r = (n & 1) !== 0 ? cosTab(ra, rda) : sinReduced(ra, rda);
    return (n & 2) !== 0 ? -r : r;
  }
  if (ax < Infinity) {
    const n = reduceHuge(x) + 1;
    const r = (n & 1) !== 0 ? cosTab(ra, rda) : sinReduced(ra, rda);
    return (n & 2) !== 0 ? -r : r;
  }
  return x - x;
}

// -------------------------------------------------------------------- asin

// asin x = x + x^3 (F1 + x^2 (F2 + ... x^2 F6)) near 0
const F1 = 0.1666666666666641;
const F2 = 0.07500000000261227;
const F3 = 0.044642856142105974;
const F4 = 0.03038212685821193;
const F5 = 0.022355121102652562;
const F6 = 0.018138290340456505;
// 1/sqrt(z) refinement: t (RT0 + r (RT1 + r (RT2 + r RT3)))
const RT0 = 0.9999999998599908;
const RT1 = 0.4999999994959554;
const RT2 = 0.3750175008673452;
const RT3 = 0.31252362655451865;
const T24 = 16777216;
/** Powers of two 2^0 .. 2^27, scaling the 1/sqrt seed. */
const POW2 = new Float64Array(28);
for (let i = 0; i < 28; i++) POW2[i] = Math.pow(2, i);

/** asin from the ASIN_TAB piece at offset n whose highest coefficient is at n + last. */
function asinPiece(ax: number, n: number, last: number): number {
  const T = ASIN_TAB;
  const xx = ax - T[n];
  let p = fma(xx, T[n + last], T[n + last - 1]);
  for (let j = n + last - 2; j >= n + 2; j--) p = fma(xx, p, T[j]);
  p = fma(xx * xx, p, T[n + last + 1]);
  return fma(xx, T[n + 1], p) + T[n + last + 2];
}

/** Debian 12's x86-64 glibc asin(x), bit for bit (see the file comment). */
export function glibcAsin(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.125) {
    if (ax < TINY_SIN) return x;
    const x2 = x * x;
    let p = fma(x2, F6, F5);
    p = fma(x2, p, F4);
    p = fma(x2, p, F3);
    p = fma(x2, p, F2);
    p = fma(x2, p, F1);
    return fma(p, x * x2, x);
  }
  F64[0] = ax;
  const k = U32[HI];
  if (ax < 0.5) {
    const n = ax < 0.25 ? ((k >> 15) & 0x1f) * 11 : ((k >> 14) & 0x3f) * 11 + 352;
    r = asinPiece(ax, n, 6);
  } else if (ax < 0.75) {
    r = asinPiece(ax, 1056 + ((k >> 13) & 0x3f) * 12, 7);
  } else if (ax < 0.921875) {
    r = asinPiece(ax, 992 + ((k >> 13) & 0x7f) * 13, 8);
  } else if (ax < 0.953125) {
    r = asinPiece(ax, 884 + ((k >> 13) & 0x7f) * 14, 9);
  } else if (ax < 0.96875) {
    r = asinPiece(ax, 768 + ((k >> 13) & 0x7f) * 15, 10);
  } else if (ax < 1) {
    const z = 0.5 * (1 - ax);
    F64[0] = z;
    const kz = U32[HI];
    let t = INV_ROOT_TAB[(kz >> 14) & 0x7f] * POW2[511 - (kz >> 21)];
    const rr = fma(-(t * t), z, 1);
    t = fma(rr, fma(rr, fma(rr, RT3, RT2), RT1), RT0) * t;
    const c = z * t;
    const y = (c + T24) - T24;
    // sqrt z = y + cc, with y short (so y*y is nearly exact)
    const cc = fma(-y, y, z) / fma(fma(-c, t * 0.5, 1.5), c, y);
    let p = fma(z, F6, F5);
    p = fma(z, p, F4);
    p = fma(z, p, F3);
    p = fma(z, p, F2);
    p = fma(z, p, F1);
    p = p * z;
    const w = y + cc;
    r = fma(-(w + w), p, HP1 - 2 * cc) + (HP0 - 2 * y);
  } else if (ax === 1) {
    r = HP0;
  } else {
    return Math.asin(x);
  }
  return x > 0 ? r : -r;
}
