/** Client-side caching (CLIENT TRACKING) compared with real Redis, several connections per server. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { RespConn, show, type Reply } from '../resp-client.js';

const skip = skipRedis();

/** A connection opened on both servers; calls return both replies after checking they match. */
class Both {
  constructor(readonly m: RespConn, readonly r: RespConn, readonly name: string) {}
  static async open(p: DiffPair, name: string): Promise<Both> { const [m, r] = await p.connect(); return new Both(m, r, name); }
  async call(...argv: string[]): Promise<Reply> {
    const [a, b] = await Promise.all([this.m.call(...argv), this.r.call(...argv)]);
    assert.deepEqual(a, b, `${this.name}: ${argv.join(' ')}\n  respite: ${show(a)}\n  redis:   ${show(b)}`);
    return a;
  }
  /** Reads one pending message from each side (after a short wait) and compares. */
  async read(note: string): Promise<Reply> {
    const [a, b] = await Promise.all([this.m.read(1000), this.r.read(1000)]);
    assert.deepEqual(a, b, `${this.name}: ${note}\n  respite: ${show(a)}\n  redis:   ${show(b)}`);
    return a;
  }
  close(): void { this.m.close(); this.r.close(); }
}

async function clientId(b: Both): Promise<[string, string]> {
  const [a, r] = await Promise.all([b.m.call('CLIENT', 'ID'), b.r.call('CLIENT', 'ID')]);
  return [(a as { v: string }).v, (r as { v: string }).v];
}

test('CLIENT TRACKING option errors and TRACKINGINFO match Redis', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['CLIENT', 'TRACKING', 'maybe'], ['CLIENT', 'TRACKING', 'on', 'foo'], ['CLIENT', 'TRACKING', 'on', 'PREFIX', 'a'],
    ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'a', 'PREFIX', 'ab'], ['CLIENT', 'TRACKING', 'on', 'REDIRECT', '999999'],
    ['CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT'], ['CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTIN'],
    ['CLIENT', 'CACHING', 'yes'], ['CLIENT', 'TRACKINGINFO'], ['CLIENT', 'GETREDIR'],
    ['CLIENT', 'TRACKING', 'on', 'OPTIN'], ['CLIENT', 'CACHING', 'no'], ['CLIENT', 'CACHING', 'maybe'], ['CLIENT', 'CACHING', 'yes'],
    ['CLIENT', 'TRACKINGINFO'], ['CLIENT', 'TRACKING', 'on', 'BCAST'], ['CLIENT', 'TRACKING', 'on', 'OPTOUT'], ['CLIENT', 'GETREDIR'],
    ['CLIENT', 'TRACKING', 'off'], ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'x', 'NOLOOP'],
    ['CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'xy'], ['CLIENT', 'TRACKINGINFO'], ['CLIENT', 'TRACKING', 'off'], ['CLIENT', 'TRACKINGINFO'],
  ]);
});

test('default-mode invalidations over RESP3, and flush invalidates everything', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const a = await Both.open(p, 'a'), b = await Both.open(p, 'b');
  await Promise.all([a.m.call('HELLO', '3'), a.r.call('HELLO', '3')]);
  await a.call('CLIENT', 'TRACKING', 'on');
  await a.call('GET', 'k1');
  await a.call('MGET', 'k2', 'k3');
  await b.call('SET', 'k1', 'x');
  await a.read('invalidate k1');
  await b.call('MSET', 'k2', '1', 'k3', '2');
  await a.read('invalidate k2');
  await a.read('invalidate k3');
  await b.call('SET', 'k1', 'y'); // no longer tracked: nothing
  await a.call('PING');
  await a.call('GET', 'k1');
  await b.call('FLUSHALL');
  await a.read('flush invalidation');
  await a.call('PING');
  a.close(); b.close();
});

test('BCAST prefixes, NOLOOP, and RESP2 redirection to __redis__:invalidate', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const a = await Both.open(p, 'a'), b = await Both.open(p, 'b');
  await Promise.all([a.m.call('HELLO', '3'), a.r.call('HELLO', '3')]);
  await a.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'p:', 'NOLOOP');
  await b.call('SET', 'p:1', 'x');
  await a.read('bcast p:1');
  await b.call('SET', 'q:1', 'x');
  await a.call('SET', 'p:2', 'x'); // NOLOOP: nothing for a
  await a.call('PING');
  const sub = await Both.open(p, 'sub'), d = await Both.open(p, 'd');
  const [mid, rid] = await clientId(sub);
  await sub.call('SUBSCRIBE', '__redis__:invalidate');
  const [x, y] = await Promise.all([d.m.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', mid, 'OPTIN'), d.r.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', rid, 'OPTIN')]);
  assert.deepEqual(x, y);
  await d.call('GET', 'o1');
  await d.call('CLIENT', 'CACHING', 'yes');
  await d.call('GET', 'o2');
  await b.call('SET', 'o1', '1');
  await b.call('SET', 'o2', '1');
  await sub.read('redirected invalidation of o2 only');
  await b.call('FLUSHALL');
  await sub.read('redirected flush');
  sub.close();
  await new Promise(r => setTimeout(r, 50));
  await d.call('GET', 'x');
  a.close(); b.close(); d.close();
});
