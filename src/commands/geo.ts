/**
 * Geospatial commands: GEOADD, GEODIST, GEOHASH, GEOPOS, GEOSEARCH,
 * GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and their _RO forms.
 * Points live in ordinary sorted sets, scored by their 52-bit geohash
 * (the arithmetic is in types/geohash.ts); GEOADD is ZADD with computed
 * scores, and searches scan the score intervals of up to nine grid cells.
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Value } from '../db/database.js';
import { ZSet } from '../types/zset.js';
import { zsetLimits, isZ, readZ, zaddParsed, F_NX, F_XX } from './zsets.js';
import { WRONGTYPE, SYNTAX, NOT_INTEGER } from './errors.js';
import { parseDouble, parseLL } from '../util/num.js';
import { notify, NOTIFY_ZSET, NOTIFY_GENERIC } from '../db/notify.js';
import * as G from '../types/geohash.js';

const NOT_FLOAT = 'ERR value is not a valid float';
const BAD_UNIT = 'ERR unsupported unit provided. please use M, KM, FT, MI';
const NO_MEMBER = 'ERR could not decode requested zset member';

/** An argument as C's string functions see it: up to the first NUL byte, lower-cased. */
function word(s: string): string {
  const z = s.indexOf('\0');
  return (z === -1 ? s : s.slice(0, z)).toLowerCase();
}

/** Parses a longitude/latitude pair at argv[i], argv[i+1] into xy; false after replying an error. */
function parseLonLat(c: Client, argv: string[], i: number, xy: number[]): boolean {
  const lon = parseDouble(argv[i]);
  if (lon === undefined) { c.w.error(NOT_FLOAT); return false; }
  const lat = parseDouble(argv[i + 1]);
  if (lat === undefined) { c.w.error(NOT_FLOAT); return false; }
  if (lon < G.LON_MIN || lon > G.LON_MAX || lat < G.LAT_MIN || lat > G.LAT_MAX) {
    c.w.error(`ERR invalid longitude,latitude pair ${G.fmtFixed(lon, 6)},${G.fmtFixed(lat, 6)}`);
    return false;
  }
  xy[0] = lon;
  xy[1] = lat;
  return true;
}

/** Meters per unit, or -1 after replying an error. */
function parseUnit(c: Client, s: string): number {
  switch (word(s)) {
    case 'm': return 1;
    case 'km': return 1000;
    case 'ft': return 0.3048;
    case 'mi': return 1609.34;
    default: c.w.error(BAD_UNIT); return -1;
  }
}

/** Decodes a member's score into xy; false when the member is absent. */
function memberPos(z: ZSet, member: string, xy: number[]): boolean {
  const s = z.score(member);
  if (s === undefined) return false;
  G.decodeScore(s, xy);
  return true;
}

/** A coordinate reply: RESP3 double, RESP2 bulk string, both printed as %.17Lf trimmed. */
function replyCoord(c: Client, d: number): void {
  c.w.double(d, G.fmtCoord(d));
}

// ---- GEOADD ---------------------------------------------------------------------

function geoadd(c: Client, argv: string[]): void {
  let flags = 0, ch = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const o = word(argv[i]);
    if (o === 'nx') flags |= F_NX;
    else if (o === 'xx') flags |= F_XX;
    else if (o === 'ch') ch = true;
    else break;
  }
  // ZADD's own checks that GEOADD can reach: NX with XX, and no point at all
  if ((argv.length - i) % 3 !== 0 || (flags & (F_NX | F_XX)) === (F_NX | F_XX) || argv.length === i) { c.w.error(SYNTAX); return; }
  const n = (argv.length - i) / 3;
  const scores: number[] = new Array(n);
  const xy = [0, 0];
  for (let j = 0; j < n; j++) {
    if (!parseLonLat(c, argv, i + j * 3, xy)) return;
    scores[j] = G.encodeScore(xy[0], xy[1]);
  }
  // ZADD does the rest: encoding, reply and the "zadd" event
  zaddParsed(c, argv[1], flags, ch, scores, argv, i + 2, 3);
}

