import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { diffPair, type DiffPair } from '../diff.js';
import { skipRedis, startRespite } from '../servers.js';
import { RespConn, type Reply } from '../resp-client.js';
import { genInfo } from '../../src/commands/info.js';

const skip = skipRedis();

function text(r: Reply): string {
  if (r.t !== 'bulk' && r.t !== 'verbatim') throw new Error('INFO reply is ' + r.t);
  return r.v ?? '';
}

/** Section title -> field names, in order. */
function parse(info: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const line of info.split('\r\n')) {
    if (line.startsWith('# ')) { cur = []; out.set(line.slice(2), cur); continue; }
    if (line === '' || cur === null) continue;
    cur.push(line.slice(0, line.indexOf(':')));
  }
  return out;
}

function field(info: string, name: string): string | undefined {
  for (const line of info.split('\r\n')) if (line.startsWith(name + ':')) return line.slice(name.length + 1);
  return undefined;
}

async function info(c: RespConn, ...sections: string[]): Promise<string> {
  return text(await c.call('INFO', ...sections));
}

/** Fields whose presence depends on what ran (one line per command / error / database). */
const DYNAMIC = /^(cmdstat_|latency_percentiles_usec_|errorstat_|db\d+$)/;

test('INFO sections and field names, in order, match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.check(['CONFIG', 'RESETSTAT']);
  await p.all([['SET', 'a', '1'], ['GET', 'a'], ['GET', 'b'], ['NOSUCH'], ['GET']]);
  for (const args of [[], ['default'], ['all'], ['everything'], ['server', 'clients'], ['CPU', 'cpu'], ['Keyspace', 'server'],
    ['commandstats'], ['errorstats', 'latencystats'], ['nosuch'], ['default', 'commandstats'], ['memory', 'nosuch', 'stats']]) {
    const mine = parse(await info(p.respite, ...args));
    const ref = parse(await info(p.redis, ...args));
    assert.deepEqual([...mine.keys()], [...ref.keys()], `sections of INFO ${args.join(' ')}`);
    for (const [sect, names] of ref) {
      const m = mine.get(sect)!.filter(n => n !== 'respite_version' && !DYNAMIC.test(n));
      const r = names.filter(n => !DYNAMIC.test(n));
      assert.deepEqual(m, r, `fields of section ${sect}`);
    }
  }
  // The per-command, per-error and per-database lines name the same things (order aside).
  const dyn = (s: string) => s.split('\r\n').filter(l => DYNAMIC.test(l.split(':')[0])).map(l => l.split(':')[0]).sort();
  assert.deepEqual(dyn(await info(p.respite, 'everything')), dyn(await info(p.redis, 'everything')));
  // Exact format: CRLF line ends, one blank line between sections, no trailing blank line.
  const all = await info(p.respite, 'everything');
  assert.ok(all.startsWith('# Server\r\n'));
  assert.ok(!/[^\r]\n/.test(all), 'every line ends with CRLF');
  assert.ok(all.endsWith('\r\n') && !all.endsWith('\r\n\r\n'));
  assert.equal(all.split('\r\n\r\n#').length, 13);
});

test('INFO reply types and errorstats / keyspace text match Redis', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.check(['CONFIG', 'RESETSTAT']);
  await p.all([['INFO', 'nosuch'], ['INFO', 'errorstats'], ['INFO', 'keyspace']]);
  await p.all([['SET', 'a', '1'], ['SET', 'b', '2'], ['NOSUCH'], ['GET'], ['CONFIG', 'SET', 'x', 'y'], ['SELECT', '3'], ['SET', 'c', '\0'],
    ['AUTH', 'x'], ['SELECT', '0']]);
  await p.all([['INFO', 'errorstats'], ['INFO', 'keyspace'], ['INFO', 'keyspace', 'errorstats'], ['info', 'ERRORSTATS']]);
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([['INFO', 'nosuch'], ['INFO', 'errorstats'], ['INFO', 'keyspace']]);
  // commandstats: same calls / rejected / failed counts
  const strip = (s: string) => s.split('\r\n').filter(l => l.startsWith('cmdstat_')).map(l => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, '')).sort();
  assert.deepEqual(strip(await info(p.respite, 'commandstats')), strip(await info(p.redis, 'commandstats')));
  const [r, ref] = [await p.respite.call('INFO'), await p.redis.call('INFO')];
  assert.equal(r.t, 'verbatim');
  assert.equal(ref.t, 'verbatim');
});

