/**
 * Long-running scripts: past busy-reply-threshold other clients get -BUSY,
 * SCRIPT KILL / FUNCTION KILL stop scripts that have not written, scripts
 * that wrote are UNKILLABLE, the caller's pipelined commands wait, and
 * blocked clients are served only after the script.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRespite } from '../servers.js';
import { RespConn, type Reply } from '../resp-client.js';
import { sha1hex } from '../../src/scripting/api.js';

const BUSY_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
const BUSY_FN = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
const UNKILLABLE = 'UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.';

const err = (v: string): Reply => ({ t: 'error', v });

/** Polls with PING until the server answers BUSY (the script has timed out). */
async function waitBusy(c: RespConn): Promise<Reply> {
  for (;;) {
    const r = await c.call('PING');
    if (r.t === 'error') return r;
    await new Promise(res => setTimeout(res, 10));
  }
}

test('BUSY replies and SCRIPT KILL for a long EVAL', async (t) => {
  const s = await startRespite({ busyReplyThreshold: 100 });
  t.after(() => s.close());
  const a = await RespConn.connect(s.port), b = await RespConn.connect(s.port);
  t.after(() => { a.close(); b.close(); });
  const body = 'local i = 0 while true do i = i + 1 end';
  const running = a.call('EVAL', body, '0');
  const pipelined = a.call('PING');
  assert.deepEqual(await waitBusy(b), err(BUSY_EVAL));
  assert.deepEqual(await b.call('GET', 'x'), err(BUSY_EVAL));
  assert.deepEqual(await b.call('FUNCTION', 'KILL'), err(BUSY_EVAL));
  assert.deepEqual(await b.call('FUNCTION', 'STATS'), err(BUSY_EVAL));
  assert.deepEqual(await b.call('MULTI'), { t: 'simple', v: 'OK' });
  assert.deepEqual(await b.call('SET', 'x', '1'), err(BUSY_EVAL));
  assert.deepEqual(await b.call('DISCARD'), { t: 'simple', v: 'OK' });
  assert.deepEqual(await b.call('SCRIPT', 'KILL'), { t: 'simple', v: 'OK' });
  assert.deepEqual(await running, err(`ERR Script killed by user with SCRIPT KILL... script: ${sha1hex(body)}, on @user_script:1.`));
  assert.deepEqual(await pipelined, { t: 'simple', v: 'PONG' });
  assert.deepEqual(await b.call('SCRIPT', 'KILL'), err('NOTBUSY No scripts in execution right now.'));
  assert.deepEqual(await b.call('PING'), { t: 'simple', v: 'PONG' });
});

test('a script that wrote is UNKILLABLE; blocked clients are served after it', async (t) => {
  const s = await startRespite({ busyReplyThreshold: 100 });
  t.after(() => s.close());
  const a = await RespConn.connect(s.port), b = await RespConn.connect(s.port), w = await RespConn.connect(s.port);
  t.after(() => { a.close(); b.close(); w.close(); });
  let served = false;
  const waiter = w.call('BLPOP', 'q', '0').then(r => { served = true; return r; });
  await new Promise(res => setTimeout(res, 50));
  const running = a.call('EVAL', 'redis.call("rpush", KEYS[1], "job") while true do end', '1', 'q');
  assert.deepEqual(await waitBusy(b), err(BUSY_EVAL));
  assert.deepEqual(await b.call('SCRIPT', 'KILL'), err(UNKILLABLE));
  assert.deepEqual(await b.call('LLEN', 'q'), err(BUSY_EVAL));
  assert.equal(served, false);
  // end the script from inside the server (a real deployment would SHUTDOWN NOSAVE)
  const ctx = s.server.scripting.current;
  assert.ok(ctx && ctx.writeDirty);
  ctx.killed = true;
  const r = await running;
  assert.equal(r.t, 'error');
  assert.deepEqual(await waiter, { t: 'array', v: [{ t: 'bulk', v: 'q' }, { t: 'bulk', v: 'job' }] });
  assert.deepEqual(await b.call('LLEN', 'q'), { t: 'int', v: '0' });
});

test('FUNCTION KILL and FUNCTION STATS for a long FCALL', async (t) => {
  const s = await startRespite({ busyReplyThreshold: 100 });
  t.after(() => s.close());
  const a = await RespConn.connect(s.port), b = await RespConn.connect(s.port);
  t.after(() => { a.close(); b.close(); });
  await a.call('FUNCTION', 'LOAD', '#!lua name=busy\nredis.register_function("spin", function() while true do end end)');
  const running = a.call('FCALL', 'spin', '0');
  assert.deepEqual(await waitBusy(b), err(BUSY_FN));
  assert.deepEqual(await b.call('SCRIPT', 'KILL'), err(BUSY_FN));
  const st = await b.call('FUNCTION', 'STATS');
  assert.equal(st.t, 'array');
  const running0 = (st as { v: Reply[] }).v[1] as { v: Reply[] };
  assert.deepEqual(running0.v.slice(0, 4), [{ t: 'bulk', v: 'name' }, { t: 'bulk', v: 'spin' }, { t: 'bulk', v: 'command' },
    { t: 'array', v: [{ t: 'bulk', v: 'FCALL' }, { t: 'bulk', v: 'spin' }, { t: 'bulk', v: '0' }] }]);
  assert.deepEqual(await b.call('FUNCTION', 'KILL'), { t: 'simple', v: 'OK' });
  assert.deepEqual(await running, err('ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.'));
  assert.deepEqual(await a.call('FCALL', 'spin', 'x'), err('ERR Bad number of keys provided'));
});

test('a short script is never interrupted and pcall cannot catch a kill', async (t) => {
  const s = await startRespite({ busyReplyThreshold: 100 });
  t.after(() => s.close());
  const a = await RespConn.connect(s.port), b = await RespConn.connect(s.port);
  t.after(() => { a.close(); b.close(); });
  assert.deepEqual(await a.call('EVAL', 'local n = 0 for i = 1, 100000 do n = n + i end return n', '0'), { t: 'int', v: '5000050000' });
  const running = a.call('EVAL', 'while true do pcall(function() while true do end end) end', '0');
  await waitBusy(b);
  assert.deepEqual(await b.call('SCRIPT', 'KILL'), { t: 'simple', v: 'OK' });
  const r = await running;
  assert.equal(r.t, 'error');
  assert.match((r as { v: string }).v, /^ERR Script killed by user with SCRIPT KILL\.\.\. script: /);
});

test('SHUTDOWN needs NOSAVE while a script is busy', async (t) => {
  const s = await startRespite({ luaTimeLimit: 100 });
  t.after(() => s.close());
  const a = await RespConn.connect(s.port), b = await RespConn.connect(s.port);
  t.after(() => { a.close(); b.close(); });
  void a.call('EVAL', 'redis.call("set", "k", "v") while true do end', '0').catch(() => {});
  assert.deepEqual(await waitBusy(b), err(BUSY_EVAL));
  assert.deepEqual(await b.call('SHUTDOWN'), err(BUSY_EVAL));
  assert.deepEqual(await b.call('SCRIPT', 'KILL'), err(UNKILLABLE));
  b.send(['SHUTDOWN', 'NOSAVE']);
  assert.equal(await b.waitClose(5000), true);
  assert.equal(await a.waitClose(5000), true);
  assert.equal(s.server.shuttingDown, true);
});
