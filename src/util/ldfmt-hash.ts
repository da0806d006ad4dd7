/**
 * Emulation of the x87 80-bit "long double" arithmetic that Redis uses for
 * HINCRBYFLOAT: strtold-style parsing (string2ld), one rounded addition, and
 * printf("%.17Lf") output with trailing zeros removed (Redis's "human" mode).
 *
 * A finite value is sign * m * 2^e with m an unsigned integer below 2^64 (the
 * 64-bit significand of the extended format) and e >= MIN_EXP (subnormals
 * share the minimum exponent). Results are rounded to nearest, ties to even,
 * exactly as the FPU does; the exact intermediate values are computed with
 * bigints, so there is no double rounding.
 *
 * (Hash-family copy; the strings family may own an equivalent helper.)
 */

export type LongDouble =
  | { kind: 'fin'; neg: boolean; m: bigint; e: number }
  | { kind: 'inf'; neg: boolean }
  | { kind: 'nan' };

/** Exponent of the least significant significand bit of the smallest subnormal. */
const MIN_EXP = -16445;
/** Largest exponent with a 64-bit significand before overflow (max = (2^64-1) * 2^16320). */
const MAX_EXP = 16320;
const TWO64 = 1n << 64n;
const TWO63 = 1n << 63n;

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

function finite(neg: boolean, m: bigint, e: number): LongDouble {
  if (m === 0n) return { kind: 'fin', neg, m: 0n, e: 0 };
  return { kind: 'fin', neg, m, e };
}

/** Rounds the exact positive rational num/den * 2^shift to the extended format. */
function roundRational(neg: boolean, num: bigint, den: bigint, shift: number): LongDouble {
  if (num === 0n) return finite(neg, 0n, 0);
  // value = num/den * 2^shift; we want m = round(value / 2^e) with m < 2^64
  const k = bitLength(num) - bitLength(den) + shift; // value in [2^(k-1), 2^(k+1))
  let e = Math.max(k - 64, MIN_EXP);
  for (;;) {
    // q = floor(num * 2^(shift - e) / den)
    const s = shift - e;
    let n = num, d = den;
    if (s >= 0) n <<= BigInt(s); else d <<= BigInt(-s);
    const q = n / d;
    const r = n - q * d;
    if (q >= TWO64) { e++; continue; }
    if (q < TWO63 && e > MIN_EXP) { e--; continue; }
    let m = q;
    const twice = r * 2n;
    if (twice > d || (twice === d && (m & 1n) === 1n)) m++;
    if (m === TWO64) { m = TWO63; e++; }
    if (e > MAX_EXP) return { kind: 'inf', neg };
    return finite(neg, m, e);
  }
}

/** Rounds an exact integer s * 2^e (s signed). */
function roundInt(s: bigint, e: number): LongDouble {
  const neg = s < 0n;
  let m = neg ? -s : s;
  if (m === 0n) return finite(false, 0n, 0);
  const L = bitLength(m);
  if (L > 64) {
    const sh = L - 64;
    const q = m >> BigInt(sh);
    const rem = m - (q << BigInt(sh));
    const half = 1n << BigInt(sh - 1);
    m = q;
    if (rem > half || (rem === half && (m & 1n) === 1n)) m++;
    e += sh;
    if (m === TWO64) { m = TWO63; e++; }
  }
  if (e > MAX_EXP) return { kind: 'inf', neg };
  return finite(neg, m, e);
}