test('INFO figures are true after known operations', async (t) => {
  const s = await startRespite({});
  t.after(() => s.close());
  const c = await RespConn.connect(s.port);
  t.after(() => c.close());
  let i = await info(c, 'everything');
  assert.equal(field(i, 'redis_version'), '7.0.15');
  const pkg = JSON.parse(fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../package.json'), 'utf8'));
  assert.equal(field(i, 'respite_version'), pkg.version);
  assert.equal(field(i, 'tcp_port'), String(s.port));
  assert.equal(field(i, 'process_id'), String(process.pid));
  assert.equal(field(i, 'run_id')!.length, 40);
  assert.equal(field(i, 'connected_clients'), '1');
  assert.equal(field(i, 'blocked_clients'), '0');
  assert.match(field(i, 'used_memory')!, /^\d+$/);
  assert.ok(Number(field(i, 'used_memory')) > 0);
  assert.match(field(i, 'used_memory_human')!, /^\d+(\.\d\d[KMGTPE])?B?$/);
  assert.match(field(i, 'used_cpu_user')!, /^\d+\.\d{6}$/);
  assert.equal(field(i, 'config_file'), '');
  assert.equal(field(i, 'maxclients'), '10000');
  assert.equal(field(i, 'cluster_enabled'), '0');
  assert.equal(field(i, 'role'), 'master');

  // commands, hits, misses, errors
  const before = Number(field(i, 'total_commands_processed'));
  await c.call('SET', 'k', 'v');
  await c.call('GET', 'k');
  await c.call('GET', 'k');
  await c.call('GET', 'missing');
  await c.call('GET');
  await c.call('NOSUCH');
  i = await info(c, 'everything');
  assert.equal(Number(field(i, 'total_commands_processed')), before + 1 /* INFO */ + 4);
  assert.equal(field(i, 'keyspace_hits'), '2');
  assert.equal(field(i, 'keyspace_misses'), '1');
  assert.equal(field(i, 'total_error_replies'), '2');
  assert.equal(field(i, 'errorstat_ERR'), 'count=2');
  assert.match(field(i, 'cmdstat_get')!, /^calls=3,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0$/);
  assert.match(field(i, 'cmdstat_info')!, /^calls=1,/);
  assert.match(field(i, 'latency_percentiles_usec_get')!, /^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$/);
  assert.equal(field(i, 'db0'), 'keys=1,expires=0,avg_ttl=0');

  // subcommands appear as parent|sub
  await c.call('CONFIG', 'GET', 'hz');
  assert.match(field(await info(c, 'commandstats'), 'cmdstat_config|get')!, /^calls=1,/);

  // expiry: a key with a TTL, and one that has expired (lazy expiry on access)
  const db = s.server.dbs[0];
  db.set('e1', 'x'); db.setExpire('e1', Date.now() + 100000);
  db.set('e2', 'x'); db.setExpire('e2', Date.now() - 1);
  await c.call('GET', 'e2');
  i = await info(c, 'everything');
  assert.equal(field(i, 'expired_keys'), '1');
  const ks = /^keys=2,expires=1,avg_ttl=(\d+)$/.exec(field(i, 'db0')!);
  assert.ok(ks, field(i, 'db0'));
  assert.ok(Number(ks![1]) > 90000 && Number(ks![1]) <= 100000, 'avg_ttl ' + ks![1]);

  // clients: connected and blocked
  const c2 = await RespConn.connect(s.port);
  await c2.call('PING');
  i = await info(c, 'clients');
  assert.equal(field(i, 'connected_clients'), '2');
  const other = [...s.server.clients.values()].find(x => x.id !== [...s.server.clients.values()][0].id)!;
  s.server.blocking.block(other, { db, keys: ['q'], deadline: Date.now() + 60000, serve: () => false, timeout: () => {} });
  i = await info(c, 'clients');
  assert.equal(field(i, 'blocked_clients'), '1');
  assert.equal(field(i, 'clients_in_timeout_table'), '1');
  s.server.blocking.unblock(other);
  c2.close();

  // network byte counters move by exactly what was exchanged
  i = await info(c, 'stats');
  const in1 = Number(field(i, 'total_net_input_bytes')), out1 = Number(field(i, 'total_net_output_bytes'));
  const reply1 = Buffer.byteLength(`$${Buffer.byteLength(i, 'latin1')}\r\n`, 'latin1') + Buffer.byteLength(i, 'latin1') + 2;
  await c.call('PING');
  const i2 = await info(c, 'stats');
  const in2 = Number(field(i2, 'total_net_input_bytes')), out2 = Number(field(i2, 'total_net_output_bytes'));
  assert.equal(in2 - in1, RespConn.encode(['PING']).length + RespConn.encode(['INFO', 'stats']).length);
  assert.equal(out2 - out1, reply1 + '+PONG\r\n'.length);

  // instantaneous ops: sampled every 100 ms from the cron
  for (let k = 0; k < 100; k++) await c.call('PING');
  await new Promise(r => setTimeout(r, 350));
  i = await info(c, 'stats');
  assert.ok(Number(field(i, 'instantaneous_ops_per_sec')) > 0, 'instantaneous_ops_per_sec ' + field(i, 'instantaneous_ops_per_sec'));

  // CONFIG RESETSTAT zeroes the counters
  await c.call('CONFIG', 'RESETSTAT');
  i = await info(c, 'everything');
  assert.equal(field(i, 'keyspace_hits'), '0');
  assert.equal(field(i, 'total_error_replies'), '0');
  assert.equal(field(i, 'cmdstat_get'), undefined);
  assert.match(field(i, 'cmdstat_config|resetstat')!, /^calls=1,/);
});

test('the infoFields registry adds and overrides fields', async (t) => {
  const s = await startRespite({});
  t.after(() => s.close());
  s.server.infoFields.field('clients', 'tracking_clients', () => 7);
  s.server.infoFields.field('stats', 'respite_test_field', () => 'x');
  const i = genInfo(s.server, ['clients', 'stats']);
  assert.equal(field(i, 'tracking_clients'), '7');
  const stats = i.slice(i.indexOf('# Stats'));
  assert.ok(stats.trimEnd().endsWith('respite_test_field:x'));
  s.server.infoFields.section('replication', () => ['role:slave', 'master_host:x']);
  assert.equal(genInfo(s.server, ['replication']), '# Replication\r\nrole:slave\r\nmaster_host:x\r\n');
});

test('INFO values have the same shape as Redis (integer, 2 or 6 decimals, percent, human sizes)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.check(['CONFIG', 'RESETSTAT']);
  await p.all([['SET', 'a', '1'], ['GET', 'a']]);
  const FREE_TEXT = new Set(['os', 'executable', 'config_file', 'monotonic_clock', 'multiplexing_api', 'atomicvar_api', 'gcc_version',
    'redis_build_id', 'mem_allocator', 'respite_version', 'redis_git_sha1']);
  const shape = (v: string) => v.replace(/[0-9a-f]{40}/, 'HEX40').replace(/-?\d+/g, '9');
  const values = (s: string) => new Map(s.split('\r\n').filter(l => l && !l.startsWith('#')).map(l => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
  const mine = values(await info(p.respite, 'everything'));
  const ref = values(await info(p.redis, 'everything'));
  for (const [k, v] of ref) {
    if (FREE_TEXT.has(k) || k.startsWith('latency_percentiles_usec_')) continue;
    assert.ok(mine.has(k), k);
    // human sizes may use another unit (K vs M): compare without it
    const norm = (x: string) => (k.endsWith('_human') ? shape(x).replace(/[BKMGTPE]$/, 'U').replace(/^9U$/, '9.9U') : shape(x));
    assert.equal(norm(mine.get(k)!), norm(v), `${k}: respite ${mine.get(k)} redis ${v}`);
  }
});
