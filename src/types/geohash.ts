/**
 * Geohash arithmetic for the GEO commands, bit-compatible with Redis 7.0.
 *
 * Representation: a point is stored as the score of a sorted-set member. The
 * score is a 52-bit integer made by interleaving two 26-bit cell indices:
 * the latitude index in the even bit positions (bit 0, 2, ...) and the
 * longitude index in the odd ones. An index at step s is the offset of the
 * coordinate inside its range, scaled by 2^s and truncated towards zero. The
 * ranges are longitude [-180, 180] and latitude [-85.05112878, 85.05112878]
 * (the Web Mercator limits). A coordinate equal to the top of its range gives
 * index 2^s, one bit past the others; that stray bit is kept, as Redis keeps
 * it (the score of (180, 85.05112878) is 2^53 + 2^52).
 *
 * Because JS bitwise operators work on 32 bits, a hash is handled as two
 * unsigned 32-bit halves (hi, lo) and a cell as its two indices (lat, lon)
 * plus its step; the value of a hash as a double is hi * 2^32 + lo, which
 * rounds exactly like C's uint64 -> double conversion. All floating-point
 * expressions keep the evaluation order of the reference implementation so
 * results agree to the last bit. The trigonometry is that of util/libm.ts,
 * which reproduces the sin/cos/asin of the libm Debian's Redis runs on
 * (glibc 2.36, x86-64 with FMA) bit for bit. That matters because glibc's
 * functions are not correctly rounded: about 1.3 calls in a thousand return
 * the neighbour of the correctly rounded value, so any other implementation
 * (V8's Math functions, or correctly rounded ones) makes roughly one
 * full-precision distance (STOREDIST score) in 400 differ from Redis's in
 * its last digit. With the reproduced functions, positions, hashes, scores
 * and distances all agree with Redis digit for digit. Distances between
 * points of equal longitude take Redis's meridian shortcut (no
 * trigonometry), as Redis does.
 *
 * Nothing here knows about the protocol or the keyspace.
 */

import { glibcSin, glibcCos, glibcAsin } from '../util/libm.js';

export const LON_MIN = -180;
export const LON_MAX = 180;
export const LAT_MIN = -85.05112878;
export const LAT_MAX = 85.05112878;
/** Precision of stored hashes (26 steps per axis, 52 bits). */
export const STEP_MAX = 26;
/** Earth radius used by the distance formula, in meters. */
export const EARTH_RADIUS = 6372797.560856;
/** Half the circumference of the Mercator projection, in meters. */
export const MERCATOR_MAX = 20037726.37;

const D_R = Math.PI / 180.0;
const TWO32 = 4294967296;

export function degRad(a: number): number { return a * D_R; }
export function radDeg(a: number): number { return a / D_R; }

/** A grid cell: indices per axis at a given step. step 0 marks an empty (skipped) cell. */
export interface Cell { lat: number; lon: number; step: number }

/** Spreads the 16 low bits of x to the even positions of a 32-bit word. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x;
}

/** Low 32 bits of interleave(lat, lon) (both uint32). */
function ilLo(lat: number, lon: number): number {
  return (spread16(lat) | (spread16(lon) << 1)) >>> 0;
}
/** High 32 bits of interleave(lat, lon). */
function ilHi(lat: number, lon: number): number {
  return (spread16(lat >>> 16) | (spread16(lon >>> 16) << 1)) >>> 0;
}

/** The interleaved hash of a cell as a double (rounded like uint64 -> double). */
export function cellBits(c: Cell): number {
  return ilHi(c.lat, c.lon) * TWO32 + ilLo(c.lat, c.lon);
}

/** Splits a score into the uint64 halves C's (uint64_t) cast gives on x86-64. */
let uHi = 0, uLo = 0;
function toU64(score: number): void {
  if (score >= 0 && score < 18446744073709551616) {
    const t = Math.trunc(score);
    uHi = Math.floor(t / TWO32);
    uLo = t - uHi * TWO32;
    return;
  }
  if (score < 0 && score > -9223372036854775808) {
    const b = BigInt.asUintN(64, BigInt(Math.trunc(score)));
    uHi = Number(b >> 32n);
    uLo = Number(b & 0xffffffffn);
    return;
  }
  // out of the convertible range: the "integer indefinite" value or zero
  uHi = score < 0 ? 0x80000000 : 0;
  uLo = 0;
}

