/**
 * Number parsing and formatting with Redis's exact rules.
 * Integers: strict canonical decimal, 64-bit signed range (string2ll).
 * Doubles: strtod-like acceptance (getDoubleFromObject) and %.17g output.
 */

const INT_RE = /^(?:0|-?[1-9][0-9]*)$/;
const MAX_LL = '9223372036854775807';
const MIN_LL_ABS = '9223372036854775808';

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;

function inLLRange(s: string): boolean {
  const neg = s.charCodeAt(0) === 45;
  const digits = neg ? s.length - 1 : s.length;
  if (digits < 19) return true;
  if (digits > 19) return false;
  const d = neg ? s.slice(1) : s;
  return d <= (neg ? MIN_LL_ABS : MAX_LL);
}

/** Strict 64-bit integer parse as a JS number (exact up to 2^53); undefined when invalid. */
export function parseLL(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 20) return undefined;
  if (n < 16) {
    // fast path: short strings fit exactly in a double
    let i = 0, neg = false;
    let c = s.charCodeAt(0);
    if (c === 45) { if (n === 1) return undefined; neg = true; i = 1; c = s.charCodeAt(1); }
    if (c === 48) return (n === 1) ? 0 : undefined;
    let v = 0;
    for (; i < n; i++) {
      c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      v = v * 10 + c;
    }
    return neg ? -v : v;
  }
  if (!INT_RE.test(s) || !inLLRange(s)) return undefined;
  return Number(s);
}

/** Strict 64-bit integer parse as a bigint; undefined when invalid. */
export function parseLLBig(s: string): bigint | undefined {
  if (s.length === 0 || s.length > 20 || !INT_RE.test(s) || !inLLRange(s)) return undefined;
  return BigInt(s);
}

/** True when s is the canonical decimal form of a 64-bit integer (Redis's "int" encoding test). */
export function isCanonicalLL(s: string): boolean {
  return s.length > 0 && s.length <= 20 && INT_RE.test(s) && inLLRange(s);
}

const DEC_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INF_RE = /^[+-]?(?:inf|infinity)$/i;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?[0-9]+))?$/;

const POW10: number[] = [];
for (let k = 0, p = 1; k <= 22; k++, p *= 10) POW10.push(p);

/**
 * Plain decimals ([+-]digits[.digits], no exponent) whose digits form an
 * integer below 2^53 and with at most 22 decimals: the digits as an exact
 * integer divided by an exact power of ten, one correctly rounded operation,
 * i.e. strtod's result. undefined for anything else (the general path decides).
 */
function fastDecimal(t: string): number | undefined {
  const n = t.length;
  if (n === 0 || n > 40) return undefined;
  let i = 0, neg = false;
  let c = t.charCodeAt(0);
  if (c === 45 || c === 43) { neg = c === 45; i = 1; }
  let m = 0, digits = 0, dot = -1;
  for (; i < n; i++) {
    c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) { m = m * 10 + (c - 48); digits++; }
    else if (c === 46 && dot === -1) dot = digits;
    else return undefined;
  }
  if (digits === 0 || m > 9007199254740991) return undefined;
  const dec = dot === -1 ? 0 : digits - dot;
  if (dec > 22) return undefined;
  const v = dec === 0 ? m : m / POW10[dec];
  return neg ? -v : v;
}

/**
 * strtod over a whole string without leading space: the value, with overflow
 * to +-inf and underflow to 0 as strtod gives them; undefined for anything
 * strtod would not consume entirely, and for NaN.
 */
export function strtodWhole(t: string): number | undefined {
  const f = fastDecimal(t);
  if (f !== undefined) return f;
  if (DEC_RE.test(t)) return Number(t);
  if (INF_RE.test(t)) return t.charCodeAt(0) === 45 ? -Infinity : Infinity;
  const m = HEX_RE.exec(t);
  if (m && (m[2].length > 0 || m[3].length > 0)) {
    let v = 0;
    for (const ch of m[2]) v = v * 16 + parseInt(ch, 16);
    let scale = 1 / 16;
    for (const ch of m[3]) { v += parseInt(ch, 16) * scale; scale /= 16; }
    if (m[4] !== undefined) v *= Math.pow(2, parseInt(m[4], 10));
    return m[1] === '-' ? -v : v;
  }
  return undefined;
}

/**
 * Parses a double the way Redis's getDoubleFromObject does (strtod, no
 * leading space, whole string consumed, no NaN, no overflow to +-HUGE_VAL,
 * no underflow to zero). Returns undefined when invalid.
 */
export function parseDouble(s: string): number | undefined {
  if (s.length === 0) return undefined;
  const f = fastDecimal(s);
  if (f !== undefined) return f;
  const v = strtodWhole(s);
  if (v === undefined) return undefined;
  if (!isFinite(v) && !INF_RE.test(s)) return undefined; // ERANGE overflow
  if (v === 0 && DEC_RE.test(s) && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return undefined; // ERANGE underflow
  return v;
}

/** C's printf("%.<prec>g", d) for finite d. */
export function fmtG(d: number, prec = 17): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (!isFinite(d)) return isNaN(d) ? 'nan' : (d > 0 ? 'inf' : '-inf');
  // an integer of at most 15 digits prints in full, without exponent, when prec >= 15
  if (prec >= 15 && d > -1e15 && d < 1e15 && Number.isInteger(d)) return String(d);
  const e = d.toExponential(prec - 1); // d.ddddde+X
  const ei = e.indexOf('e');
  const exp = parseInt(e.slice(ei + 1), 10);
  if (exp < -4 || exp >= prec) {
    let mant = e.slice(0, ei);
    if (mant.indexOf('.') !== -1) mant = mant.replace(/\.?0+$/, '');
    const sign = exp < 0 ? '-' : '+';
    const a = Math.abs(exp);
    return mant + 'e' + sign + (a < 10 ? '0' + a : String(a));
  }
  let f = d.toFixed(Math.max(0, prec - 1 - exp));
  if (f.indexOf('.') !== -1) f = f.replace(/\.?0+$/, '');
  return f;
}

/** Redis's %.17g double formatting, with inf/-inf spelled as Redis does. */
export function fmtDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  return fmtG(d, 17);
}
