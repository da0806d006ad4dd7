import { test } from 'node:test';
import { diffPair, rng, testSeed, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';

const skip = skipRedis();

/*
 * Lists, sets and hashes come from other families; these tests sort sorted
 * sets (and check the stored lists by sorting them again with BY nosort).
 * Ties that Redis breaks by hash-table order (ALPHA with equal BY values) are
 * avoided on purpose.
 */

async function seed(p: DiffPair): Promise<void> {
  await p.all([
    ['ZADD', 'z', '1', '3', '2', '1', '3', '2', '4', '10', '5', '-5', '6', '2.5'],
    ['ZADD', 'za', '1', 'banana', '2', 'apple', '3', 'cherry', '4', 'Apple', '5', 'b\0z', '6', 'c\0a'],
    ['SET', 'w_3', '30'], ['SET', 'w_1', '10'], ['SET', 'w_2', '20'], ['SET', 'w_10', '5'], ['SET', 'w_-5', '7'], ['SET', 'w_2.5', '25'],
    ['SET', 'n_3', 'three'], ['SET', 'n_1', 'one'], ['SET', 'n_2', 'two'], ['SET', 'n_10', 'ten'], ['SET', 'n_-5', 'minus five'],
    ['SET', 'a_banana', 'b'], ['SET', 'a_apple', 'c'], ['SET', 'a_cherry', 'a'], ['SET', 'a_Apple', 'd'], ['SET', 'a_b\0z', 'e'], ['SET', 'a_c\0a', 'f'],
    ['ZADD', 'bad', '1', '1', '2', 'x'], ['SET', 'str', 'v'], ['SET', 'ww_1', 'notnum'], ['ZADD', 'one', '1', '1'],
  ]);
}

test('sort: options on sorted sets', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await seed(p);
  await p.all([
    ['SORT', 'z'], ['SORT', 'z', 'DESC'], ['SORT', 'z', 'ASC'], ['SORT', 'z', 'LIMIT', '1', '3'], ['SORT', 'z', 'LIMIT', '-5', '2'], ['SORT', 'z', 'LIMIT', '10', '2'],
    ['SORT', 'z', 'LIMIT', '2', '-1'], ['SORT', 'z', 'LIMIT', '0', '0'], ['SORT', 'z', 'LIMIT', 'x', '1'], ['SORT', 'z', 'LIMIT', '1'], ['SORT', 'z', 'ALPHA'], ['SORT', 'z', 'ALPHA', 'DESC'],
    ['SORT', 'z', 'BY', 'nosort'], ['SORT', 'z', 'BY', 'nosort', 'DESC'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '2'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '3'],
    ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '4', '10'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '9', '10'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '5', '10'],
    ['SORT', 'z', 'BY', 'w_*'], ['SORT', 'z', 'BY', 'w_*', 'DESC'], ['SORT', 'z', 'BY', 'w_*', 'LIMIT', '1', '2'], ['SORT', 'z', 'BY', 'w_*', 'GET', '#', 'GET', 'n_*'],
    ['SORT', 'z', 'BY', 'n_*', 'ALPHA', 'GET', 'n_*', 'LIMIT', '0', '5'], ['SORT', 'z', 'GET', 'n_*'], ['SORT', 'z', 'GET', '#'], ['SORT', 'z', 'GET', 'nostar'], ['SORT', 'z', 'GET', 'n_*->f'],
    ['SORT', 'z', 'GET', 'w_*', 'GET', '#', 'DESC', 'LIMIT', '0', '3'], ['SORT', 'z', 'BY', 'n_*'], ['SORT', 'z', 'BY', 'missing_*'], ['SORT', 'z', 'BY', 'w_*->field'],
    ['SORT', 'za'], ['SORT', 'za', 'ALPHA'], ['SORT', 'za', 'ALPHA', 'DESC'], ['SORT', 'za', 'BY', 'a_*', 'ALPHA'], ['SORT', 'za', 'BY', 'a_*', 'ALPHA', 'DESC', 'GET', '#', 'GET', 'a_*'],
    ['SORT', 'za', 'BY', 'nosort', 'GET', 'a_*'],
    ['SORT', 'bad'], ['SORT', 'bad', 'ALPHA'], ['SORT', 'z', 'BY', 'ww_*'], ['SORT', 'one', 'BY', 'ww_*'],
    ['SORT', 'nokey'], ['SORT', 'nokey', 'BY', 'w_*', 'GET', '#'], ['SORT', 'str'], ['SORT', 'str', 'foo'], ['SORT', 'z', 'foo'], ['SORT', 'z', 'GET'], ['SORT', 'z', 'BY'], ['SORT', 'z', 'STORE'],
    ['SORT_RO', 'z'], ['SORT_RO', 'z', 'BY', 'w_*', 'GET', '#', 'GET', 'n_*', 'DESC'], ['SORT_RO', 'z', 'STORE', 'x'], ['SORT_RO', 'str'], ['SORT_RO', 'za', 'ALPHA', 'LIMIT', '1', '2'],
  ]);
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([['SORT', 'z', 'GET', 'n_*'], ['SORT', 'z', 'BY', 'w_*', 'GET', 'nostar'], ['SORT', 'nokey']]);
});