/**
 * Cell of (lon, lat) at `step` within the given ranges, or null when the
 * point is outside the GEO limits or the ranges (nothing can be encoded).
 */
export function encode(lon: number, lat: number, step: number,
  lonMin = LON_MIN, lonMax = LON_MAX, latMin = LAT_MIN, latMax = LAT_MAX): Cell | null {
  if (!(lon <= LON_MAX && lon >= LON_MIN && lat <= LAT_MAX && lat >= LAT_MIN)) return null;
  if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return null;
  let latOff = (lat - latMin) / (latMax - latMin);
  let lonOff = (lon - lonMin) / (lonMax - lonMin);
  const scale = Math.pow(2, step);
  latOff *= scale;
  lonOff *= scale;
  return { lat: latOff >>> 0, lon: lonOff >>> 0, step };
}

/** The score stored for (lon, lat): its 52-bit hash, or NaN when out of range. */
export function encodeScore(lon: number, lat: number): number {
  const c = encode(lon, lat, STEP_MAX);
  return c === null ? NaN : cellBits(c);
}

/** Bounds of a cell in degrees. */
export interface Area { latMin: number; latMax: number; lonMin: number; lonMax: number }

/** The area covered by a cell within the given ranges. */
export function decodeCell(lat: number, lon: number, step: number, out: Area,
  lonMin = LON_MIN, lonMax = LON_MAX, latMin = LAT_MIN, latMax = LAT_MAX): Area {
  const latScale = latMax - latMin;
  const lonScale = lonMax - lonMin;
  const div = Math.pow(2, step);
  out.latMin = latMin + (lat / div) * latScale;
  out.latMax = latMin + (((lat + 1) >>> 0) / div) * latScale;
  out.lonMin = lonMin + (lon / div) * lonScale;
  out.lonMax = lonMin + (((lon + 1) >>> 0) / div) * lonScale;
  return out;
}

/** 2^-26 and 2^-32: multiplying by them is exact and equals dividing by 2^26, 2^32. */
const INV_CELLS = Math.pow(2, -STEP_MAX);
const INV_TWO32 = Math.pow(2, -32);

/**
 * Moves the even bits of a 32-bit word to its low half and the odd bits to
 * its high half, each in order (an unshuffle by three-operation swaps).
 */
function unshuffle(x: number): number {
  let t = (x ^ (x >>> 1)) & 0x22222222; x = x ^ t ^ (t << 1);
  t = (x ^ (x >>> 2)) & 0x0c0c0c0c; x = x ^ t ^ (t << 2);
  t = (x ^ (x >>> 4)) & 0x00f000f0; x = x ^ t ^ (t << 4);
  t = (x ^ (x >>> 8)) & 0x0000ff00; x = x ^ t ^ (t << 8);
  return x;
}

/**
 * Decodes a stored score to the center of its cell, clamped to the limits.
 * Writes xy[0] = longitude, xy[1] = latitude.
 */
