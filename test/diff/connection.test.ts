import { test, before, after } from 'node:test';
import { diffPair, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';

const skip = skipRedis();

test('connection commands match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['PING'], ['PING', 'hello'], ['PING', 'a', 'b'], ['ping', ''], ['ECHO', 'x\r\ny\0'], ['ECHO'], ['echo', 'a', 'b'],
    ['SELECT', '1'], ['SELECT', '16'], ['SELECT', '-1'], ['SELECT', 'x'], ['SELECT', '01'], ['SELECT', '0'],
    ['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'a', 'b', 'c'],
    ['HELLO', '4'], ['HELLO', 'x'], ['HELLO', '2', 'FOO'], ['HELLO', '2', 'SETNAME', 'a b'], ['HELLO', '2', 'AUTH', 'default'],
    ['NOSUCHCOMMAND'], ['nosuch', 'a', 'b', 'x'.repeat(200)], ['GET'], ['get', 'a', 'b'],
  ]);
  // HELLO replies differ only by client id
  const mine = await p.respite.call('HELLO', '3');
  const ref = await p.redis.call('HELLO', '3');
  const strip = (r: typeof mine) => JSON.stringify(r).replace(/"id"\},\{"t":"int","v":"\d+"/, '');
  if (strip(mine) !== strip(ref)) throw new Error(`HELLO 3 differs: ${JSON.stringify(mine)} vs ${JSON.stringify(ref)}`);
  await p.all([['PING'], ['PING', 'x']]);
});

test('requirepass: NOAUTH, AUTH, HELLO AUTH match Redis', { skip }, async (t) => {
  const p = await diffPair({ respite: { requirepass: 'sekret' }, redis: ['--requirepass', 'sekret'] });
  t.after(() => p.close());
  await p.all([
    ['GET', 'x'], ['PING'], ['NOSUCH'], ['HELLO', '3'], ['AUTH', 'wrong'], ['AUTH', 'default', 'wrong'],
    ['HELLO', '2', 'AUTH', 'default', 'bad'], ['AUTH', 'sekret'], ['GET', 'x'], ['AUTH', 'default', 'sekret'], ['RESET'], ['GET', 'x'],
  ]);
});
