import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, rng, testSeed, NASTY, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { show, type Reply } from '../resp-client.js';

const skip = skipRedis();

const TIME_KEYS = new Set(['idle', 'seen-time']);

/** Replaces time-dependent values with a marker: values after TIME_KEYS, XPENDING idle and XINFO FULL delivery times. */
function mask(r: Reply): Reply {
  const X: Reply = { t: 'int', v: 'X' };
  const walk = (x: Reply, parentKey: string): Reply => {
    if (x.t === 'map') {
      return { t: 'map', v: x.v.map(([k, v]) => {
        const kk = k.t === 'bulk' ? String(k.v) : '';
        return [k, TIME_KEYS.has(kk) ? X : walk(v, kk)] as [Reply, Reply];
      }) };
    }
    if (x.t === 'array' && x.v) {
      const a = x.v;
      // RESP2 key/value lists
      const out: Reply[] = [];
      for (let i = 0; i < a.length; i++) {
        const e = a[i];
        if (i % 2 === 1 && a[i - 1].t === 'bulk' && TIME_KEYS.has(String((a[i - 1] as { v: string }).v))) { out.push(X); continue; }
        const pk = i % 2 === 1 && a[i - 1].t === 'bulk' ? String((a[i - 1] as { v: string }).v) : parentKey;
        out.push(walk(e, pk));
      }
      if (parentKey === 'pending-entry4' || parentKey === 'pending-entry3') {
        // [id, consumer, time, count] or [id, time, count]
        const ti = parentKey === 'pending-entry4' ? 2 : 1;
        out[ti] = X;
      }
      if (parentKey === 'pending') return { t: 'array', v: out.map(e => e.t === 'array' && e.v ? walk(e, e.v.length === 4 ? 'pending-entry4' : 'pending-entry3') : e) };
      return { t: 'array', v: out };
    }
    return x;
  };
  return walk(r, '');
}

/** XPENDING extended form: mask the idle time (3rd element of each entry). */
function maskPendingIdle(r: Reply): Reply {
  if (r.t !== 'array' || !r.v) return r;
  return { t: 'array', v: r.v.map(e => e.t === 'array' && e.v && e.v.length === 4 ? { t: 'array', v: [e.v[0], e.v[1], { t: 'int', v: 'X' }, e.v[3]] } as Reply : e) };
}

async function checkMasked(p: DiffPair, argv: (string | number)[], m: (r: Reply) => Reply = mask, note = ''): Promise<Reply> {
  const a = argv.map(String);
  const [mine, ref] = await Promise.all([p.respite.call(...a), p.redis.call(...a)]);
  assert.deepEqual(m(mine), m(ref), `${note}${a.join(' ')}\n  respite: ${show(mine).slice(0, 800)}\n  redis:   ${show(ref).slice(0, 800)}`);
  return mine;
}