export function decodeScore(score: number, xy: number[]): void {
  if (score >= 0 && score < 9007199254740992) {
    // the common case, without toU64's general conversion: truncations by
    // ToUint32/ToInt32 (exact: both halves are below 2^32)
    uHi = (score * INV_TWO32) >>> 0;
    uLo = (score - uHi * TWO32) >>> 0;
  } else toU64(score);
  const l = unshuffle(uLo | 0), h = unshuffle(uHi | 0);
  const lat = ((l & 0xffff) | ((h & 0xffff) << 16)) >>> 0;
  const lon = ((l >>> 16) | (h & 0xffff0000)) >>> 0;
  // the cell's bounds (as decodeCell computes them at STEP_MAX), then its center, clamped
  const latScale = LAT_MAX - LAT_MIN, lonScale = LON_MAX - LON_MIN;
  let x = ((LON_MIN + (lon * INV_CELLS) * lonScale) + (LON_MIN + (((lon + 1) >>> 0) * INV_CELLS) * lonScale)) / 2;
  if (x > LON_MAX) x = LON_MAX;
  if (x < LON_MIN) x = LON_MIN;
  let y = ((LAT_MIN + (lat * INV_CELLS) * latScale) + (LAT_MIN + (((lat + 1) >>> 0) * INV_CELLS) * latScale)) / 2;
  if (y > LAT_MAX) y = LAT_MAX;
  if (y < LAT_MIN) y = LAT_MIN;
  xy[0] = x;
  xy[1] = y;
}

const B32 = '0123456789bcdefghjkmnpqrstuvwxyz';
const hashXY = [0, 0];

/**
 * The 11-character geohash string of a stored score: the decoded point is
 * re-encoded against the standard latitude range [-90, 90] and printed in
 * base32, 5 bits per character; the 11th character stands for bits the
 * 52-bit hash does not have and is always '0'.
 */
export function geohashString(score: number): string {
  decodeScore(score, hashXY);
  const c = encode(hashXY[0], hashXY[1], STEP_MAX, -180, 180, -90, 90);
  if (c === null) return '00000000000';
  const bits = (BigInt(ilHi(c.lat, c.lon)) << 32n) | BigInt(ilLo(c.lat, c.lon));
  let s = '';
  for (let i = 0; i < 10; i++) s += B32[Number((bits >> BigInt(52 - (i + 1) * 5)) & 31n)];
  return s + '0';
}

/**
 * Great-circle distance in meters (haversine) between two points given in
 * degrees. When the two longitudes are equal in radians the haversine reduces
 * to the difference of the latitudes, and that shortcut (no trigonometry) is
 * taken, as Redis takes it: its result differs from the full formula's in the
 * last bits.
 */
export function distance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = lon1 * D_R;
  const lon2r = lon2 * D_R;
  if (lon1r === lon2r) return latDistance(lat1, lat2);
  const v = glibcSin((lon2r - lon1r) / 2);
  const lat1r = lat1 * D_R;
  const lat2r = lat2 * D_R;
  const u = glibcSin((lat2r - lat1r) / 2);
  return 2.0 * EARTH_RADIUS * glibcAsin(Math.sqrt(u * u + glibcCos(lat1r) * glibcCos(lat2r) * v * v));
}

/** Distance along a meridian between two latitudes (degrees), in meters. */
export function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS * Math.abs(lat2 * D_R - lat1 * D_R);
}

/** The step whose cells are about as large as the searched radius (wider near the poles). */
export function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** A search shape: a circle (radius) or an axis-aligned box (width x height), in `conversion` units. */
export interface Shape {
  lon: number;
  lat: number;
  box: boolean;
  radius: number;
  width: number;
  height: number;
  /** Meters per unit. */
  conversion: number;
}