// ---- GEODIST / GEOHASH / GEOPOS -----------------------------------------------------

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = parseUnit(c, argv[4]);
    if (toMeter < 0) return;
  } else if (argv.length > 5) {
    c.w.error(SYNTAX);
    return;
  }
  const z = readZ(c, argv[1]);
  if (z === null) return;
  if (z === undefined) { c.w.nullBulk(); return; }
  const a = [0, 0], b = [0, 0];
  if (!memberPos(z, argv[2], a) || !memberPos(z, argv[3], b)) { c.w.nullBulk(); return; }
  c.w.bulk(G.fmtDistance(G.distance(a[0], a[1], b[0], b[1]) / toMeter));
}

function geohash(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.array(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === undefined ? undefined : z.score(argv[j]);
    if (s === undefined) c.w.nullBulk();
    else c.w.bulk(G.geohashString(s));
  }
}

function geopos(c: Client, argv: string[]): void {
  const z = readZ(c, argv[1]);
  if (z === null) return;
  c.w.array(argv.length - 2);
  const xy = [0, 0];
  for (let j = 2; j < argv.length; j++) {
    if (z === undefined || !memberPos(z, argv[j], xy)) { c.w.nullArray(); continue; }
    c.w.array(2);
    replyCoord(c, xy[0]);
    replyCoord(c, xy[1]);
  }
}

// ---- searches ---------------------------------------------------------------------

const F_COORDS = 1;     // GEORADIUS: center given as lon lat
const F_MEMBER = 2;     // GEORADIUSBYMEMBER: center given as a member
const F_NOSTORE = 4;    // the _RO forms
const F_SEARCH = 8;     // GEOSEARCH syntax
const F_SEARCHSTORE = 16;

const SORT_NONE = 0, SORT_ASC = 1, SORT_DESC = 2;

/** Matching points, as parallel arrays (no object per point). */
class Found {
  members: string[] = [];
  scores: number[] = [];
  lons: number[] = [];
  lats: number[] = [];
  dists: number[] = [];
  get length(): number { return this.members.length; }
}

const pt = [0, 0];

/**
 * Collects the members of z inside the shape, scanning the cells in Redis's
 * order; stops at limit (0 = none). Rough distances (for ordering) only when
 * withDist; exact ones are computed later, where printed or stored.
 */
function collect(z: ZSet, shape: G.Shape, limit: number, withDist: boolean): Found {
  const f = new Found();
  const ranges = G.searchRanges(shape);
  const t = new G.ShapeTest(shape);
  z.scoreIntervals(ranges, score => {
    G.decodeScore(score, pt);
    return t.inside(pt[0], pt[1]);
  }, (member, score) => {
    f.members.push(member);
    f.scores.push(score);
    f.lons.push(pt[0]);
    f.lats.push(pt[1]);
    if (withDist) f.dists.push(t.roughDistance(pt[0], pt[1]));
    return !(limit && f.members.length >= limit);
  });
  return f;
}

