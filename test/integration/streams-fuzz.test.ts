/**
 * Random stream commands with random arguments against Respite alone: no
 * reply may be an internal error (a handler exception) and the server must
 * keep answering.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRespite } from '../servers.js';
import { RespConn, show } from '../resp-client.js';
import { rng, testSeed } from '../diff.js';

const CMDS = [['XADD'], ['XLEN'], ['XRANGE'], ['XREVRANGE'], ['XDEL'], ['XTRIM'], ['XREAD'], ['XREADGROUP'], ['XACK'], ['XPENDING'],
  ['XCLAIM'], ['XAUTOCLAIM'], ['XSETID'], ['XGROUP', 'CREATE'], ['XGROUP', 'SETID'], ['XGROUP', 'DESTROY'], ['XGROUP', 'CREATECONSUMER'],
  ['XGROUP', 'DELCONSUMER'], ['XINFO', 'STREAM'], ['XINFO', 'GROUPS'], ['XINFO', 'CONSUMERS']];
const ATOMS = ['s', 's', 'g', 'c', '0', '1', '-1', '*', '$', '>', '-', '+', '(1', '(', '1-1', '2-*', '0-0', '18446744073709551615-18446744073709551615',
  '18446744073709551615', '9007199254740993-1', 'MAXLEN', 'MINID', '~', '=', 'LIMIT', 'NOMKSTREAM', 'COUNT', 'BLOCK', 'STREAMS', 'GROUP',
  'NOACK', 'MKSTREAM', 'ENTRIESREAD', 'IDLE', 'TIME', 'RETRYCOUNT', 'FORCE', 'JUSTID', 'LASTID', 'FULL', 'ENTRIESADDED', 'MAXDELETEDID',
  '', '\0', 'x'.repeat(200), '99999999999999999999', '-9223372036854775808'];

test('random stream commands never raise internal errors', async () => {
  const seed = testSeed();
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const srv = await startRespite();
  const c = await RespConn.connect(srv.port);
  try {
    for (let i = 0; i < 4000; i++) {
      const argv = [...pick(CMDS)];
      const n = Math.floor(r() * 9);
      for (let j = 0; j < n; j++) argv.push(pick(ATOMS));
      // never block forever
      for (let j = 0; j < argv.length; j++) if (argv[j] === 'BLOCK') argv[j + 1] = '1';
      if (argv[0] === 'XADD' && r() < 0.5) argv.push('f', 'v');
      const rep = await c.call(...argv);
      assert.ok(!(rep.t === 'error' && rep.v.includes('internal error')), `seed ${seed}: ${argv.join(' ')} -> ${show(rep)}`);
    }
    assert.deepEqual(await c.call('PING'), { t: 'simple', v: 'PONG' });
  } finally {
    c.close();
    await srv.close();
  }
});