/** Bounding box of a shape in degrees: [minLon, minLat, maxLon, maxLat]. */
export function boundingBox(s: Shape): [number, number, number, number] {
  const height = s.conversion * (s.box ? s.height / 2 : s.radius);
  const width = s.conversion * (s.box ? s.width / 2 : s.radius);
  const latDelta = radDeg(height / EARTH_RADIUS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS / glibcCos(degRad(s.lat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS / glibcCos(degRad(s.lat - latDelta)));
  const south = s.lat < 0;
  return [
    south ? s.lon - lonDeltaBottom : s.lon - lonDeltaTop,
    s.lat - latDelta,
    south ? s.lon + lonDeltaBottom : s.lon + lonDeltaTop,
    s.lat + latDelta,
  ];
}

/** Moves a cell by dLon / dLat (each -1, 0, 1) with wrap-around at its step. */
function moved(c: Cell, dLon: number, dLat: number): Cell {
  const mask = Math.pow(2, c.step) - 1;
  // the index on a moved axis wraps within the step; an unmoved axis keeps its bits
  const lon = dLon === 0 ? c.lon : ((c.lon + dLon) & mask) >>> 0;
  const lat = dLat === 0 ? c.lat : ((c.lat + dLat) & mask) >>> 0;
  return { lat, lon, step: c.step };
}

/**
 * The cells to scan for a shape, in Redis's order (center, N, S, E, W, NE,
 * NW, SE, SW), as score intervals [min, max): two numbers per cell. Cells
 * that cannot intersect the shape are left out, and so is a cell equal to
 * the previously scanned one.
 */
export function searchRanges(s: Shape): number[] {
  const b = boundingBox(s);
  const minLon = b[0], minLat = b[1], maxLon = b[2], maxLat = b[3];
  const radiusMeters = (s.box
    ? Math.sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2))
    : s.radius) * s.conversion;
  let steps = estimateSteps(radiusMeters, s.lat);
  let center = encode(s.lon, s.lat, steps) as Cell;
  let area = decodeCell(center.lat, center.lon, steps, { latMin: 0, latMax: 0, lonMin: 0, lonMax: 0 });
  {
    const t: Area = { latMin: 0, latMax: 0, lonMin: 0, lonMax: 0 };
    let dec = false;
    let n = moved(center, 0, 1);
    if (decodeCell(n.lat, n.lon, steps, t).latMax < maxLat) dec = true;
    n = moved(center, 0, -1);
    if (decodeCell(n.lat, n.lon, steps, t).latMin > minLat) dec = true;
    n = moved(center, 1, 0);
    if (decodeCell(n.lat, n.lon, steps, t).lonMax < maxLon) dec = true;
    n = moved(center, -1, 0);
    if (decodeCell(n.lat, n.lon, steps, t).lonMin > minLon) dec = true;
    if (steps > 1 && dec) {
      steps--;
      center = encode(s.lon, s.lat, steps) as Cell;
      area = decodeCell(center.lat, center.lon, steps, area);
    }
  }
  // neighbours in scan order: N, S, E, W, NE, NW, SE, SW as (dLon, dLat)
  const dirs = [0, 1, 0, -1, 1, 0, -1, 0, 1, 1, -1, 1, 1, -1, -1, -1];
  const cells: (Cell | null)[] = [center];
  for (let i = 0; i < 16; i += 2) cells.push(moved(center, dirs[i], dirs[i + 1]));
  if (steps >= 2) {
    // indices in `cells`: 1 N, 2 S, 3 E, 4 W, 5 NE, 6 NW, 7 SE, 8 SW
    if (area.latMin < minLat) { cells[2] = null; cells[8] = null; cells[7] = null; }
    if (area.latMax > maxLat) { cells[1] = null; cells[5] = null; cells[6] = null; }
    if (area.lonMin < minLon) { cells[4] = null; cells[8] = null; cells[6] = null; }
    if (area.lonMax > maxLon) { cells[3] = null; cells[7] = null; cells[5] = null; }
  }
  const out: number[] = [];
  let last = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null) continue;
    // Redis compares with the last scanned cell only once that is not the center
    const p = cells[last];
    if (last !== 0 && p !== null && p.lat === c.lat && p.lon === c.lon) continue;
    const shift = Math.pow(2, 52 - c.step * 2);
    const hi = ilHi(c.lat, c.lon), lo = ilLo(c.lat, c.lon);
    out.push((hi * TWO32 + lo) * shift, (hi * TWO32 + (lo + 1)) * shift);
    last = i;
  }
  return out;
}

/**
 * Limits up to this many meters are decided from V8's trigonometry when not
 * too close to the limit (beyond it the haversine term is too near 1, where
 * asin amplifies small differences).
 */
const ROUGH_MAX = 1.8e7;
/** Relative margin on the haversine term: rough and exact terms agree to ~1e-15. */
const MARGIN = 1e-10;