test('XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM: replies and errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['XADD'], ['XADD', 's'], ['XADD', 's', '1-1'], ['XADD', 's', '1-1', 'f'], ['XADD', 's', '1-1', 'f', 'v', 'g'],
    ['XADD', 's', '0-0', 'f', 'v'], ['XADD', 's', '0', 'f', 'v'], ['XADD', 's', '-', 'f', 'v'], ['XADD', 's', '+', 'f', 'v'],
    ['EXISTS', 's'],
    ['XADD', 's', '0-*', 'f', 'v'], ['XADD', 's', '0-*', 'f', 'v'], ['XADD', 's', '5', 'a', '1'], ['XADD', 's', ' 7', 'a', '1'], ['XADD', 's', '+8', 'a', '1'],
    ['XADD', 's', '009-1', 'a', '1'], ['XADD', 's', '10-*', 'a', '1'], ['XADD', 's', '10-*', 'a', '1'], ['XADD', 's', '11--05', 'a', '1'],
    ['XADD', 's', '11-3', 'a', '1'], ['XADD', 's', '12-', 'a', '1'], ['XADD', 's', '-3', 'a', '1'], ['XADD', 's', '13-0x', 'a', '1'],
    ['XADD', 's', '13-1', 'a', '1'], ['XADD', 's', '13-1', 'a', '1'], ['XADD', 's', '12-*', 'a', '1'], ['XADD', 's', '18446744073709551616', 'a', '1'],
    ['XADD', 's', '-1-1', 'a', '1'], ['XADD', 's', 'x'.repeat(130), 'a', '1'],
    ['XLEN', 's'], ['XLEN', 'nokey'], ['XLEN'], ['XLEN', 's', 'x'],
    ['XRANGE', 's', '-', '+'], ['XREVRANGE', 's', '+', '-'], ['XRANGE', 's', '-', '+', 'COUNT', '2'], ['XREVRANGE', 's', '+', '-', 'COUNT', '2'],
    ['XRANGE', 's', '-', '+', 'COUNT', '0'], ['XRANGE', 's', '-', '+', 'COUNT', '-5'], ['XRANGE', 's', '-', '+', 'COUNT'], ['XRANGE', 's', '-', '+', 'LIMIT', '1'],
    ['XRANGE', 's', '-', '+', 'COUNT', 'x'], ['XRANGE', 's', '(5', '+'], ['XRANGE', 's', '(5-0', '(11'], ['XRANGE', 's', '10', '10'], ['XRANGE', 's', '(-', '+'],
    ['XRANGE', 's', '(', '+'], ['XRANGE', 's', '-', '(0-0'], ['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'],
    ['XRANGE', 's', '5', '4'], ['XRANGE', 's', 'x', '+'], ['XRANGE', 's', '-', 'y'], ['XRANGE', 'nokey', '-', '+'], ['XRANGE', 'nokey', 'x', '+'],
    ['XREVRANGE', 's', '(11', '(5'], ['XREVRANGE', 's', '10', '-', 'COUNT', '1'], ['XREVRANGE', 's', '+', '+'], ['XRANGE', 's', '+', '+'], ['XRANGE', 's', '-', '-'],
    ['XRANGE', 's', '-', '+', 'COUNT', '1', 'COUNT', '3'],
    ['XDEL', 's'], ['XDEL', 's', 'bad'], ['XDEL', 's', '5-0', 'bad'], ['XDEL', 'nokey', 'bad'], ['XDEL', 's', '5', '999-0', '7-0'], ['XDEL', 's', '5'],
    ['XLEN', 's'], ['XRANGE', 's', '-', '+'],
    ['XTRIM', 's'], ['XTRIM', 'nokey', 'bad'], ['XTRIM', 'nokey', 'MAXLEN', '1'], ['XTRIM', 's', 'MAXLEN'], ['XTRIM', 's', 'MAXLEN', '-1'], ['XTRIM', 's', 'MAXLEN', 'x'],
    ['XTRIM', 's', 'FOO', '1'], ['XTRIM', 's', 'MAXLEN', '1', 'MINID', '1'], ['XTRIM', 's', 'MAXLEN', '=', '100', 'LIMIT', '10'],
    ['XTRIM', 's', 'MAXLEN', '~', '100', 'LIMIT', '-1'], ['XTRIM', 's', 'MAXLEN', '~', '100', 'LIMIT', 'x'], ['XTRIM', 's', 'LIMIT', '5'],
    ['XTRIM', 's', 'MINID', 'bad'], ['XTRIM', 's', 'MAXLEN', '~', '2'], ['XTRIM', 's', 'MINID', '=', '10-1'], ['XRANGE', 's', '-', '+'],
    ['XTRIM', 's', 'MAXLEN', '2'], ['XRANGE', 's', '-', '+'], ['XTRIM', 's', 'MAXLEN', '0'], ['XLEN', 's'], ['EXISTS', 's'],
    ['XADD', 's', '1-1', 'a', 'b'], ['XADD', 's', 'NOMKSTREAM', '*'], ['XADD', 'n', 'NOMKSTREAM', '*', 'a', 'b'], ['EXISTS', 'n'],
    ['XADD', 'n', 'NOMKSTREAM', 'MAXLEN', '1', '5-5', 'a', 'b'], ['XADD', 'n', 'MAXLEN', '1', 'MINID', '1', '5-5', 'a', 'b'],
    ['XADD', 'n', 'LIMIT', '5', '5-5', 'a', 'b'], ['XADD', 'n', 'MAXLEN', '1', 'LIMIT', '5', '5-5', 'a', 'b'],
    ['XADD', 'n', 'MAXLEN', '~', '1', 'LIMIT', '5', '5-5', 'a', 'b'], ['XADD', 'n', 'MAXLEN', '1', '6-5', 'a', 'b'], ['XRANGE', 'n', '-', '+'],
    ['XADD', 'n', 'maxlen', '=', '1', '7-5', 'a', 'b'], ['XADD', 'n', 'MINID', '~', '7', '8-5', 'a', 'b'], ['XADD', 'n', 'MINID', '8', '9-5', 'a', 'b'],
    ['XRANGE', 'n', '-', '+'], ['XADD', 'n', 'MAXLEN', '-1', '*', 'a', 'b'], ['XADD', 'n', 'MAXLEN', '~', '*', 'a', 'b'],
    ['XADD', 'n', 'MINID', '*', 'a', 'b'], ['XADD', 'n', 'MINID', 'x', '10-1', 'a', 'b'],
    ['SET', 'str', 'x'], ['XADD', 'str', '*', 'a', 'b'], ['XLEN', 'str'], ['XRANGE', 'str', '-', '+'], ['XREVRANGE', 'str', '+', '-'],
    ['XDEL', 'str', '1-1'], ['XTRIM', 'str', 'MAXLEN', '1'], ['XADD', 'str', 'NOMKSTREAM', '*', 'a', 'b'],
    ['TYPE', 'n'], ['OBJECT', 'ENCODING', 'n'],
  ]);
  // huge IDs
  await p.all([
    ['XADD', 'big', '9007199254740993-9007199254740993', 'a', 'b'], ['XADD', 'big', '9007199254740993-*', 'a', 'b'],
    ['XADD', 'big', '18446744073709551615-18446744073709551614', 'a', 'b'], ['XADD', 'big', '18446744073709551615-*', 'a', 'b'],
    ['XADD', 'big', '*', 'a', 'b'], ['XRANGE', 'big', '-', '+'], ['XREVRANGE', 'big', '+', '(9007199254740993-9007199254740993'],
    ['XRANGE', 'big', '(18446744073709551615-18446744073709551614', '+'], ['XDEL', 'big', '9007199254740993-9007199254740994'],
    ['XRANGE', 'big', '-', '+'], ['XTRIM', 'big', 'MINID', '18446744073709551615'], ['XRANGE', 'big', '-', '+'],
  ]);
  // auto IDs: compare shapes only
  const a = await p.respite.call('XADD', 'auto', '*', 'f', 'v');
  const b = await p.redis.call('XADD', 'auto', '*', 'f', 'v');
  assert.match(String((a as { v: string }).v), /^\d+-0$/);
  assert.match(String((b as { v: string }).v), /^\d+-0$/);
  await p.all([['XLEN', 'auto'], ['XADD', 'auto', '1-1', 'a', 'b']]);
});

