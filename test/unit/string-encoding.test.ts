import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRespite } from '../servers.js';
import { RespConn } from '../resp-client.js';
import { stringEncoding, getStringFlag, setStringFlag } from '../../src/commands/strings.js';
import { swapDatabases } from '../../src/commands/keys.js';

test('string encoding side table follows values, SWAPDB and moves', async (t) => {
  const s = await startRespite();
  t.after(() => s.close());
  const c = await RespConn.connect(s.port);
  t.after(() => c.close());
  const [db0, db1] = s.server.dbs;
  const enc = (db = db0, key = 'k') => stringEncoding(db, key, db.main.get(key) as string);
  await c.call('APPEND', 'k', '12'); // creating: a plain new value
  assert.equal(enc(), 'int');
  await c.call('APPEND', 'k', '');
  assert.equal(enc(), 'raw');
  db0.setExpire('k', Date.now() + 100000);
  db0.touched('k'); // a TTL change keeps the object, and so the encoding
  assert.equal(enc(), 'raw');
  await c.call('SET', 'k', '12'); // same bytes, fresh object
  assert.equal(enc(), 'int');
  await c.call('APPEND', 'k', '3');
  db0.set('k', 'other'); // any other writer replacing the value drops the flag
  assert.equal(getStringFlag(db0, 'k'), undefined);
  assert.equal(enc(), 'embstr');
  await c.call('SETRANGE', 'k', '0', 'x');
  swapDatabases(s.server, db0, db1); // SWAPDB carries the table with the keyspace
  assert.equal(enc(db1), 'raw');
  assert.equal(getStringFlag(db0, 'k'), undefined);
  swapDatabases(s.server, db0, db1);
  // a family moving a value (RENAME) can carry the flag over explicitly
  const f = getStringFlag(db0, 'k');
  const v = db0.main.get('k')!;
  db0.delete('k');
  db0.set('k2', v);
  setStringFlag(db0, 'k2', f);
  assert.equal(enc(db0, 'k2'), 'raw');
  assert.equal(getStringFlag(db0, 'k'), undefined);
  await c.call('INCRBYFLOAT', 'f', '2');
  assert.equal(enc(db0, 'f'), 'embstr');
  await c.call('INCR', 'f');
  assert.equal(enc(db0, 'f'), 'int');
});