/**
 * Decides whether points are inside a search shape exactly as Redis does (the
 * same distance formula, compared with the same limits), cheaply: the
 * haversine term a = sin²(dlat/2) + cos(lat1) cos(lat2) sin²(dlon/2) grows
 * with the distance 2R asin(√a), so a point whose term, computed with V8's
 * faithful sin/cos, is clearly below (above) the term of the limit is inside
 * (outside) without computing asin or the slower glibc-exact functions; only
 * points within a relative 1e-10 of the limit get the exact distance(). The
 * rough values never reach a reply: they only decide cases that no last-bit
 * difference could change (and order points whose distances are far apart).
 */
export class ShapeTest {
  private readonly lonR: number;
  private readonly latR: number;
  private readonly cosLat: number;
  private readonly sinLat: number;
  /** Limits in meters: the radius, or half the box's width and height. */
  private readonly lim: number;
  private readonly halfH: number;
  /** Haversine-term bounds of lim: surely inside below lo, surely outside above hi (NaN: always exact). */
  private readonly lo: number;
  private readonly hi: number;

  constructor(readonly s: Shape) {
    this.lonR = s.lon * D_R;
    this.latR = s.lat * D_R;
    this.cosLat = Math.cos(this.latR);
    this.sinLat = Math.sin(this.latR);
    // the same products as Redis's (rounding included)
    this.lim = s.box ? s.width * s.conversion / 2 : s.radius * s.conversion;
    this.halfH = s.height * s.conversion / 2;
    let lo = NaN, hi = NaN;
    if (this.lim <= ROUGH_MAX) {
      const t = Math.sin(this.lim / (2 * EARTH_RADIUS));
      const a = t * t;
      // tiny terms lose relative precision (subnormals): decide those exactly
      if (a > 1e-280) { lo = a * (1 - MARGIN); hi = a * (1 + MARGIN); }
    }
    this.lo = lo;
    this.hi = hi;
  }

  /** Whether (lon, lat) is inside the shape. */
  inside(lon: number, lat: number): boolean {
    const s = this.s;
    const lonR = lon * D_R;
    if (s.box) {
      // Redis checks the latitude distance first, then the distance along the point's parallel
      if (latDistance(lat, s.lat) > this.halfH) return false;
      if (lonR === this.lonR) return true; // a distance of 0
      const latR = lat * D_R;
      const c = Math.cos(latR);
      const v = Math.sin((this.lonR - lonR) / 2);
      const a = c * c * v * v;
      if (a < this.lo) return true;
      if (a > this.hi) return false;
      return !(distance(lon, lat, s.lon, lat) > this.lim);
    }
    if (lonR === this.lonR) return !(latDistance(s.lat, lat) > this.lim);
    const latR = lat * D_R;
    const hv = (lonR - this.lonR) / 2, hu = (latR - this.latR) / 2;
    let v: number, u: number, c: number;
    if (hv < 1e-3 && hv > -1e-3 && hu < 1e-3 && hu > -1e-3) {
      // near the center (within ~12 km): short series, relative errors below 1e-13
      // sin x = x - x^3/6 (+ x^5/120), cos(lat0 + d) = cos lat0 cos d - sin lat0 sin d
      v = hv - hv * hv * hv / 6;
      u = hu - hu * hu * hu / 6;
      const d = 2 * hu, d2 = d * d;
      c = this.cosLat * (1 - d2 / 2 + d2 * d2 / 24) - this.sinLat * (d - d * d2 / 6);
    } else {
      v = Math.sin(hv);
      u = Math.sin(hu);
      c = Math.cos(latR);
    }
    const a = u * u + this.cosLat * c * v * v;
    if (a < this.lo) return true;
    if (a > this.hi) return false;
    return !(distance(s.lon, s.lat, lon, lat) > this.lim);
  }