test('binary fields and values, mixed field sets', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  let ms = 1;
  for (const x of NASTY) {
    await p.check(['XADD', 'b', `${ms++}-0`, x, x, 'f', x]);
    await p.check(['XADD', 'b', `${ms++}-0`, x, 'y']);
    await p.check(['XADD', x || 'e', `${ms++}-0`, 'k', x]);
  }
  await p.all([['XRANGE', 'b', '-', '+'], ['XREVRANGE', 'b', '+', '-', 'COUNT', '7'], ['XLEN', 'b']]);
  await checkMasked(p, ['XINFO', 'STREAM', 'b']);
  await checkMasked(p, ['XINFO', 'STREAM', 'b', 'FULL', 'COUNT', '3']);
  // numeric-looking fields, big values crossing node byte limits
  for (let i = 0; i < 40; i++) await p.check(['XADD', 'nums', `${i + 1}-0`, String(i * 1000), String(-i), 'v', 'x'.repeat(i * 37)]);
  await checkMasked(p, ['XINFO', 'STREAM', 'nums']);
  await p.all([['XTRIM', 'nums', 'MAXLEN', '~', '10'], ['XLEN', 'nums'], ['XRANGE', 'nums', '-', '+', 'COUNT', '2']]);
  await checkMasked(p, ['XINFO', 'STREAM', 'nums']);
});

test('approximate trimming matches node layout', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (let i = 1; i <= 550; i++) await p.check(['XADD', 's', `${i}-1`, 'field', String(i), 'other', 'abcdefgh']);
  await checkMasked(p, ['XINFO', 'STREAM', 's']);
  await p.all([
    ['XTRIM', 's', 'MAXLEN', '~', '420'], ['XLEN', 's'], ['XTRIM', 's', 'MAXLEN', '~', '100', 'LIMIT', '150'], ['XLEN', 's'],
    ['XTRIM', 's', 'MINID', '~', '351'], ['XLEN', 's'], ['XDEL', 's', '450-1', '460-1'], ['XTRIM', 's', 'MAXLEN', '~', '10', 'LIMIT', '0'], ['XLEN', 's'],
    ['XTRIM', 's', 'MINID', '=', '455'], ['XLEN', 's'], ['XADD', 's', 'MAXLEN', '~', '5', '1000-0', 'a', 'b'], ['XLEN', 's'],
  ]);
  await checkMasked(p, ['XINFO', 'STREAM', 's']);
});

test('node size directives (stream-node-max-entries / -bytes)', { skip }, async (t) => {
  const p = await diffPair({ respite: { 'stream-node-max-entries': 7 }, redis: ['--stream-node-max-entries', '7'] });
  t.after(() => p.close());
  for (let i = 1; i <= 60; i++) await p.check(['XADD', 't', `${i}-0`, 'f', 'v']);
  await p.all([['XTRIM', 't', 'MAXLEN', '~', '30'], ['XLEN', 't'], ['XTRIM', 't', 'MAXLEN', '~', '0'], ['XLEN', 't']]);
  const z = await diffPair({ respite: { 'stream-node-max-entries': 0 }, redis: ['--stream-node-max-entries', '0'] });
  t.after(() => z.close());
  for (let i = 1; i <= 300; i++) await z.check(['XADD', 'z', `${i}-0`, 'f', 'v']);
  await checkMasked(z, ['XINFO', 'STREAM', 'z']);
  await z.all([['XTRIM', 'z', 'MAXLEN', '~', '30'], ['XLEN', 'z'], ['XTRIM', 'z', 'MAXLEN', '30'], ['XLEN', 'z']]);
  const q = await diffPair({ respite: { 'stream-node-max-bytes': 100 }, redis: ['--stream-node-max-bytes', '100'] });
  t.after(() => q.close());
  for (let i = 1; i <= 60; i++) await q.check(['XADD', 'u', `${i}-0`, 'f', 'v'.repeat(i % 9)]);
  await checkMasked(q, ['XINFO', 'STREAM', 'u']);
  await q.all([['XTRIM', 'u', 'MAXLEN', '~', '30'], ['XLEN', 'u']]);
});