function searchGeneric(c: Client, argv: string[], srcIdx: number, flags: number): void {
  let storeKey: string | null = null;
  let storeDist = false;
  const z = readZ(c, argv[srcIdx]);
  if (z === null) return;
  const shape: G.Shape = { lon: 0, lat: 0, box: false, radius: 0, width: 0, height: 0, conversion: 1 };
  const xy = [0, 0];
  let base: number;
  if (flags & F_COORDS) {
    base = 6;
    if (!parseLonLat(c, argv, 2, xy)) return;
    shape.lon = xy[0]; shape.lat = xy[1];
    if (!parseRadius(c, argv, 4, shape)) return;
  } else if (flags & F_MEMBER) {
    base = 5;
    if (z !== undefined) {
      if (!memberPos(z, argv[2], xy)) { c.w.error(NO_MEMBER); return; }
      shape.lon = xy[0]; shape.lat = xy[1];
      if (!parseRadius(c, argv, 3, shape)) return;
    }
  } else {
    base = 2;
    if (flags & F_SEARCHSTORE) { base = 3; storeKey = argv[1]; }
  }

  let withDist = false, withHash = false, withCoord = false;
  let fromMember = false, fromLoc = false, byRadius = false, byBox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0;
  const search = (flags & F_SEARCH) !== 0;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const a = base + i;
    const o = word(argv[a]);
    if (o === 'withdist') withDist = true;
    else if (o === 'withhash') withHash = true;
    else if (o === 'withcoord') withCoord = true;
    else if (o === 'any') any = true;
    else if (o === 'asc') sort = SORT_ASC;
    else if (o === 'desc') sort = SORT_DESC;
    else if (o === 'count' && i + 1 < remaining) {
      const n = parseLL(argv[a + 1]);
      if (n === undefined) { c.w.error(NOT_INTEGER); return; }
      if (n <= 0) { c.w.error('ERR COUNT must be > 0'); return; }
      count = n;
      i++;
    } else if ((o === 'store' || o === 'storedist') && i + 1 < remaining && !(flags & F_NOSTORE) && !search) {
      storeKey = argv[a + 1];
      storeDist = o === 'storedist';
      i++;
    } else if (o === 'storedist' && search && (flags & F_SEARCHSTORE)) {
      storeDist = true;
    } else if (o === 'frommember' && i + 1 < remaining && search && !fromLoc) {
      if (z !== undefined) {
        if (!memberPos(z, argv[a + 1], xy)) { c.w.error(NO_MEMBER); return; }
        shape.lon = xy[0]; shape.lat = xy[1];
      }
      fromMember = true;
      i++;
    } else if (o === 'fromlonlat' && i + 2 < remaining && search && !fromMember) {
      if (!parseLonLat(c, argv, a + 1, xy)) return;
      shape.lon = xy[0]; shape.lat = xy[1];
      fromLoc = true;
      i += 2;
    } else if (o === 'byradius' && i + 2 < remaining && search && !byBox) {
      if (!parseRadius(c, argv, a + 1, shape)) return;
      byRadius = true;
      i += 2;
    } else if (o === 'bybox' && i + 3 < remaining && search && !byRadius) {
      if (!parseBox(c, argv, a + 1, shape)) return;
      byBox = true;
      i += 3;
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }

  if (storeKey !== null && (withDist || withHash || withCoord)) {
    c.w.error(`ERR ${flags & F_SEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
    return;
  }
  if (search && !(fromMember || fromLoc)) {
    c.w.error(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
    return;
  }
  if (search && !(byRadius || byBox)) {
    c.w.error(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
    return;
  }
  if (any && !count) { c.w.error('ERR the ANY argument requires COUNT argument'); return; }

  if (z === undefined) {
    if (storeKey !== null) {
      if (c.db.delete(storeKey)) notify(c, NOTIFY_GENERIC, 'del', storeKey);
      c.w.int(0);
    } else c.w.array(0);
    return;
  }

  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;
  const f = collect(z, shape, any ? count : 0, sort !== SORT_NONE);
  if (f.length === 0 && storeKey === null) { c.w.array(0); return; }
  const total = f.length;
  const returned = count === 0 || total < count ? total : count;

  // order: indices into f (a stable sort keeps the scan order among equal distances)
  const order: number[] = new Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  // exact distances: for every point when ordering by rough ones could differ, else on demand
  let exact = false;
  const exactAll = (): void => {
    for (let i = 0; i < total; i++) f.dists[i] = G.distance(shape.lon, shape.lat, f.lons[i], f.lats[i]);
    exact = true;
  };
  const dist = (i: number): number => (exact ? f.dists[i] : G.distance(shape.lon, shape.lat, f.lons[i], f.lats[i]));
  if (sort !== SORT_NONE && total > 1 && !roughOrderSafe(f)) exactAll();
  if (sort !== SORT_NONE) {
    const d = f.dists;
    const cmp = sort === SORT_ASC
      ? (x: number, y: number) => (d[x] > d[y] ? 1 : d[x] === d[y] ? 0 : -1)
      : (x: number, y: number) => (d[x] < d[y] ? 1 : d[x] === d[y] ? 0 : -1);
    // a full sort is glibc's stable merge sort; a partial one Redis's pqsort, whose tie order we reproduce
    if (returned === total) order.sort(cmp);
    else pqsort(order, cmp, 0, returned - 1);
  }

  if (storeKey === null) {
    const opts = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
    c.w.array(returned);
    for (let k = 0; k < returned; k++) {
      const i = order[k];
      if (opts) c.w.array(opts + 1);
      c.w.bulk(f.members[i]);
      if (withDist) c.w.bulk(G.fmtDistance(dist(i) / shape.conversion));
      if (withHash) c.w.int(hashInt(f.scores[i]));
      if (withCoord) {
        c.w.array(2);
        replyCoord(c, f.lons[i]);
        replyCoord(c, f.lats[i]);
      }
    }
    return;
  }

  if (returned > 0) {
    // the stored set: members of the first `returned` results, scored by hash or distance
    const idx = order.slice(0, returned);
    if (storeDist && !exact) exactAll();
    const sc = (i: number): number => (storeDist ? f.dists[i] / shape.conversion : f.scores[i]);
    idx.sort((x, y) => {
      const a = sc(x), b = sc(y);
      if (a !== b) return a < b ? -1 : 1;
      const ma = f.members[x], mb = f.members[y];
      return ma < mb ? -1 : ma > mb ? 1 : 0;
    });
    const ms: string[] = [], ss: number[] = [];
    for (const i of idx) {
      if (ms.length && ms[ms.length - 1] === f.members[i]) continue;
      ms.push(f.members[i]);
      ss.push(sc(i));
    }
    c.db.set(storeKey, ZSet.fromSorted(ms, ss, zsetLimits(c.server)));
    notify(c, NOTIFY_ZSET, search ? 'geosearchstore' : 'georadiusstore', storeKey);
  } else if (c.db.delete(storeKey)) {
    notify(c, NOTIFY_GENERIC, 'del', storeKey);
  }
  c.w.int(returned);
}

/**
 * Partial quicksort as Redis's pqsort does it (Bentley-McIlroy 3-way
 * partitioning with median-of-3 / ninther pivots and insertion sort below 7
 * elements), recursing only into parts that overlap positions lo..hi. The
 * comparisons and swaps are the same, so equal keys end up in the same order.
 */
function pqsort(v: number[], cmp: (a: number, b: number) => number, lo: number, hi: number): void {
  const swap = (i: number, j: number): void => { const t = v[i]; v[i] = v[j]; v[j] = t; };
  const vecswap = (i: number, j: number, n: number): void => { for (; n > 0; n--) swap(i++, j++); };
  const med3 = (a: number, b: number, c: number): number => (cmp(v[a], v[b]) < 0
    ? (cmp(v[b], v[c]) < 0 ? b : (cmp(v[a], v[c]) < 0 ? c : a))
    : (cmp(v[b], v[c]) > 0 ? b : (cmp(v[a], v[c]) < 0 ? a : c)));
  const part = (a: number, n: number): void => {
    for (;;) {
      if (n < 7) {
        for (let pm = a + 1; pm < a + n; pm++) {
          for (let pl = pm; pl > a && cmp(v[pl - 1], v[pl]) > 0; pl--) swap(pl, pl - 1);
        }
        return;
      }
      let pm = a + (n >> 1);
      if (n > 7) {
        let pl = a, pn = a + n - 1;
        if (n > 40) {
          const d = n >> 3;
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(a, pm);
      let pa = a + 1, pb = a + 1;
      let pc = a + n - 1, pd = a + n - 1;
      for (;;) {
        let r: number;
        while (pb <= pc && (r = cmp(v[pb], v[a])) <= 0) {
          if (r === 0) { swap(pa, pb); pa++; }
          pb++;
        }
        while (pb <= pc && (r = cmp(v[pc], v[a])) >= 0) {
          if (r === 0) { swap(pc, pd); pd--; }
          pc--;
        }
        if (pb > pc) break;
        swap(pb, pc);
        pb++;
        pc--;
      }
      const pn = a + n;
      let r = Math.min(pa - a, pb - pa);
      vecswap(a, pb - r, r);
      r = Math.min(pd - pc, pn - pd - 1);
      vecswap(pb, pn - r, r);
      r = pb - pa;
      if (r > 1) {
        const l = a, rr = a + r - 1;
        if (!((lo < l && hi < l) || (lo > rr && hi > rr))) part(a, r);
      }
      r = pd - pc;
      if (r <= 1) return;
      a = pn - r;
      n = r;
      const l = a, rr = a + r - 1;
      if ((lo < l && hi < l) || (lo > rr && hi > rr)) return;
    }
  };
  part(0, v.length);
}

/**
 * Whether sorting by the rough distances gives exactly the comparisons the
 * exact ones would: true when no two points at different positions have
 * rough distances within 1e-12 of each other and none is near the antipode
 * (equal positions give equal distances both ways).
 */
function roughOrderSafe(f: Found): boolean {
  const n = f.length, d = f.dists;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (!(d[i] < G.ROUGH_OK)) return false;
    idx[i] = i;
  }
  idx.sort((x, y) => d[x] - d[y]);
  for (let k = 1; k < n; k++) {
    const a = idx[k - 1], b = idx[k];
    if (d[b] - d[a] <= d[b] * 1e-12 + 1e-9 && (f.lons[a] !== f.lons[b] || f.lats[a] !== f.lats[b])) return false;
  }
  return true;
}

/** The score as the integer WITHHASH prints (C's double -> long long). */
function hashInt(score: number): number | bigint {
  if (Number.isSafeInteger(score)) return score;
  const t = Math.trunc(score);
  if (t >= -9223372036854775808 && t < 9223372036854775808) return BigInt(t);
  return -9223372036854775808n;
}

/** Parses "<radius> <unit>" at argv[i]; false after replying an error. */
function parseRadius(c: Client, argv: string[], i: number, shape: G.Shape): boolean {
  const r = parseDouble(argv[i]);
  if (r === undefined) { c.w.error('ERR need numeric radius'); return false; }
  if (r < 0) { c.w.error('ERR radius cannot be negative'); return false; }
  const conv = parseUnit(c, argv[i + 1]);
  if (conv < 0) return false;
  shape.box = false;
  shape.radius = r;
  shape.conversion = conv;
  return true;
}

/** Parses "<width> <height> <unit>" at argv[i]; false after replying an error. */
function parseBox(c: Client, argv: string[], i: number, shape: G.Shape): boolean {
  const w = parseDouble(argv[i]);
  if (w === undefined) { c.w.error('ERR need numeric width'); return false; }
  const h = parseDouble(argv[i + 1]);
  if (h === undefined) { c.w.error('ERR need numeric height'); return false; }
  if (h < 0 || w < 0) { c.w.error('ERR height or width cannot be negative'); return false; }
  const conv = parseUnit(c, argv[i + 2]);
  if (conv < 0) return false;
  shape.box = true;
  shape.width = w;
  shape.height = h;
  shape.conversion = conv;
  return true;
}

export const geo: Family = {
  name: 'geo',
  commands: [
    { name: 'geoadd', handler: geoadd, summary: 'Stores points (longitude, latitude, member) in a sorted set scored by geohash; NX/XX/CH as in ZADD.' },
    { name: 'geodist', handler: geodist, summary: 'Distance between two stored points, in meters or the given unit.' },
    { name: 'geohash', handler: geohash, summary: 'Standard 11-character geohash strings of stored points.' },
    { name: 'geopos', handler: geopos, summary: 'Longitude and latitude of stored points (cell centers).' },
    { name: 'geosearch', handler: (c, a) => searchGeneric(c, a, 1, F_SEARCH), summary: 'Points within a radius or box around a member or a position.' },
    { name: 'geosearchstore', handler: (c, a) => searchGeneric(c, a, 2, F_SEARCH | F_SEARCHSTORE), summary: 'GEOSEARCH whose result is stored as a sorted set (scored by hash, or by distance with STOREDIST).' },
    { name: 'georadius', handler: (c, a) => searchGeneric(c, a, 1, F_COORDS), summary: 'Points within a radius of a position; STORE/STOREDIST keep the result.' },
    { name: 'georadius_ro', handler: (c, a) => searchGeneric(c, a, 1, F_COORDS | F_NOSTORE), summary: 'Read-only GEORADIUS.' },
    { name: 'georadiusbymember', handler: (c, a) => searchGeneric(c, a, 1, F_MEMBER), summary: 'Points within a radius of a stored member; STORE/STOREDIST keep the result.' },
    { name: 'georadiusbymember_ro', handler: (c, a) => searchGeneric(c, a, 1, F_MEMBER | F_NOSTORE), summary: 'Read-only GEORADIUSBYMEMBER.' },
  ],
};