  /**
   * The distance from the center computed with V8's trigonometry: within
   * ~1e-14 relative of distance() below ROUGH_OK meters, so it orders points
   * the same way unless two distances are nearly equal.
   */
  roughDistance(lon: number, lat: number): number {
    const lonR = lon * D_R;
    if (lonR === this.lonR) return latDistance(this.s.lat, lat);
    const latR = lat * D_R;
    const v = Math.sin((lonR - this.lonR) / 2);
    const u = Math.sin((latR - this.latR) / 2);
    return 2.0 * EARTH_RADIUS * Math.asin(Math.sqrt(u * u + this.cosLat * Math.cos(latR) * v * v));
  }
}

/**
 * Whether a point (lon, lat) is inside the shape; returns its distance in
 * meters from the shape's center, or -1 when outside.
 */
export function distanceIfInside(s: Shape, lon: number, lat: number): number {
  return new ShapeTest(s).inside(lon, lat) ? distance(s.lon, s.lat, lon, lat) : -1;
}

/** Distances up to this many meters are reliable when computed roughly (far from the antipode). */
export const ROUGH_OK = 1.8e7;

/** C's printf("%.<prec>f", d) for finite d (ties to even, exact digits for any magnitude). */
export function fmtFixed(d: number, prec: number): string {
  if (!isFinite(d)) return isNaN(d) ? (Object.is(Math.sign(d), -0) ? '-nan' : 'nan') : (d > 0 ? 'inf' : '-inf');
  const neg = d < 0 || Object.is(d, -0);
  const a = Math.abs(d);
  let s: string;
  if (a >= 1e21) {
    s = BigInt(a).toString() + (prec > 0 ? '.' + '0'.repeat(prec) : '');
  } else {
    s = a.toFixed(prec);
    // toFixed rounds exact ties up; printf rounds them to even. A tie has at
    // most prec + 1 fractional bits, which most values do not.
    if (!Number.isInteger(a * Math.pow(2, prec + 1))) return neg ? '-' + s : s;
    const wide = a.toFixed(Math.min(100, prec + 30));
    const tail = wide.slice(wide.length - 30);
    if (tail === '5' + '0'.repeat(29)) {
      const down = wide.slice(0, wide.length - 30);
      const last = down.charCodeAt(down.length - 1 - (down.endsWith('.') ? 1 : 0));
      if ((last - 48) % 2 === 0) s = down.endsWith('.') ? down.slice(0, -1) : down;
    }
  }
  return neg ? '-' + s : s;
}

/**
 * A distance as Redis 7.0 prints it (GEODIST, WITHDIST): not printf's "%.4f"
 * but the value times 10^4 rounded to the nearest integer (C's llrint, ties
 * to even) and written with a dot before the last four digits. The product
 * is rounded to a double first, so a value just above a tie can come out
 * rounded down where "%.4f" would round it up. Out of llrint's range (and
 * for NaN) x86-64 gives the most negative long long, printed as is.
 */
export function fmtDistance(d: number): string {
  if (d === 0) return '0.0000';
  const p = d * 10000;
  let digits: string;
  let neg = false;
  if (!(Math.abs(p) < 9223372036854775808)) {
    neg = true;
    digits = '9223372036854775808';
  } else {
    let q = Math.floor(p);
    const rest = p - q; // exact
    if (rest > 0.5 || (rest === 0.5 && q % 2 !== 0)) q += 1;
    neg = q < 0;
    const a = Math.abs(q);
    digits = a < 9007199254740992 ? String(a) : BigInt(a).toString();
  }
  const n = digits.length;
  const s = n > 4 ? digits.slice(0, n - 4) + '.' + digits.slice(n - 4) : '0.' + '0000'.slice(n) + digits;
  return neg ? '-' + s : s;
}

/** A coordinate as Redis prints it: %.17Lf with trailing zeros (and a bare '.') removed. */
export function fmtCoord(d: number): string {
  let s = fmtFixed(d, 17);
  if (s.indexOf('.') !== -1) {
    let e = s.length;
    while (s.charCodeAt(e - 1) === 48) e--;
    if (s.charCodeAt(e - 1) === 46) e--;
    s = s.slice(0, e);
  }
  if (s === '-0') s = '0';
  return s;
}