test('consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['XGROUP', 'CREATE', 's', 'g', '$'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 's', 'g2', 'bad'], ['XGROUP', 'CREATE', 's', 'g2', '-'], ['XGROUP', 'CREATE', 's', 'g2', '0', 'FOO'],
    ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD'], ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '-2'], ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', 'x'],
    ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '3', 'MKSTREAM'], ['XGROUP', 'SETID', 's', 'g2', '0', 'MKSTREAM'],
    ['XGROUP', 'SETID', 's', 'nog', '0'], ['XGROUP', 'SETID', 'nokey', 'g', '0'], ['XGROUP', 'SETID', 's', 'g2', '0', 'ENTRIESREAD'],
    ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'c'], ['XGROUP', 'DELCONSUMER', 's', 'nog', 'c'], ['XGROUP', 'DESTROY', 's', 'nog'],
    ['XGROUP', 'DESTROY', 'nokey', 'g'], ['XGROUP', 'FOO', 's', 'g'], ['XGROUP', 'HELP'], ['XGROUP', 'help', 'x'], ['XGROUP'],
    ['XGROUP', 'CREATE', 's', 'g'], ['XGROUP', 'DESTROY', 's', 'g', 'x'], ['XGROUP', 'CREATECONSUMER', 's', 'g'],
    ['SET', 'str', 'x'], ['XGROUP', 'CREATE', 'str', 'g', '$'], ['XGROUP', 'CREATE', 'str', 'g', '$', 'MKSTREAM'],
  ]);
  for (let i = 1; i <= 10; i++) await p.check(['XADD', 's', `${i}-0`, 'f', String(i)]);
  await checkMasked(p, ['XINFO', 'GROUPS', 's']);
  await p.all([
    ['XREADGROUP'], ['XREADGROUP', 'GROUP', 'g', 'c'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's'], ['XREADGROUP', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '$'], ['XREADGROUP', 'GROUP', 'nog', 'c', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'nokey', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'str', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', 'x', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'FOO', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', 'bad'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '2', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '1-0'],
    ['XREADGROUP', 'GROUP', 'g', 'dave', 'STREAMS', 's', '0'], ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'], ['XREAD', 'NOACK', 'STREAMS', 's', '0'],
    ['XREAD', 'STREAMS', 's', '>'],
  ]);
  await p.all([
    ['XPENDING', 's', 'g'], ['XPENDING', 's', 'nog'], ['XPENDING', 'nokey', 'g'], ['XPENDING', 'str', 'g'], ['XPENDING', 's', 'g', '-'],
    ['XPENDING', 's', 'g', '-', '+'], ['XPENDING', 's', 'g', '-', '+', 'x'], ['XPENDING', 's', 'g', 'x', '+', '10'], ['XPENDING', 's', 'g', '-', 'x', '10'],
    ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'], ['XPENDING', 's', 'g', 'IDLE', '10', '-', '+'], ['XPENDING', 's', 'g', '(-', '+', '10'],
    ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'], ['XPENDING', 's', 'g', '-', '+', '0'], ['XPENDING', 's', 'g', '-', '+', '10', 'a', 'b', 'c'],
    ['XPENDING', 's', 'g', '(18446744073709551615-18446744073709551615', '+', '10'],
  ]);
  for (const cmd of [['XPENDING', 's', 'g', '-', '+', '10'], ['XPENDING', 's', 'g', '(1', '(5', '10', 'alice'], ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '3'],
    ['XPENDING', 's', 'g', 'IDLE', '100000', '-', '+', '3'], ['XPENDING', 's', 'g', '-', '+', '-1']]) await checkMasked(p, cmd, maskPendingIdle);
  await p.all([
    ['XACK', 's', 'g'], ['XACK', 's', 'g', 'bad'], ['XACK', 'nokey', 'g', 'bad'], ['XACK', 's', 'nog', '1-0'], ['XACK', 'str', 'g', '1-0'],
    ['XACK', 's', 'g', '1-0', '1-0', '99-0'], ['XPENDING', 's', 'g'],
  ]);
  // XCLAIM
  await p.all([
    ['XCLAIM', 's', 'g', 'bob', '0'], ['XCLAIM', 'nokey', 'g', 'bob', '0', '1-0'], ['XCLAIM', 's', 'nog', 'bob', '0', '1-0'], ['XCLAIM', 'str', 'g', 'bob', 'x', '1-0'],
    ['XCLAIM', 's', 'g', 'bob', 'x', '1-0'], ['XCLAIM', 's', 'g', 'bob', '0', 'FOO'], ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'IDLE', 'x'],
    ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'TIME', 'x'], ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'RETRYCOUNT', 'x'], ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'LASTID', 'x'],
    ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'IDLE'], ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'bad-id', '3-0'],
    ['XCLAIM', 's', 'g', 'bob', '0', '2-0'], ['XCLAIM', 's', 'g', 'bob', '0', '3-0', 'JUSTID'], ['XCLAIM', 's', 'g', 'bob', '0', '3-0', 'RETRYCOUNT', '7', 'JUSTID'],
    ['XCLAIM', 's', 'g', 'bob', '100000', '3-0'], ['XCLAIM', 's', 'g', 'erin', '0', '8-0', '9-0'], ['XCLAIM', 's', 'g', 'erin', '0', '8-0', 'FORCE'],
    ['XCLAIM', 's', 'g', 'erin', '0', '9-0', 'FORCE', 'JUSTID', 'IDLE', '500', 'LASTID', '9-0'], ['XCLAIM', 's', 'g', 'frank', '0', '999-0', 'FORCE'],
    ['XCLAIM', 's', 'g', 'erin', '-5', '4-0', 'TIME', '-1', 'RETRYCOUNT', '-1'], ['XCLAIM', 's', 'g', 'erin', '0', '5-0', 'TIME', '99999999999999'],
    ['XDEL', 's', '2-0'], ['XCLAIM', 's', 'g', 'alice', '0', '2-0', '3-0'], ['XPENDING', 's', 'g'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'], ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
  ]);
  await checkMasked(p, ['XPENDING', 's', 'g', '-', '+', '100'], maskPendingIdle);
  // XAUTOCLAIM
  await p.all([
    ['XAUTOCLAIM', 's', 'g', 'zed', '0'], ['XAUTOCLAIM', 'nokey', 'g', 'zed', '0', '0'], ['XAUTOCLAIM', 's', 'nog', 'zed', '0', '0'],
    ['XAUTOCLAIM', 's', 'g', 'zed', 'x', '0'], ['XAUTOCLAIM', 's', 'g', 'zed', '0', 'x'], ['XAUTOCLAIM', 's', 'g', 'zed', '0', '0', 'COUNT', '0'],
    ['XAUTOCLAIM', 's', 'g', 'zed', '0', '0', 'COUNT', 'x'], ['XAUTOCLAIM', 's', 'g', 'zed', '0', '0', 'COUNT', '576460752303423488'],
    ['XAUTOCLAIM', 's', 'g', 'zed', '0', '0', 'FOO'], ['XAUTOCLAIM', 's', 'g', 'zed', '0', '0', 'COUNT'],
    ['XADD', 's', '20-0', 'f', 'v'], ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'], ['XDEL', 's', '5-0', '20-0'],
    ['XAUTOCLAIM', 's', 'g', 'zed', '100000', '0'], ['XAUTOCLAIM', 's', 'g', 'zed', '0', '0', 'COUNT', '2'], ['XAUTOCLAIM', 's', 'g', 'zed', '0', '(3-0', 'COUNT', '2', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g', 'yan', '0', '-', 'COUNT', '1'], ['XAUTOCLAIM', 's', 'g', 'yan', '0', '+'], ['XAUTOCLAIM', 's', 'g', 'yan', '0', '(18446744073709551615-18446744073709551615'],
    ['XPENDING', 's', 'g'],
  ]);
  await checkMasked(p, ['XINFO', 'GROUPS', 's']);
  await checkMasked(p, ['XINFO', 'CONSUMERS', 's', 'g']);
  await checkMasked(p, ['XINFO', 'STREAM', 's', 'FULL']);
  await checkMasked(p, ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1']);
  await checkMasked(p, ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0']);
  await p.all([
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'], ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'], ['XINFO', 'STREAM', 's', 'FOO'], ['XINFO', 'STREAM', 's', 'FULL', 'X', '1'],
    ['XINFO', 'STREAM', 'nokey'], ['XINFO', 'STREAM', 'str'], ['XINFO', 'GROUPS', 'nokey'], ['XINFO', 'CONSUMERS', 's', 'nog'], ['XINFO', 'HELP'], ['XINFO', 'FOO', 's'],
    ['XINFO', 'GROUPS', 's', 'x'], ['XINFO', 'CONSUMERS', 's'], ['XINFO'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'new'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'new'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'bob'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'nobody'], ['XPENDING', 's', 'g'], ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '0'],
    ['XGROUP', 'SETID', 's', 'g', '$'], ['XGROUP', 'SETID', 's', 'g', '+'], ['XGROUP', 'SETID', 's', 'g', 'bad'],
    ['XGROUP', 'SETID', 's', 'g', '3', 'ENTRIESREAD', '2'], ['XREADGROUP', 'GROUP', 'g', 'new', 'STREAMS', 's', '>'], ['XPENDING', 's', 'g'],
    ['XGROUP', 'DESTROY', 's', 'g'], ['XGROUP', 'DESTROY', 's', 'g'],
  ]);
  await checkMasked(p, ['XINFO', 'GROUPS', 's']);
});

