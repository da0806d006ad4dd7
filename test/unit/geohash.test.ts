import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as G from '../../src/types/geohash.js';
import { crSin, crCos, crAsin } from '../crmath.js';
import { rng, testSeed } from '../diff.js';
import { skipRedis, startRedis } from '../servers.js';
import { RespConn, type Reply } from '../resp-client.js';

/** A double from C99 hex notation "0x1.<13 hex digits>p<exp>". */
function hexDouble(s: string): number {
  const m = /^(-?)0x1\.([0-9a-f]{13})p([+-]\d+)$/.exec(s);
  if (!m) throw new Error('bad hex double ' + s);
  const bits = (BigInt(Number(m[3]) + 1023) << 52n) | BigInt('0x' + m[2]) | (m[1] ? 1n << 63n : 0n);
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits);
  return dv.getFloat64(0);
}

test('geohash: scores of the corners and the stray top bit', () => {
  assert.equal(G.encodeScore(180, G.LAT_MAX), 2 ** 53 + 2 ** 52);
  assert.equal(G.encodeScore(-180, G.LAT_MIN), 0);
  assert.equal(G.encodeScore(0, 0), 3 * 2 ** 50);
  assert.ok(Number.isNaN(G.encodeScore(180.0001, 0)));
  assert.ok(Number.isNaN(G.encodeScore(0, 85.06)));
  const xy = [0, 0];
  G.decodeScore(2 ** 53 + 2 ** 52, xy);
  assert.deepEqual(xy, [180, G.LAT_MAX]);
  // the cell of a decoded point is the cell it came from
  const r = rng(testSeed());
  for (let i = 0; i < 2000; i++) {
    const lon = -180 + r() * 360, lat = G.LAT_MIN + r() * 2 * G.LAT_MAX;
    const s = G.encodeScore(lon, lat);
    assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 52);
    G.decodeScore(s, xy);
    assert.ok(Math.abs(xy[0] - lon) < 360 / 2 ** 26 && Math.abs(xy[1] - lat) < 171 / 2 ** 26);
    assert.equal(G.encodeScore(xy[0], xy[1]), s);
  }
});

test('geohash: printf-style formatting', () => {
  assert.equal(G.fmtFixed(181, 6), '181.000000');
  assert.equal(G.fmtFixed(-0.5, 0), '-0');
  assert.equal(G.fmtFixed(2.5, 0), '2');
  assert.equal(G.fmtFixed(3.5, 0), '4');
  assert.equal(G.fmtFixed(0.125, 2), '0.12');
  assert.equal(G.fmtFixed(0.375, 2), '0.38');
  assert.equal(G.fmtFixed(1.00005, 4), '1.0001'); // not an exact tie in binary
  assert.equal(G.fmtFixed(-1e22, 1), '-10000000000000000000000.0');
  assert.equal(G.fmtFixed(166274.15156960033, 4), '166274.1516');
  // distances: the value times 10^4, rounded as a double, then to an integer with ties to even
  assert.equal(G.fmtDistance(33112183.107450001), '33112183.1074'); // "%.4f" would give .1075
  assert.equal(G.fmtDistance(166274.15156960033), '166274.1516');
  assert.equal(G.fmtDistance(0), '0.0000');
  assert.equal(G.fmtDistance(0.00005), '0.0000');
  assert.equal(G.fmtDistance(0.00015), '0.0001'); // 1.4999999999999998 once scaled
  assert.equal(G.fmtDistance(0.00025), '0.0002'); // 2.5: ties go to even
  assert.equal(G.fmtDistance(0.0123), '0.0123');
  assert.equal(G.fmtDistance(1.5), '1.5000');
  assert.equal(G.fmtDistance(NaN), '-922337203685477.5808');
  assert.equal(G.fmtDistance(1e300), '-922337203685477.5808');
  assert.equal(G.fmtCoord(13.361389338970184), '13.36138933897018433');
  assert.equal(G.fmtCoord(180), '180');
  assert.equal(G.fmtCoord(-0.5), '-0.5');
  assert.equal(G.fmtCoord(-1e-20), '0');
});

