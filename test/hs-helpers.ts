/** Helpers shared by the hash and set differential tests. */
import assert from 'node:assert/strict';
import type { DiffPair } from './diff.js';
import { RespConn, show, type Reply } from './resp-client.js';
import { NOTIFY_ALL, NOTIFY_KEYEVENT } from '../src/db/notify.js';

/** Sends argv to both servers and returns both replies, unchecked. */
export async function both(p: DiffPair, argv: (string | number)[]): Promise<[Reply, Reply]> {
  const a = argv.map(String);
  return Promise.all([p.respite.call(...a), p.redis.call(...a)]);
}

/** The bulk strings of an array/set reply. */
export function strs(r: Reply): string[] {
  if ((r.t === 'array' || r.t === 'set') && r.v) return r.v.map(x => (x.t === 'bulk' ? x.v ?? '<nil>' : show(x)));
  throw new Error('not an aggregate: ' + show(r));
}

/** Compares two map-like replies (RESP3 map or RESP2 flat pairs) ignoring pair order. */
export function samePairs(mine: Reply, ref: Reply, note = ''): void {
  const pairs = (r: Reply): string[] => {
    if (r.t === 'map') return r.v.map(([k, v]) => show(k) + '=>' + show(v)).sort();
    if (r.t === 'array' && r.v) {
      const out: string[] = [];
      for (let i = 0; i < r.v.length; i += 2) out.push(show(r.v[i]) + '=>' + show(r.v[i + 1]));
      return out.sort();
    }
    return [show(r)];
  };
  assert.equal(mine.t, ref.t, note + ' reply type');
  assert.deepEqual(pairs(mine), pairs(ref), note);
}

/** Checks a command whose reply holds field/value pairs in an undefined order. */
export async function checkPairs(p: DiffPair, argv: (string | number)[], note = ''): Promise<void> {
  const [m, r] = await both(p, argv);
  samePairs(m, r, `${note} ${argv.join(' ')}`);
}

/** True when Respite lacks OBJECT ENCODING (implemented by another family). */
export async function noObjectEncoding(p: DiffPair): Promise<boolean> {
  const r = await p.respite.call('OBJECT', 'ENCODING', 'nokey-probe');
  return r.t === 'error' && r.v.startsWith('ERR unknown command');
}

/**
 * Runs cmds on both servers (replies compared) and checks that the keyspace
 * events (keyevent channel + key) are the same, in the same order.
 */
export async function checkEvents(p: DiffPair, cmds: (string | number)[][], opts: { sort?: boolean; random?: (argv: (string | number)[]) => boolean } = {}): Promise<void> {
  const srv = p.respiteServer.server;
  const mine: string[] = [];
  const prevFlags = srv.notifyFlags, prevPub = srv.publishNotification;
  srv.notifyFlags = NOTIFY_ALL | NOTIFY_KEYEVENT;
  srv.publishNotification = (ch, msg) => { mine.push(`${ch} ${msg}`); };
  await p.redis.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  const sub = await RespConn.connect(p.redisServer.port);
  try {
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
    for (const c of cmds) await p.check(c, { sort: opts.sort, ignore: opts.random?.(c) });
    await p.redis.call('PUBLISH', '__keyevent@0__:zz-end', 'x');
    const ref: string[] = [];
    for (;;) {
      const r = await sub.read();
      if (r.t !== 'array' || !r.v) continue;
      const ch = (r.v[2] as { v: string }).v, msg = (r.v[3] as { v: string }).v;
      if (ch === '__keyevent@0__:zz-end') break;
      ref.push(`${ch} ${msg}`);
    }
    assert.ok(ref.length > 0, 'no events seen');
    assert.deepEqual(mine, ref, 'keyspace events differ');
  } finally {
    sub.close();
    srv.notifyFlags = prevFlags;
    srv.publishNotification = prevPub;
    await p.redis.call('CONFIG', 'SET', 'notify-keyspace-events', '');
  }
}

/**
 * Compares the encoding of key: through OBJECT ENCODING when Respite has it,
 * otherwise Respite's in-process value.encoding() against Redis's reply.
 */
export async function checkEncoding(p: DiffPair, key: string, note = ''): Promise<void> {
  if (!(await noObjectEncoding(p))) { await p.check(['OBJECT', 'ENCODING', key], { note }); return; }
  const ref = await p.redis.call('OBJECT', 'ENCODING', key);
  const v = p.respiteServer.server.dbs[0].main.get(key);
  const mine = v === undefined ? null : typeof v === 'string' ? 'string' : v.encoding();
  const want = ref.t === 'bulk' ? ref.v : null;
  assert.equal(mine, want, `${note} encoding of ${JSON.stringify(key)}`);
}