test('lag and entries-read bookkeeping; XSETID', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const info = async () => { await checkMasked(p, ['XINFO', 'GROUPS', 'x']); await checkMasked(p, ['XINFO', 'STREAM', 'x']); };
  await p.check(['XGROUP', 'CREATE', 'x', 'g0', '$', 'MKSTREAM']);
  await info();
  for (let i = 1; i <= 5; i++) await p.check(['XADD', 'x', `${i}-0`, 'f', 'v']);
  await p.all([['XGROUP', 'CREATE', 'x', 'g1', '0'], ['XGROUP', 'CREATE', 'x', 'g2', '$'], ['XGROUP', 'CREATE', 'x', 'g3', '2-0'], ['XGROUP', 'CREATE', 'x', 'g4', '0', 'ENTRIESREAD', '1']]);
  await info();
  await p.all([['XREADGROUP', 'GROUP', 'g1', 'c', 'COUNT', '2', 'STREAMS', 'x', '>'], ['XREADGROUP', 'GROUP', 'g3', 'c', 'COUNT', '1', 'STREAMS', 'x', '>']]);
  await info();
  await p.all([['XDEL', 'x', '3-0'], ['XREADGROUP', 'GROUP', 'g0', 'c', 'COUNT', '1', 'STREAMS', 'x', '>']]);
  await info();
  await p.all([['XDEL', 'x', '1-0'], ['XTRIM', 'x', 'MAXLEN', '2']]);
  await info();
  await p.all([['XREADGROUP', 'GROUP', 'g1', 'c', 'STREAMS', 'x', '>'], ['XADD', 'x', '9-0', 'a', 'b']]);
  await info();
  await p.all([
    ['XSETID', 'x'], ['XSETID', 'x', 'bad'], ['XSETID', 'nokey', '1-0'], ['XSETID', 'x', '1-0'], ['XSETID', 'x', '100-0', 'ENTRIESADDED'],
    ['XSETID', 'x', '100-0', 'ENTRIESADDED', '-1'], ['XSETID', 'x', '100-0', 'ENTRIESADDED', '1'], ['XSETID', 'x', '100-0', 'MAXDELETEDID', '200-0'],
    ['XSETID', 'x', '100-0', 'MAXDELETEDID', 'bad'], ['XSETID', 'x', '100-0', 'FOO', '1'], ['XSETID', 'str', '1-0'], ['XSETID', 'x', '+'],
    ['XSETID', 'x', '100-0', 'ENTRIESADDED', '50', 'MAXDELETEDID', '99-0'],
  ]);
  await info();
  await p.all([['XADD', 'x', '*', 'a'], ['XSETID', 'x', '99-0'], ['XTRIM', 'x', 'MAXLEN', '0'], ['XSETID', 'x', '50-0'], ['XSETID', 'x', '150-0'], ['XADD', 'x', '120-0', 'a', 'b']]);
  await info();
  await p.all([['XADD', 'e', '1-1', 'a', 'b'], ['XDEL', 'e', '1-1'], ['XSETID', 'e', '0-5'], ['XSETID', 'e', '0-0'], ['XSETID', 'e', '1-1', 'ENTRIESADDED', '0']]);
  await checkMasked(p, ['XINFO', 'STREAM', 'e']);
  await checkMasked(p, ['XINFO', 'STREAM', 'e', 'FULL']);
});