test('geohash: step estimation, bounding box and the cells of a search', () => {
  assert.equal(G.estimateSteps(0, 0), 26);
  assert.equal(G.estimateSteps(1, 0), 24);
  assert.equal(G.estimateSteps(1, 70), 23);
  assert.equal(G.estimateSteps(1, -81), 22);
  assert.equal(G.estimateSteps(5e6, 0), 2);
  assert.equal(G.estimateSteps(2e7, 0), 1);
  assert.equal(G.estimateSteps(Infinity, 0), 1);
  const shape: G.Shape = { lon: 15, lat: 37, box: false, radius: 200, width: 0, height: 0, conversion: 1000 };
  const b = G.boundingBox(shape);
  assert.ok(b[0] < 15 && b[2] > 15 && b[1] < 37 && b[3] > 37);
  const ranges = G.searchRanges(shape);
  assert.ok(ranges.length >= 2 && ranges.length <= 18 && ranges.length % 2 === 0);
  const own = G.encodeScore(15, 37);
  assert.ok(own >= ranges[0] && own < ranges[1], 'the center cell comes first');
  // points inside the circle lie in one of the scanned cells
  const r = rng(testSeed());
  for (let i = 0; i < 500; i++) {
    const lon = 15 + (r() - 0.5) * 4, lat = 37 + (r() - 0.5) * 4;
    if (G.distanceIfInside(shape, lon, lat) < 0) continue;
    const s = G.encodeScore(lon, lat);
    let hit = false;
    for (let j = 0; j < ranges.length; j += 2) if (s >= ranges[j] && s < ranges[j + 1]) hit = true;
    assert.ok(hit, `${lon},${lat}`);
  }
  const box: G.Shape = { lon: 15, lat: 37, box: true, radius: 0, width: 100, height: 10, conversion: 1000 };
  assert.ok(G.distanceIfInside(box, 15.5, 37) > 0);
  assert.equal(G.distanceIfInside(box, 15, 37.1), -1);
});

test('crmath: correctly rounded where V8 and glibc are not', () => {
  // reference values from a 200-bit evaluation
  assert.equal(crAsin(hexDouble('0x1.978e4f9a9c7f5p-1')), hexDouble('0x1.d7621e751461fp-1'));
  assert.equal(crCos(hexDouble('0x1.5d99f1eea76c4p+0')), hexDouble('0x1.a13d0f0eeef31p-3'));
  assert.equal(crSin(hexDouble('0x1.52ddc29f2d894p+1')), hexDouble('0x1.e5b62158f635bp-2'));
  assert.equal(crSin(hexDouble('0x1.c55552f10a9e0p-1')), hexDouble('0x1.8c612811ee899p-1'));
  assert.equal(crSin(0), 0);
  assert.ok(Object.is(crSin(-0), -0));
  assert.equal(crCos(0), 1);
  assert.equal(crAsin(1), Math.PI / 2);
  assert.equal(crAsin(0.5), Math.asin(0.5));
  const r = rng(testSeed());
  const ulp = (v: number): number => 2 ** (Math.floor(Math.log2(Math.abs(v))) - 52);
  for (let i = 0; i < 20000; i++) {
    // within one unit of V8's faithful results
    const x = (r() - 0.5) * 7;
    assert.ok(Math.abs(crSin(x) - Math.sin(x)) <= ulp(Math.sin(x)), `sin ${x}`);
    assert.ok(Math.abs(crCos(x) - Math.cos(x)) <= ulp(Math.cos(x)), `cos ${x}`);
    const y = r();
    assert.ok(Math.abs(crAsin(y) - Math.asin(y)) <= ulp(Math.asin(y)), `asin ${y}`);
  }
});

const skip = skipRedis();

function bulk(r: Reply): string | null {
  if (r.t !== 'bulk') throw new Error('not a bulk: ' + JSON.stringify(r));
  return r.v;
}

