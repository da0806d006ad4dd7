// Number formatting with C printf semantics (exact decimal expansion of doubles,
// round-half-even like glibc), used by tostring ("%.14g") and string.format.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** x = M * 2^E for a finite positive double. */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const hi = u32[1], lo = u32[0];
  const bexp = (hi >>> 20) & 0x7ff;
  const mhi = hi & 0xfffff;
  let M = (BigInt(mhi) << 32n) | BigInt(lo);
  let E: number;
  if (bexp === 0) E = -1074;
  else { M |= 1n << 52n; E = bexp - 1075; }
  return [M, E];
}

const POW10: bigint[] = [];
function p10(k: number): bigint {
  let v = POW10[k];
  if (v === undefined) { v = 10n ** BigInt(k); POW10[k] = v; }
  return v;
}

/** round(x * 10^k) half-even, exact. */
function scaled(x: number, k: number): bigint {
  const [M, E] = decompose(x);
  let num = M, den = 1n;
  if (E >= 0) num <<= BigInt(E); else den <<= BigInt(-E);
  if (k >= 0) num *= p10(k); else den *= p10(-k);
  const q = num / den;
  const r = num - q * den;
  const twice = r * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Exact test x >= 10^X. */
function geP10(x: number, X: number): boolean {
  const [M, E] = decompose(x);
  let lhs = M, rhs = 1n;
  if (E >= 0) lhs <<= BigInt(E); else rhs <<= BigInt(-E);
  if (X >= 0) rhs *= p10(X); else lhs *= p10(-X);
  return lhs >= rhs;
}

/** P significant digits of x>0: [digits (length P), decimal exponent X]. */
function sig(x: number, P: number): [string, number] {
  let X = Math.floor(Math.log10(x));
  if (!geP10(x, X)) X--;
  else if (geP10(x, X + 1)) X++;
  let N = scaled(x, P - 1 - X);
  if (N >= p10(P)) { X++; N = N / 10n; }
  return [N.toString(), X];
}

function expStr(X: number): string {
  const a = Math.abs(X);
  return (X < 0 ? 'e-' : 'e+') + (a < 10 ? '0' + a : String(a));
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let e = s.length;
  while (s.charCodeAt(e - 1) === 48) e--;
  if (s.charCodeAt(e - 1) === 46) e--;
  return s.slice(0, e);
}

/** Formats |x| (finite, >= 0) with conversion e/f/g and precision; alt = '#' flag. */
export function fmtAbs(x: number, conv: 'e' | 'f' | 'g', prec: number, alt: boolean): string {
  if (conv === 'f') {
    if (x === 0) return prec > 0 ? '0.' + '0'.repeat(prec) : (alt ? '0.' : '0');
    const s = scaled(x, prec).toString();
    if (prec === 0) return alt ? s + '.' : s;
    const padded = s.length <= prec ? '0'.repeat(prec - s.length + 1) + s : s;
    return padded.slice(0, padded.length - prec) + '.' + padded.slice(padded.length - prec);
  }
  if (conv === 'e') {
    if (x === 0) return (prec > 0 ? '0.' + '0'.repeat(prec) : alt ? '0.' : '0') + 'e+00';
    const [d, X] = sig(x, prec + 1);
    return d[0] + (prec > 0 || alt ? '.' : '') + d.slice(1) + expStr(X);
  }
  // g
  const P = prec === 0 ? 1 : prec;
  if (x === 0) return alt ? '0.' + '0'.repeat(P - 1) : '0';
  const [d, X] = sig(x, P);
  let s: string;
  if (X < -4 || X >= P) {
    s = d[0] + (P > 1 || alt ? '.' : '') + d.slice(1);
    if (!alt) s = stripZeros(s);
    return s + expStr(X);
  }
  if (X >= 0) {
    s = d.slice(0, X + 1) + (P - 1 - X > 0 || alt ? '.' : '') + d.slice(X + 1);
  } else {
    s = '0.' + '0'.repeat(-X - 1) + d;
  }
  return alt ? s : stripZeros(s);
}

/** Lua 5.1's number-to-string conversion ("%.14g"). */
export function fmtNum(n: number): string {
  if (Number.isInteger(n)) {
    if (n < 1e14 && n > -1e14) {
      if (n === 0 && 1 / n < 0) return '-0';
      return String(n);
    }
  } else if (n !== n) return nanStr(n);
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  const neg = n < 0;
  const s = fmtAbs(neg ? -n : n, 'g', 14, false);
  return neg ? '-' + s : s;
}

/**
 * NaN text as glibc prints it: "-nan" when the sign bit is set. x86 arithmetic
 * (0/0, inf-inf) yields a negative NaN, but V8 may fold such expressions into its
 * canonical positive NaN, so that canonical pattern is also printed "-nan"; other
 * positive NaNs (e.g. tonumber("nan")) print "nan".
 */
export function nanStr(n: number): string {
  f64[0] = n;
  if (u32[1] >>> 31) return '-nan';
  return u32[1] === 0x7ff80000 && u32[0] === 0 ? '-nan' : 'nan';
}

/** A positive NaN distinguishable from V8's canonical NaN (prints "nan"). */
export const POS_NAN = (() => { u32[1] = 0x7ff80000; u32[0] = 1; return f64[0]; })();

/** Whether a NaN counts as negative (see nanStr): what C code sees as its sign bit. */
export function nanNegative(n: number): boolean {
  return nanStr(n) === '-nan';
}

/** The NaN standing for a decoded NaN with the given sign bit (its payload is not kept). */
export function signedNaN(negative: boolean): number {
  return negative ? NaN : POS_NAN;
}

/** x^n for an integer x and 0 <= n <= 64 when exactly representable, else NaN. */
function exactIntPow(x: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) {
    r *= x;
    if (!(Math.abs(r) <= 9007199254740992)) return NaN;
  }
  return r;
}