test('XREAD without blocking; RESP3 shapes', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const cmds: (string | number)[][] = [
    ['XADD', 'a', '1-0', 'f', 'v'], ['XADD', 'a', '2-0', 'f', 'w'], ['XADD', 'b', '1-5', 'x', 'y'],
    ['XREAD', 'STREAMS', 'a', '0'], ['XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '0', '0'], ['XREAD', 'STREAMS', 'a', 'b', 'nokey', '1-0', '$', '0'],
    ['XREAD', 'STREAMS', 'a', '$'], ['XREAD', 'STREAMS', 'a'], ['XREAD', 'STREAMS', 'a', 'b', '0'], ['XREAD', 'STREAMS'], ['XREAD', 'COUNT', '1'],
    ['XREAD', 'BLOCK', '-1', 'STREAMS', 'a', '0'], ['XREAD', 'BLOCK', 'x', 'STREAMS', 'a', '0'], ['XREAD', 'BLOCK', '1.5', 'STREAMS', 'a', '0'],
    ['XREAD', 'BLOCK', '9223372036854775807', 'STREAMS', 'a', '0'], ['XREAD', 'COUNT', '-1', 'STREAMS', 'a', '0'], ['XREAD', 'COUNT', '0', 'STREAMS', 'a', '0'],
    ['XREAD', 'STREAMS', 'a', 'bad'], ['XREAD', 'STREAMS', 'a', '-'], ['XREAD', 'STREAMS', 'a', '+'], ['XREAD', 'STREAMS', 'a', '18446744073709551615-18446744073709551615'],
    ['XREAD', 'STREAMS', 'a', '(1'], ['SET', 'str', 'v'], ['XREAD', 'STREAMS', 'a', 'str', '0', '0'], ['XREAD', 'FOO', 'STREAMS', 'a', '0'],
    ['MULTI'], ['XREAD', 'BLOCK', '0', 'STREAMS', 'a', '$'], ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'a', '>'], ['EXEC'],
    ['XGROUP', 'CREATE', 'a', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'],
    ['XDEL', 'a', '1-0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'],
    ['XRANGE', 'a', '-', '+'], ['XRANGE', 'a', '-', '+', 'COUNT', '0'], ['XAUTOCLAIM', 'a', 'g', 'c', '0', '0'], ['XCLAIM', 'a', 'g', 'c', '0', '2-0'],
    ['XPENDING', 'a', 'nog'], ['XADD', 'z', 'NOMKSTREAM', '*', 'a', 'b'],
  ];
  await p.all(cmds);
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all(cmds.map(c => c[0] === 'XADD' && c[1] !== 'z' ? ['XLEN', c[1]] : c).filter(c => c[0] !== 'XGROUP'));
  await p.all([['XACK', 'a', 'g', '2-0'], ['XPENDING', 'a', 'g'], ['XADD', 'a', '9-9', 'a', 'b'], ['XPENDING', 'a', 'g']]);
  await checkMasked(p, ['XINFO', 'STREAM', 'a']);
  await checkMasked(p, ['XINFO', 'STREAM', 'a', 'FULL']);
  await checkMasked(p, ['XINFO', 'GROUPS', 'a']);
  await checkMasked(p, ['XINFO', 'CONSUMERS', 'a', 'g']);
  await p.all([['XADD', 'empty', '1-1', 'a', 'b'], ['XDEL', 'empty', '1-1'], ['XGROUP', 'CREATE', 'empty', 'g', '$']]);
  await checkMasked(p, ['XINFO', 'STREAM', 'empty']);
  await checkMasked(p, ['XINFO', 'STREAM', 'empty', 'FULL']);
  await checkMasked(p, ['XINFO', 'GROUPS', 'empty']);
  await p.check(['HELLO', '2'], { ignore: true });
  await checkMasked(p, ['XINFO', 'STREAM', 'empty']);
});

test('seeded random command sequences', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const keys = ['s1', 's2'];
  const groups = ['g1', 'g2'];
  const consumers = ['c1', 'c2', 'c3'];
  const last: Record<string, number> = { s1: 0, s2: 0 };
  const fieldsets = [['a', '1'], ['a', '2', 'b', '3'], ['x', '', 'y', '\0z']];
  const rid = (k: string) => `${Math.floor(r() * (last[k] + 3))}-${Math.floor(r() * 3)}`;
  for (let n = 0; n < 2500; n++) {
    const k = pick(keys);
    const g = pick(groups);
    const cn = pick(consumers);
    const x = r();
    let cmd: string[];
    if (x < 0.25) {
      last[k] += 1 + Math.floor(r() * 3);
      const trim = r() < 0.2 ? (r() < 0.5 ? ['MAXLEN', pick(['=', '~']), String(Math.floor(r() * 20))] : ['MINID', String(last[k] - 5)]) : [];
      cmd = ['XADD', k, ...trim, `${last[k]}-${Math.floor(r() * 2)}`, ...pick(fieldsets)];
    } else if (x < 0.33) cmd = ['XRANGE', k, pick(['-', rid(k), `(${rid(k)}`]), pick(['+', rid(k)]), 'COUNT', String(Math.floor(r() * 5))];
    else if (x < 0.38) cmd = ['XREVRANGE', k, pick(['+', rid(k)]), pick(['-', rid(k)])];
    else if (x < 0.45) cmd = ['XDEL', k, rid(k), rid(k)];
    else if (x < 0.48) cmd = ['XTRIM', k, pick(['MAXLEN', 'MINID']), pick(['=', '~']), r() < 0.5 ? String(Math.floor(r() * 10)) : rid(k)];
    else if (x < 0.50) cmd = ['XLEN', k];
    else if (x < 0.54) cmd = ['XGROUP', 'CREATE', k, g, pick(['$', '0', rid(k)]), ...(r() < 0.5 ? ['MKSTREAM'] : [])];
    else if (x < 0.56) cmd = ['XGROUP', 'SETID', k, g, pick(['$', '0', rid(k)])];
    else if (x < 0.57) cmd = ['XGROUP', 'DESTROY', k, g];
    else if (x < 0.58) cmd = ['XGROUP', 'DELCONSUMER', k, g, cn];
    else if (x < 0.70) cmd = ['XREADGROUP', 'GROUP', g, cn, ...(r() < 0.2 ? ['NOACK'] : []), 'COUNT', String(1 + Math.floor(r() * 3)), 'STREAMS', k, pick(['>', '>', '0', rid(k)])];
    else if (x < 0.76) cmd = ['XACK', k, g, rid(k), rid(k)];
    else if (x < 0.80) cmd = ['XPENDING', k, g];
    else if (x < 0.84) cmd = ['XPENDING', k, g, '-', '+', '10', ...(r() < 0.5 ? [cn] : [])];
    else if (x < 0.90) cmd = ['XCLAIM', k, g, cn, '0', rid(k), rid(k), ...(r() < 0.3 ? ['FORCE'] : []), ...(r() < 0.3 ? ['JUSTID'] : [])];
    else if (x < 0.93) cmd = ['XAUTOCLAIM', k, g, cn, '0', pick(['0', rid(k)]), 'COUNT', String(1 + Math.floor(r() * 4)), ...(r() < 0.3 ? ['JUSTID'] : [])];
    else if (x < 0.96) cmd = ['XINFO', 'GROUPS', k];
    else if (x < 0.98) cmd = ['XINFO', 'STREAM', k, ...(r() < 0.5 ? ['FULL'] : [])];
    else cmd = ['XREAD', 'COUNT', '3', 'STREAMS', k, rid(k)];
    if (cmd[0] === 'XPENDING' && cmd.length > 3) await checkMasked(p, cmd, maskPendingIdle, note + ': ');
    else if (cmd[0] === 'XINFO') await checkMasked(p, cmd, mask, note + ': ');
    else await p.check(cmd, { note });
  }
});