test('sort: STORE', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await seed(p);
  await p.all([
    ['SORT', 'z', 'STORE', 'dst'], ['SORT', 'dst', 'BY', 'nosort'], ['SORT', 'z', 'DESC', 'LIMIT', '1', '2', 'STORE', 'dst'], ['SORT', 'dst', 'BY', 'nosort'],
    ['SORT', 'z', 'BY', 'w_*', 'GET', '#', 'GET', 'n_*', 'STORE', 'dst'], ['SORT', 'dst', 'BY', 'nosort'], ['SORT', 'dst'],
    ['SORT', 'za', 'ALPHA', 'STORE', 'dst'], ['SORT', 'dst', 'BY', 'nosort'], ['SORT', 'dst', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'],
    ['SORT', 'nokey', 'STORE', 'dst'], ['SORT', 'dst'], ['SORT', 'z', 'LIMIT', '0', '0', 'STORE', 'dst2'], ['SORT', 'dst2'],
    ['SORT', 'bad', 'STORE', 'dst3'], ['SORT', 'dst3'], ['SORT', 'z', 'STORE', 'str'], ['GET', 'str'], ['SORT', 'str', 'BY', 'nosort'],
  ]);
});

test('sort: seeded random SORT invocations', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const s = testSeed();
  const r = rng(s);
  const note = `seed ${s}`;
  // distinct weights, so no tie is left to hash-table order
  const ms: string[] = [];
  const args: string[] = [];
  for (let i = 0; i < 40; i++) {
    const m = String(Math.floor(r() * 1000) - 300) + (r() < 0.2 ? '.5' : '');
    if (ms.includes(m)) continue;
    ms.push(m);
    args.push(String(Math.floor(r() * 50)), m);
  }
  await p.check(['ZADD', 'rz', ...args], { note });
  const perm = ms.map((_, i) => i).sort(() => r() - 0.5);
  for (let i = 0; i < ms.length; i++) {
    await p.check(['SET', 'w_' + ms[i], String(perm[i])], { note });
    await p.check(['SET', 'v_' + ms[i], 'val' + String(perm[i]).padStart(3, '0')], { note });
  }
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  for (let i = 0; i < 300; i++) {
    const cmd = [pick(['SORT', 'SORT_RO']), 'rz'];
    if (r() < 0.4) cmd.push('BY', pick(['w_*', 'nosort', 'v_*']));
    if (r() < 0.4) cmd.push('LIMIT', String(Math.floor(r() * 50) - 5), String(Math.floor(r() * 20) - 2));
    if (r() < 0.3) cmd.push('GET', pick(['#', 'v_*', 'w_*', 'none_*']));
    if (r() < 0.2) cmd.push('GET', '#');
    if (r() < 0.5) cmd.push(pick(['ASC', 'DESC']));
    if (r() < 0.4 && cmd.includes('v_*')) cmd.push('ALPHA');
    else if (r() < 0.2 && !cmd.includes('w_*')) cmd.push('ALPHA');
    await p.check(cmd, { note });
  }
});