const DEC_RE = /^([+-]?)(?:([0-9]+)\.?([0-9]*)|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;
const NAN_RE = /^[+-]?nan(?:\([0-9A-Za-z_]*\))?$/i;

/** Maximum input length Redis accepts (MAX_LONG_DOUBLE_CHARS - 1). */
const MAX_LEN = 5 * 1024 - 1;

function clampExp(x: string): number {
  // exponents far outside the representable range behave like +-1e6 (overflow / underflow)
  const n = Number(x);
  if (n > 1e6) return 1e6;
  if (n < -1e6) return -1e6;
  return n;
}

/**
 * Parses like Redis's string2ld: strtold over the whole string, no leading
 * space, no NaN, no overflow, no underflow to zero. Returns undefined when invalid.
 */
export function parseLongDouble(s: string): LongDouble | undefined {
  if (s.length === 0 || s.length > MAX_LEN) return undefined;
  let m = DEC_RE.exec(s);
  if (m) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[2] !== undefined ? m[3] : m[4];
    let exp10 = m[5] !== undefined ? clampExp(m[5]) : 0;
    let digits = (intPart + frac).replace(/^0+/, '');
    exp10 -= frac.length;
    if (digits === '') return finite(neg, 0n, 0);
    // strip trailing zeros into the exponent
    const t = digits.replace(/0+$/, '');
    exp10 += digits.length - t.length;
    digits = t;
    const mag = digits.length + exp10; // value in [10^(mag-1), 10^mag)
    if (mag > 4940) return undefined; // overflow -> HUGE_VAL, rejected
    if (mag < -4960) return undefined; // underflow to zero, rejected
    const D = BigInt(digits);
    const r = exp10 >= 0 ? roundRational(neg, D * 10n ** BigInt(exp10), 1n, 0) : roundRational(neg, D, 10n ** BigInt(-exp10), 0);
    if (r.kind === 'inf') return undefined;
    if (r.kind === 'fin' && r.m === 0n) return undefined; // underflow
    return r;
  }
  m = HEX_RE.exec(s);
  if (m) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[2] !== undefined ? m[3] : m[4];
    let exp2 = m[5] !== undefined ? clampExp(m[5]) : 0;
    const hex = (intPart + frac).replace(/^0+/, '');
    exp2 -= 4 * frac.length;
    if (hex === '') return finite(neg, 0n, 0);
    const H = BigInt('0x' + hex);
    const mag = bitLength(H) + exp2;
    if (mag > 16400) return undefined;
    if (mag < -16500) return undefined;
    const r = roundRational(neg, H, 1n, exp2);
    if (r.kind === 'inf') return undefined;
    if (r.kind === 'fin' && r.m === 0n) return undefined;
    return r;
  }
  m = INF_RE.exec(s);
  if (m) return { kind: 'inf', neg: m[1] === '-' };
  if (NAN_RE.test(s)) return undefined;
  return undefined;
}

/** A 64-bit integer as a long double (exact). */
export function longDoubleFromInt(n: bigint): LongDouble {
  return roundInt(n, 0);
}

/** a + b rounded to the extended format. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan' };
  if (a.kind === 'inf') {
    if (b.kind === 'inf' && b.neg !== a.neg) return { kind: 'nan' };
    return a;
  }
  if (b.kind === 'inf') return b;
  if (a.m === 0n) return b.m === 0n ? finite(a.neg && b.neg, 0n, 0) : b;
  if (b.m === 0n) return a;
  const e0 = Math.min(a.e, b.e);
  const va = (a.neg ? -a.m : a.m) << BigInt(a.e - e0);
  const vb = (b.neg ? -b.m : b.m) << BigInt(b.e - e0);
  return roundInt(va + vb, e0);
}

export function isFiniteLD(x: LongDouble): boolean {
  return x.kind === 'fin';
}

const TEN17 = 10n ** 17n;

/** printf("%.17Lf") with trailing zeros (and a bare '.') removed, "-0" printed as "0". */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.kind === 'nan') return x.kind;
  if (x.kind === 'inf') return x.neg ? '-inf' : 'inf';
  let intStr: string, fracStr: string;
  if (x.e >= 0) {
    intStr = (x.m << BigInt(x.e)).toString();
    fracStr = '';
  } else {
    const sh = BigInt(-x.e);
    const scaled = x.m * TEN17;
    let q = scaled >> sh;
    const rem = scaled - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    intStr = (q / TEN17).toString();
    fracStr = (q % TEN17).toString().padStart(17, '0').replace(/0+$/, '');
  }
  let out = fracStr === '' ? intStr : intStr + '.' + fracStr;
  if (x.neg && out !== '0') out = '-' + out;
  return out;
}