test('keyspace events match Redis', { skip }, async (t) => {
  const p = await diffPair({ respite: { 'notify-keyspace-events': 'KEA' }, redis: ['--notify-keyspace-events', 'KEA'] });
  t.after(() => p.close());
  const [subA, subB] = await p.connect();
  t.after(() => { subA.close(); subB.close(); });
  await Promise.all([subA.call('PSUBSCRIBE', '__keyevent@0__:*'), subB.call('PSUBSCRIBE', '__keyevent@0__:*')]);
  await p.all([
    ['XADD', 's', '1-1', 'a', 'b'], ['XADD', 's', 'MAXLEN', '1', '2-1', 'a', 'b'], ['XADD', 's', 'MAXLEN', '5', '3-1', 'a', 'b'], ['XADD', 's', '3-1', 'a', 'b'],
    ['XADD', 'n', 'NOMKSTREAM', '*', 'a', 'b'], ['XDEL', 's', '9-9'], ['XDEL', 's', '2-1'], ['XTRIM', 's', 'MAXLEN', '5'], ['XTRIM', 's', 'MAXLEN', '0'],
    ['XGROUP', 'CREATE', 's', 'g', '0'], ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'], ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'], ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'], ['XADD', 's', '4-1', 'a', 'b'],
    ['XREADGROUP', 'GROUP', 'g', 'd', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'e', 'STREAMS', 's', '>'],
    ['XCLAIM', 's', 'g', 'f', '0', '4-1'], ['XCLAIM', 's', 'g', 'h', '0', '9-1'], ['XAUTOCLAIM', 's', 'g', 'i', '0', '0'], ['XAUTOCLAIM', 's', 'g', 'j', '0', '9'],
    ['XACK', 's', 'g', '4-1'], ['XGROUP', 'SETID', 's', 'g', '0'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'zz'],
    ['XGROUP', 'DESTROY', 's', 'g'], ['XGROUP', 'DESTROY', 's', 'g'], ['XSETID', 's', '10-0'], ['DEL', 's'], ['PUBLISH', '__keyevent@0__:end', 'x'],
  ]);
  const drain = async (c: typeof subA) => {
    const out: string[] = [];
    for (;;) {
      const m = await c.read();
      const s = show(m);
      out.push(s);
      if (s.includes('__keyevent@0__:end')) return out;
    }
  };
  const [a, b] = await Promise.all([drain(subA), drain(subB)]);
  assert.deepEqual(a, b);
});

test('which stream commands invalidate WATCH', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const [wa, wb] = await p.connect();
  t.after(() => { wa.close(); wb.close(); });
  await p.all([['XADD', 's', '1-1', 'a', 'b'], ['XADD', 's', '2-1', 'a', 'b'], ['XGROUP', 'CREATE', 's', 'g', '0']]);
  const cmds = [
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'], ['XACK', 's', 'g', '1-1'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'z'], ['XCLAIM', 's', 'g', 'c2', '0', '2-1'], ['XAUTOCLAIM', 's', 'g', 'c3', '0', '0'],
    ['XGROUP', 'CREATE', 's', 'g2', '0'], ['XGROUP', 'SETID', 's', 'g2', '0'], ['XGROUP', 'DELCONSUMER', 's', 'g', 'z'], ['XGROUP', 'DESTROY', 's', 'g2'],
    ['XSETID', 's', '5-5'], ['XDEL', 's', '9-9'], ['XDEL', 's', '1-1'], ['XTRIM', 's', 'MAXLEN', '5'], ['XTRIM', 's', 'MAXLEN', '0'], ['XADD', 's', '6-6', 'a', 'b'],
    ['XINFO', 'STREAM', 's'], ['XRANGE', 's', '-', '+'], ['XGROUP', 'CREATE', 's2', 'g', '$', 'MKSTREAM'], ['XADD', 's', 'NOMKSTREAM', '7-7', 'a', 'b'],
  ];
  for (const cmd of cmds) {
    await Promise.all([wa.call('WATCH', 's', 's2'), wb.call('WATCH', 's', 's2')]);
    await p.check(cmd, { note: 'watched' });
    await Promise.all([wa.call('MULTI'), wb.call('MULTI')]);
    await Promise.all([wa.call('PING'), wb.call('PING')]);
    const [x, y] = await Promise.all([wa.call('EXEC'), wb.call('EXEC')]);
    assert.deepEqual(x, y, `EXEC after ${cmd.join(' ')}: respite ${show(x)} redis ${show(y)}`);
  }
});

