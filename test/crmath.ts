/**
 * Correctly rounded sin, cos and asin for doubles: a reference for the tests.
 *
 * The server reproduces glibc's functions (src/util/libm.ts), which are not
 * correctly rounded; the tests use these to show that the glibc results they
 * check are genuine departures from the correctly rounded value. They
 * evaluate in double-double arithmetic (about 106 bits) and round once at
 * the end.
 *
 * Representation: a double-double value is an unevaluated sum hi + lo with
 * |lo| <= ulp(hi)/2. Results are returned through module registers (rH, rL)
 * to avoid allocating a pair per operation.
 */

let rH = 0, rL = 0;

const SPLIT = 134217729; // 2^27 + 1

/** Exact product a*b as rH + rL (Dekker, no FMA). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  rH = p;
  rL = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** (ah, al) * (bh, bl) into rH, rL. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const ph = rH;
  const pl = rL + (ah * bl + al * bh);
  rH = ph + pl;
  rL = pl - (rH - ph);
}

/** (ah, al) + (bh, bl) into rH, rL. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  let s = ah + bh;
  let bb = s - ah;
  let e = (ah - (s - bb)) + (bh - bb);
  const t = al + bl;
  bb = t - al;
  const f = (al - (t - bb)) + (bl - bb);
  e += t;
  let h = s + e;
  e = e - (h - s);
  e += f;
  s = h + e;
  rL = e - (s - h);
  rH = s;
}

/** (ah, al) / d into rH, rL. */
function ddDivD(ah: number, al: number, d: number): void {
  const q1 = ah / d;
  twoProd(q1, d);
  const r = ((ah - rH) - rL) + al;
  const q2 = r / d;
  rH = q1 + q2;
  rL = q2 - (rH - q1);
}

// 1/n! as double-doubles, n = 0..29
const INV_FACT_H: number[] = [1];
const INV_FACT_L: number[] = [0];
for (let n = 1; n < 30; n++) {
  ddDivD(INV_FACT_H[n - 1], INV_FACT_L[n - 1], n);
  INV_FACT_H.push(rH);
  INV_FACT_L.push(rL);
}

// pi/2 in four pieces: three of 33 bits (so k * piece is exact for |k| < 2^20) and a tail
const P1 = 1.57079632673412561417e+00;
const P2 = 6.07710050630396597660e-11;
const P3 = 2.02226624871116645580e-21;
const P4 = 8.47842766036889956997e-32;
const TWO_OVER_PI = 0.6366197723675814;

// Series coefficients (-1)^i / n! as plain doubles, for the small high-order terms.
const C_D: number[] = [];
for (let n = 0; n < 30; n++) C_D.push((((n >> 1) & 1) === 1 ? -1 : 1) * INV_FACT_H[n]);
// the same coefficients as double-doubles, for the leading terms
const C_H: number[] = [], C_L: number[] = [];
for (let n = 0; n < 30; n++) { C_H.push(C_D[n]); C_L.push(C_D[n] < 0 ? -INV_FACT_L[n] : INV_FACT_L[n]); }

/**
 * sin (odd = true) or cos (odd = false) of the reduced dd argument x,
 * |x| <= ~pi/4, into rH, rL. Horner in z = x^2: the terms below 1e-8 of the
 * result are summed in plain doubles (their rounding errors stay under
 * 2^-80 of the result), the leading ones in double-double.
 */
function kernel(xh: number, xl: number, odd: boolean): void {
  ddMul(xh, xl, xh, xl);
  const zh = rH, zl = rL;
  const o = odd ? 1 : 0;
  // plain-double tail: terms n = 10+o .. 26+o
  let q = C_D[26 + o];
  for (let n = 24 + o; n >= 10 + o; n -= 2) q = q * zh + C_D[n];
  let sh = q, sl = 0;
  for (let n = 8 + o; n >= 0; n -= 2) {
    ddMul(sh, sl, zh, zl);
    ddAdd(rH, rL, C_H[n], C_L[n]);
    sh = rH; sl = rL;
  }
  if (odd) ddMul(sh, sl, xh, xl);
  else { rH = sh; rL = sl; }
}

/** Reduces x by k*pi/2 (k returned) into rH, rL. */
function reduce(x: number): number {
  const k = Math.round(x * TWO_OVER_PI);
  if (k === 0) { rH = x; rL = 0; return 0; }
  // x - k*P1 is exact (same binade or smaller); then subtract the smaller pieces in dd
  const t = x - k * P1;
  ddAdd(t, 0, -k * P2, 0);
  ddAdd(rH, rL, -k * P3, 0);
  ddAdd(rH, rL, -k * P4, 0);
  return k;
}

/** sin or cos of x as a dd into rH, rL. */
function sinCosDD(x: number, cos: boolean): void {
  const k = reduce(x);
  const q = ((k % 4) + 4 + (cos ? 1 : 0)) % 4;
  const h = rH, l = rL;
  kernel(h, l, q % 2 === 0);
  if (q >= 2) { rH = -rH; rL = -rL; }
}

const LIMIT = 1 << 19;

/** Correctly rounded sin(x). */
export function crSin(x: number): number {
  if (!(Math.abs(x) < LIMIT)) return Math.sin(x);
  if (Math.abs(x) < 1e-8) return x === 0 ? x : Math.sin(x); // sin x = x - x^3/6: rounds to x or its neighbour as fdlibm does
  sinCosDD(x, false);
  return rH + rL;
}

let cosArg0 = 0, cosRes0 = 1, cosArg1 = 0, cosRes1 = 1;

/** Correctly rounded cos(x). The last two results are remembered (a search keeps one latitude fixed). */
export function crCos(x: number): number {
  if (x === cosArg0) return cosRes0;
  if (x === cosArg1) return cosRes1;
  if (!(Math.abs(x) < LIMIT)) return Math.cos(x);
  sinCosDD(x, true);
  const r = rH + rL;
  cosArg1 = cosArg0; cosRes1 = cosRes0;
  cosArg0 = x; cosRes0 = r;
  return r;
}

/** Correctly rounded asin(x). */
export function crAsin(x: number): number {
  if (!(Math.abs(x) < 1) || Math.abs(x) < 1e-8) return Math.asin(x);
  // Newton on sin(y) = x from V8's faithful result, in double-double
  let yh = Math.asin(x), yl = 0;
  for (let it = 0; it < 2; it++) {
    // one reduction serves both: yh is in [0, pi/2], so k is 0 or 1
    let ch: number, cl: number, sh: number, sl: number;
    const k = reduce(yh);
    const th = rH, tl = rL;
    if (k === 0) {
      kernel(th, tl, true); sh = rH; sl = rL;
      kernel(th, tl, false); ch = rH; cl = rL;
    } else {
      kernel(th, tl, false); sh = rH; sl = rL;
      kernel(th, tl, true); ch = -rH; cl = -rL;
    }
    if (yl !== 0) {
      // sin(yh + yl) ~ sin(yh) + yl * cos(yh)
      ddAdd(sh, sl, yl * ch, 0);
      sh = rH; sl = rL;
    }
    ddAdd(x, 0, -sh, -sl);
    const corr = (rH + rL) / (ch + cl);
    ddAdd(yh, yl, corr, 0);
    yh = rH; yl = rL;
    if (Math.abs(x) < 0.99) break;
  }
  return yh + yl;
}