/**
 * x^n (integer 1 <= n <= 64) in double-double arithmetic (Dekker products), rounded
 * once at the end: correctly rounded like glibc's pow, where V8's Math.pow may be
 * one bit off. NaN when an intermediate leaves the range where the products are
 * exact (the caller then falls back to Math.pow).
 */
function ddIntPow(x: number, n: number): number {
  let rh = 1, rl = 0, bh = x, bl = 0;
  for (;;) {
    if (n & 1) { ddMul(rh, rl, bh, bl); rh = ddH; rl = ddL; }
    n >>>= 1;
    if (n === 0) break;
    ddMul(bh, bl, bh, bl); bh = ddH; bl = ddL;
    if (!(Math.abs(bh) < 1e290 && Math.abs(bh) > 1e-280)) return NaN;
  }
  return Math.abs(rh) < 1e290 && Math.abs(rh) > 1e-280 ? rh : NaN;
}

let ddH = 0, ddL = 0;
/** (ah + al) * (bh + bl) into ddH + ddL, normalised (ddH is the rounded product). */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = ah * bh;
  const ca = 134217729 * ah, ahh = ca - (ca - ah), alo = ah - ahh;
  const cb = 134217729 * bh, bhh = cb - (cb - bh), blo = bh - bhh;
  const e = ((ahh * bhh - p) + ahh * blo + alo * bhh) + alo * blo + (ah * bl + al * bh);
  ddH = p + e;
  ddL = e - (ddH - p);
}

/**
 * pow() as glibc computes it for the cases scripts hit most (V8's Math.pow is not
 * correctly rounded: Math.pow(10, -4) !== 1e-4): powers of ten and exact integer
 * powers and their reciprocals are computed exactly/correctly rounded.
 */
export function luaPow(x: number, y: number): number {
  if (Number.isInteger(y) && Number.isFinite(x)) {
    if (x === 10 && y >= -323 && y <= 308) return Number('1e' + y);
    if (Number.isInteger(x) && y >= -64 && y <= 64) {
      const p = exactIntPow(x, Math.abs(y));
      if (p === p && p !== 0) return y >= 0 ? p : 1 / p;
    }
    if (y >= 2 && y <= 64 && x !== 0) {
      const p = ddIntPow(x, y);
      if (p === p) return p;
    }
  }
  const r = Math.pow(x, y);
  if (r === r) return r;
  // C99 pow: 1^y = 1 (even for y = NaN or inf) and (-1)^(+-inf) = 1, where JS says NaN
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  // an invalid power (negative base, non-integer exponent) is x86's default NaN, "-nan"
  return x !== x || y !== y ? r : NaN;
}