test('COPY, RENAME, DEL, TYPE and OBJECT ENCODING on streams; multi-stream group reads', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (let i = 1; i <= 250; i++) await p.check(['XADD', 's', `${i}-0`, 'f', String(i)]);
  await p.all([
    ['XGROUP', 'CREATE', 's', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '3', 'STREAMS', 's', '>'], ['XDEL', 's', '2-0'],
    ['COPY', 's', 'copy'], ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '2', 'STREAMS', 'copy', '>'], ['XACK', 'copy', 'g', '1-0'],
    ['XPENDING', 's', 'g'], ['XPENDING', 'copy', 'g'], ['XLEN', 'copy'], ['XRANGE', 'copy', '95', '105'], ['XREVRANGE', 'copy', '(205', '(195'],
    ['TYPE', 'copy'], ['OBJECT', 'ENCODING', 'copy'], ['RENAME', 'copy', 'moved'], ['XLEN', 'moved'], ['XADD', 'moved', '300-0', 'a', 'b'],
    ['XADD', 's2', '1-0', 'x', 'y'], ['XGROUP', 'CREATE', 's2', 'g', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'multi', 'COUNT', '2', 'STREAMS', 's', 's2', '>', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'multi', 'COUNT', '1', 'STREAMS', 's', 's2', '0', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'multi', 'STREAMS', 's', 's2', '>', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'multi', 'STREAMS', 's', 'nogroup', '>', '>'],
    ['DEL', 's', 's2', 'moved'], ['XLEN', 's'],
  ]);
  await checkMasked(p, ['XINFO', 'STREAM', 'copy']);
});

test('binary key, group and consumer names in replies and errors', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const x of NASTY.slice(0, 10)) {
    await p.all([
      ['XGROUP', 'CREATE', 'k' + x, x, '$', 'MKSTREAM'], ['XADD', 'k' + x, '1-1', x, x], ['XREADGROUP', 'GROUP', x, x, 'STREAMS', 'k' + x, '>'],
      ['XREADGROUP', 'GROUP', 'no' + x, x, 'STREAMS', 'k' + x, '>'], ['XPENDING', 'k' + x, x], ['XPENDING', 'k' + x, 'no' + x],
      ['XINFO', 'CONSUMERS', 'k' + x, 'no' + x], ['XGROUP', 'SETID', 'k' + x, 'no' + x, '0'], ['XCLAIM', 'no' + x, x, x, '0', '1-1'],
      ['XCLAIM', 'k' + x, x, x + '2', '0', '1-1', 'JUSTID'], ['XCLAIM', 'k' + x, x, x, '0', '1-1', x], ['XAUTOCLAIM', 'k' + x, 'no' + x, x, '0', '0'],
    ]);
    await checkMasked(p, ['XINFO', 'STREAM', 'k' + x, 'FULL']);
  }
});

test('seeded random sequences on large streams (node layout, trimming, radix tree)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  let ms = 1;
  let added = 0;
  for (let n = 0; n < 400; n++) {
    const x = r();
    if (x < 0.3) {
      // a pipelined burst of entries with varying shapes and sizes
      const burst = 1 + Math.floor(r() * 150);
      const cmds: string[][] = [];
      for (let i = 0; i < burst; i++) {
        ms += Math.floor(r() * 3);
        const big = r() < 0.05 ? 'v'.repeat(Math.floor(r() * 3000)) : String(Math.floor(r() * 1e6));
        const f = r() < 0.8 ? ['temp', big, 'unit', 'c'] : ['other', big];
        cmds.push(['XADD', 'L', `${ms}-${added++}`, ...f]);
      }
      for (const c of cmds) p.respite.send(c), p.redis.send(c);
      for (let i = 0; i < cmds.length; i++) {
        const [a, b] = await Promise.all([p.respite.read(), p.redis.read()]);
        assert.deepEqual(a, b, `${note}: ${cmds[i].join(' ').slice(0, 100)}`);
      }
    } else if (x < 0.45) {
      const lo = Math.floor(r() * ms), hi = lo + Math.floor(r() * 200);
      await p.check(r() < 0.5 ? ['XRANGE', 'L', String(lo), String(hi), 'COUNT', String(Math.floor(r() * 50))] : ['XREVRANGE', 'L', String(hi), String(lo)], { note });
    } else if (x < 0.6) {
      const ids: string[] = [];
      for (let i = 0; i < 1 + Math.floor(r() * 30); i++) ids.push(`${Math.floor(r() * (ms + 1))}-${Math.floor(r() * added)}`);
      await p.check(['XDEL', 'L', ...ids], { note });
      // delete a run of real entries too
      const got = await p.respite.call('XRANGE', 'L', String(Math.floor(r() * ms)), '+', 'COUNT', String(Math.floor(r() * 120)));
      await p.redis.call('XRANGE', 'L', '-', '+', 'COUNT', '1');
      if (got.t === 'array' && got.v && got.v.length > 0) {
        const del = got.v.map(e => (e.t === 'array' && e.v ? String((e.v[0] as { v: string }).v) : '0-1'));
        await p.check(['XDEL', 'L', ...del], { note });
      }
    } else if (x < 0.72) {
      const approx = r() < 0.6 ? ['~'] : [];
      const lim = approx.length && r() < 0.4 ? ['LIMIT', String(Math.floor(r() * 300))] : [];
      const cmd = r() < 0.5 ? ['XTRIM', 'L', 'MAXLEN', ...approx, String(Math.floor(r() * 800)), ...lim]
        : ['XTRIM', 'L', 'MINID', ...approx, String(Math.floor(r() * ms)), ...lim];
      await p.check(cmd, { note });
    } else if (x < 0.85) {
      await checkMasked(p, ['XINFO', 'STREAM', 'L'], mask, note + ': ');
    } else {
      await p.check(['XLEN', 'L'], { note });
    }
  }
  await checkMasked(p, ['XINFO', 'STREAM', 'L', 'FULL', 'COUNT', '50'], mask, note + ': ');
});