test('geohash: scores, positions, hashes and distances agree with real Redis', { skip }, async (t) => {
  const redis = await startRedis();
  const c = await RespConn.connect(redis.port);
  t.after(async () => { c.close(); await redis.close(); });
  const seed = testSeed();
  const r = rng(seed);
  const pts: [number, number][] = [[180, G.LAT_MAX], [-180, G.LAT_MIN], [0, 0], [180, 0], [-180, 0], [0, G.LAT_MAX], [179.99999999, -85]];
  for (let i = 0; i < 600; i++) {
    const k = r();
    if (k < 0.2) pts.push([-180 + r() * 360, (r() < 0.5 ? -1 : 1) * (80 + r() * 5.05112878)]);
    else if (k < 0.4) pts.push([(r() < 0.5 ? -1 : 1) * (179.9 + r() * 0.1), -85 + r() * 170]);
    else pts.push([-180 + r() * 360, G.LAT_MIN + r() * 2 * G.LAT_MAX]);
  }
  const args: string[] = [];
  pts.forEach(([lon, lat], i) => args.push(String(lon), String(lat), 'p' + i));
  await c.call('GEOADD', 'g', ...args);
  const xy = [0, 0];
  const xy2 = [0, 0];
  const units: [string, number][] = [['m', 1], ['km', 1000], ['ft', 0.3048], ['mi', 1609.34]];
  for (let i = 0; i < pts.length; i++) {
    const note = `seed ${seed} point ${pts[i]}`;
    const score = G.encodeScore(pts[i][0], pts[i][1]);
    assert.equal(bulk(await c.call('ZSCORE', 'g', 'p' + i)), String(score), note);
    const pos = await c.call('GEOPOS', 'g', 'p' + i);
    G.decodeScore(score, xy);
    const pair = (pos as { v: Reply[] }).v[0] as { v: Reply[] };
    assert.deepEqual([bulk(pair.v[0]), bulk(pair.v[1])], [G.fmtCoord(xy[0]), G.fmtCoord(xy[1])], note);
    assert.equal(bulk((await c.call('GEOHASH', 'g', 'p' + i) as { v: Reply[] }).v[0]), G.geohashString(score), note);
    const j = Math.floor(r() * pts.length);
    const [u, conv] = units[i % 4];
    G.decodeScore(G.encodeScore(pts[j][0], pts[j][1]), xy2);
    // the trigonometry reproduces glibc's: distances agree to the last digit
    const got = bulk(await c.call('GEODIST', 'g', 'p' + i, 'p' + j, u)) as string;
    assert.equal(got, G.fmtDistance(G.distance(xy[0], xy[1], xy2[0], xy2[1]) / conv), note);
  }
});

test('geohash: the cheap inside test decides exactly like the full distance formula', () => {
  const seed = testSeed();
  const r = rng(seed);
  const D = Math.PI / 180;
  /** A point roughly d meters from (lon, lat) at bearing b (spherical, V8 trigonometry). */
  const dest = (lon: number, lat: number, d: number, b: number): [number, number] => {
    const a = d / G.EARTH_RADIUS, p1 = lat * D;
    const p2 = Math.asin(Math.sin(p1) * Math.cos(a) + Math.cos(p1) * Math.sin(a) * Math.cos(b));
    const l2 = lon * D + Math.atan2(Math.sin(b) * Math.sin(a) * Math.cos(p1), Math.cos(a) - Math.sin(p1) * Math.sin(p2));
    let x = l2 / D;
    while (x > 180) x -= 360;
    while (x < -180) x += 360;
    return [x, Math.max(G.LAT_MIN, Math.min(G.LAT_MAX, p2 / D))];
  };
  let disagreements = 0, nearBoundary = 0;
  for (let k = 0; k < 400; k++) {
    const lat = (r() - 0.5) * 2 * G.LAT_MAX, lon = (r() - 0.5) * 360;
    const radius = Math.pow(10, r() * 7.3);
    const box = r() < 0.4;
    const s: G.Shape = { lon, lat, box, radius, width: radius * (0.5 + r()), height: radius * (0.5 + r()), conversion: 1 };
    const st = new G.ShapeTest(s);
    for (let i = 0; i < 100; i++) {
      // on the boundary within a relative 1e-6 .. 1e-16, or anywhere nearby
      const rel = i < 60 ? (r() - 0.5) * Math.pow(10, -6 - r() * 10) : (r() - 0.5) * 2;
      let [x, y] = dest(lon, lat, radius * (1 + rel), r() * 2 * Math.PI);
      if (box && i % 2 === 0) {
        // on (or near) the east/west edge: at latitude y, the distance along the parallel is width/2
        y = Math.max(G.LAT_MIN, Math.min(G.LAT_MAX, lat + (r() - 0.5) * (s.height / G.EARTH_RADIUS) / D));
        const q = Math.sin(s.width / 4 / G.EARTH_RADIUS) / Math.cos(y * D);
        if (q >= 1) continue;
        x = lon + (r() < 0.5 ? -1 : 1) * (2 * Math.asin(q) / D) * (1 + rel);
        if (x > 180 || x < -180) continue;
      }
      let exact: boolean;
      if (box) {
        const outLat = G.latDistance(y, lat) > s.height * s.conversion / 2;
        exact = !outLat && !(G.distance(x, y, lon, y) > s.width * s.conversion / 2);
      } else exact = !(G.distance(lon, lat, x, y) > radius);
      if (Math.abs(rel) < 1e-9) nearBoundary++;
      if (st.inside(x, y) !== exact) disagreements++;
    }
  }
  assert.equal(disagreements, 0, `seed ${seed}`);
  assert.ok(nearBoundary > 1000);
});
