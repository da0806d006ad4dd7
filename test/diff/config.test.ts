import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { diffPair, rng, testSeed, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { RespConn, type Reply } from '../resp-client.js';
import { coreDirectives } from '../../src/server/directives.js';
import { knownUnimplementedNames } from '../../src/server/known-directives.js';

const skip = skipRedis();

/** Both servers configured alike for what differs by default between the test harnesses. */
async function pair(): Promise<DiffPair> {
  return diffPair({ respite: { bind: '127.0.0.1', enableDebugCommand: 'yes' } });
}

function flat(r: Reply): string[] {
  if (r.t === 'array' && r.v) return r.v.map(x => (x as { v: string }).v);
  if (r.t === 'map') return r.v.flatMap(([k, v]) => [(k as { v: string }).v, (v as { v: string }).v]);
  throw new Error('not an aggregate: ' + JSON.stringify(r));
}

// Directives whose value depends on how each server was started.
const ENV_DEPENDENT = new Set(['port', 'dir']);

test('every implemented and every known directive is a Redis 7.0 directive', { skip }, async (t) => {
  const p = await pair();
  t.after(() => p.close());
  const all = flat(await p.redis.call('CONFIG', 'GET', '*'));
  const redisNames = new Set(all.filter((_, i) => i % 2 === 0));
  const special = new Set(['user', 'rename-command', 'loadmodule', 'sentinel', 'list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']);
  const mine = coreDirectives().flatMap(d => [d.name, ...(d.aliases ?? [])]);
  for (const n of mine) assert.ok(redisNames.has(n), `implemented directive ${n} is not in Redis's CONFIG GET *`);
  for (const n of knownUnimplementedNames()) if (!special.has(n)) assert.ok(redisNames.has(n), `known directive ${n} is not in Redis`);
  // And nothing Redis has is missing from both lists.
  const respiteNames = new Set(flat(await p.respite.call('CONFIG', 'GET', '*')).filter((_, i) => i % 2 === 0));
  const known = new Set(knownUnimplementedNames());
  for (const n of redisNames) assert.ok(respiteNames.has(n) || known.has(n), `Redis directive ${n} is neither implemented nor listed as known`);
});

test('CONFIG GET of each implemented directive matches Redis', { skip }, async (t) => {
  const p = await pair();
  t.after(() => p.close());
  for (const d of coreDirectives()) {
    if (ENV_DEPENDENT.has(d.name)) continue;
    await p.check(['CONFIG', 'GET', d.name]);
    await p.check(['CONFIG', 'GET', d.name.toUpperCase()]);
  }
  await p.all([
    ['CONFIG', 'GET', 'TIME*'], ['CONFIG', 'GET', 'proto-max-bulk-le?'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'GET', 'nosuch'],
    ['CONFIG', 'GET', 'nosuch*'], ['CONFIG', 'GET', '[h]z'], ['CONFIG', 'GET', 'timeout', 'timeout'], ['CONFIG', 'GET', 'timeout', 'TIMEOUT'],
    ['CONFIG', 'GET'], ['CONFIG'], ['CONFIG', 'NOSUCH'], ['CONFIG', 'GET', ''],
  ]);
  await p.all([
    ['CONFIG', 'GET', 'timeout', 'hz', 'maxclients', 'nosuch', 'slowlog-max-len'],
    ['CONFIG', 'GET', 'slowlog-*', 'slowlog-max-len', 'hz'],
    ['CONFIG', 'GET', 'slowlog-*'], ['CONFIG', 'GET', 'tcp-*'], ['CONFIG', 'GET', 'latency-*'], ['CONFIG', 'GET', 'unix*'],
  ], { sort: true });
  await p.check(['HELLO', '3'], { ignore: true });
  await p.check(['CONFIG', 'GET', 'maxclients']);
  await p.check(['CONFIG', 'GET', 'timeout', 'hz', 'databases'], { sort: true });
  await p.check(['CONFIG', 'GET', 'nosuch']);
});

/** [directive, value] pairs that both servers must accept or refuse identically. */
const SET_CASES: [string, string][] = [
  ['maxclients', 'abc'], ['maxclients', '0'], ['maxclients', '010'], ['maxclients', '+10'], ['maxclients', ' 10'], ['maxclients', '-0'],
  ['maxclients', '4294967295'], ['maxclients', '4294967296'], ['maxclients', '99999999999999999999999'], ['maxclients', '1.5'],
  ['maxclients', ''], ['maxclients', '10000'],
  ['timeout', '-1'], ['timeout', '2147483647'], ['timeout', '2147483648'], ['timeout', '0'],
  ['tcp-keepalive', '-1'], ['tcp-keepalive', '60'], ['tcp-keepalive', '300'],
  ['slowlog-log-slower-than', '-2'], ['slowlog-log-slower-than', '-1'], ['slowlog-log-slower-than', '9223372036854775807'],
  ['slowlog-log-slower-than', '9223372036854775808'], ['slowlog-log-slower-than', '10000'],
  ['slowlog-max-len', '-1'], ['slowlog-max-len', '5'], ['slowlog-max-len', '128'],
  ['latency-monitor-threshold', '-1'], ['latency-monitor-threshold', '100'], ['latency-monitor-threshold', '0'],
  ['hz', '0'], ['hz', '1000'], ['hz', '-1'], ['hz', '2147483648'], ['hz', 'x'], ['hz', '10'],
  ['proto-max-bulk-len', '1k'], ['proto-max-bulk-len', '2mb'], ['proto-max-bulk-len', '2MB'], ['proto-max-bulk-len', '1.5gb'],
  ['proto-max-bulk-len', '-1'], ['proto-max-bulk-len', '9223372036854775808'], ['proto-max-bulk-len', '1x'], ['proto-max-bulk-len', '512mb'],
  ['client-query-buffer-limit', '1mb'], ['client-query-buffer-limit', '1000000'], ['client-query-buffer-limit', '1gb'],
  ['maxmemory', ''], ['maxmemory', 'kb'], ['maxmemory', '1gb'], ['maxmemory', '5G'], ['maxmemory', '-1'], ['maxmemory', '1 gb'],
  ['maxmemory', '18446744073709551615'], ['maxmemory', '18446744073709551616'], ['maxmemory', '100000000000gb'], ['maxmemory', '17179869184gb'], ['maxmemory', '1tb'], ['maxmemory', '0'],
  ['protected-mode', 'maybe'], ['protected-mode', 'NO'], ['protected-mode', 'Yes'], ['protected-mode', ''],
  ['loglevel', 'foo'], ['loglevel', 'WARNING'], ['loglevel', 'debug'], ['loglevel', 'nothing'], ['loglevel', 'warning'],
  ['latency-tracking', 'no'], ['latency-tracking', 'x'], ['latency-tracking', 'yes'],
  ['latency-tracking-info-percentiles', '50 101'], ['latency-tracking-info-percentiles', 'abc'], ['latency-tracking-info-percentiles', ''],
  ['latency-tracking-info-percentiles', '50.0 99 99.90'], ['latency-tracking-info-percentiles', '-1'], ['latency-tracking-info-percentiles', '0 100'],
  ['latency-tracking-info-percentiles', '12.3456789 0.1 1e1 100.0 0.0000001'], ['latency-tracking-info-percentiles', '50  99'],
  ['latency-tracking-info-percentiles', ' 50'], ['latency-tracking-info-percentiles', '0x10'], ['latency-tracking-info-percentiles', 'inf'], ['latency-tracking-info-percentiles', '-inf'], ['latency-tracking-info-percentiles', 'nan'],
  ['latency-tracking-info-percentiles', '50 99 99.9'], ['bind', '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17'],
  ['notify-keyspace-events', 'q'], ['notify-keyspace-events', 'KEA'], ['notify-keyspace-events', 'Ax'], ['notify-keyspace-events', 'gn'],
  ['notify-keyspace-events', 'Em'], ['notify-keyspace-events', 'xxK'], ['notify-keyspace-events', '$lshzxetd'], ['notify-keyspace-events', 'Ag$lshzxetdn'],
  ['notify-keyspace-events', 'KA'], ['notify-keyspace-events', ''],
  ['maxmemory-policy', 'foo'], ['maxmemory-policy', 'NOEVICTION'],
  ['appendonly', 'maybe'], ['appendonly', 'no'], ['daemonize', 'no'], ['save', ''], ['save', 'abc'], ['save', '100'], ['save', '100 1 200'],
  ['save', '-1 1'], ['save', '1 -1'], ['save', '0 1'],
  ['databases', '3'], ['unixsocket', '/tmp/x'], ['unixsocketperm', '700'], ['tcp-backlog', '5'], ['logfile', ''], ['enable-debug-command', 'no'],
  ['enable-protected-configs', 'yes'], ['dir', '/tmp'], ['dbfilename', 'x.rdb'], ['DATABASES', '3'],
  ['requirepass', ''], ['nosuch', '1'], ['NoSuch', ''], ['MAXCLIENTS', 'abc'], ['Timeout', 'x'], ['LogLevel', 'x'], ['SAVE', '1'],
  ['Notify-Keyspace-Events', 'q'], ['Enable-Debug-Command', 'yes'],
];

test('CONFIG SET values and errors match Redis', { skip }, async (t) => {
  const p = await pair();
  t.after(() => p.close());
  for (const [k, v] of SET_CASES) {
    await p.check(['CONFIG', 'SET', k, v]);
    await p.check(['CONFIG', 'GET', k]);
  }
  await p.all([
    ['CONFIG', 'SET', 'port'], ['CONFIG', 'SET', 'port', '1', 'timeout'], ['CONFIG', 'SET', 'port', 'abc'], ['CONFIG', 'SET', 'port', '65536'],
    ['CONFIG', 'SET', 'port', '1', 'port', '2'], ['CONFIG', 'SET', 'timeout', '1', 'TIMEOUT', '2'],
    ['CONFIG', 'SET', 'maxclients', '5', 'databases', '3'], ['CONFIG', 'SET', 'maxclients', 'abc', 'nosuch', '3'],
    ['CONFIG', 'SET', 'maxclients', 'abc', 'databases', '3'], ['CONFIG', 'SET', 'databases', '3', 'nosuch', '1'],
    ['CONFIG', 'SET', 'maxclients', '5', 'timeout', 'x'], ['CONFIG', 'GET', 'maxclients'],
    ['CONFIG', 'SET', 'slowlog-max-len', '5', 'hz', 'abc', 'timeout', '7'], ['CONFIG', 'GET', 'slowlog-max-len'], ['CONFIG', 'GET', 'timeout'],
    ['CONFIG', 'SET', 'slowlog-max-len', '6', 'hz', '20', 'timeout', '7'], ['CONFIG', 'GET', 'slowlog-max-len'], ['CONFIG', 'GET', 'hz'],
    ['CONFIG', 'GET', 'timeout'], ['CONFIG', 'SET', 'timeout', '0', 'slowlog-max-len', '128', 'hz', '10'],
  ]);
  // requirepass takes effect for new connections and AUTH
  await p.check(['CONFIG', 'SET', 'requirepass', 'sekret']);
  await p.check(['CONFIG', 'GET', 'requirepass']);
  const [a, b] = await p.connect();
  assert.deepEqual(await a.call('GET', 'x'), await b.call('GET', 'x'));
  assert.deepEqual(await a.call('AUTH', 'sekret'), await b.call('AUTH', 'sekret'));
  a.close(); b.close();
  await p.check(['CONFIG', 'SET', 'requirepass', '']);
});

test('CONFIG SET with seeded random parameter lists matches Redis', { skip }, async (t) => {
  const p = await pair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const names = ['maxclients', 'MAXCLIENTS', 'Hz', 'timeout', 'hz', 'slowlog-max-len', 'maxmemory', 'loglevel', 'protected-mode', 'databases', 'nosuch', 'tcp-keepalive', 'notify-keyspace-events'];
  const values = ['0', '1', '5', '-1', 'abc', 'yes', 'no', 'notice', 'warning', '1mb', '100', '', 'KEA', 'x', '010'];
  for (let i = 0; i < 300; i++) {
    const n = 1 + Math.floor(r() * 3);
    const argv = ['CONFIG', 'SET'];
    for (let j = 0; j < n; j++) argv.push(names[Math.floor(r() * names.length)], values[Math.floor(r() * values.length)]);
    if (argv.includes('timeout')) continue; // a small idle timeout would close the test connections
    await p.check(argv, { note: `seed ${seed}` });
    await p.check(['CONFIG', 'GET', argv[2]], { note: `seed ${seed}` });
  }
});

test('Respite refuses values it cannot honour, with a reason, and ignores harmless unknown-yet directives', async (t) => {
  const p = await (await import('../servers.js')).startRespite({});
  t.after(() => p.close());
  const c = await RespConn.connect(p.port);
  t.after(() => c.close());
  const err = (r: Reply) => (r.t === 'error' ? r.v : '');
  assert.match(err(await c.call('CONFIG', 'SET', 'appendonly', 'yes')), /^ERR CONFIG SET failed \(possibly related to argument 'appendonly'\) - AOF persistence is not implemented/);
  assert.match(err(await c.call('CONFIG', 'SET', 'save', '100 1')), /^ERR CONFIG SET failed \(possibly related to argument 'save'\) - RDB persistence is not implemented/);
  assert.match(err(await c.call('CONFIG', 'SET', 'replicaof', '127.0.0.1 6379')), /replication is not implemented/);
  assert.match(err(await c.call('CONFIG', 'SET', 'cluster-enabled', 'yes')), /cluster mode is not implemented/);
  assert.deepEqual(await c.call('CONFIG', 'SET', 'activedefrag', 'yes'), { t: 'simple', v: 'OK' });
  assert.deepEqual(await c.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no', 'maxclients', '77'), { t: 'simple', v: 'OK' });
  assert.deepEqual(await c.call('CONFIG', 'GET', 'maxclients'), { t: 'array', v: [{ t: 'bulk', v: 'maxclients' }, { t: 'bulk', v: '77' }] });
  assert.deepEqual(await c.call('CONFIG', 'GET', 'activedefrag'), { t: 'array', v: [] });
  // A refused parameter leaves the others untouched.
  assert.match(err(await c.call('CONFIG', 'SET', 'maxclients', '88', 'appendonly', 'yes')), /appendonly/);
  assert.deepEqual(await c.call('CONFIG', 'GET', 'maxclients'), { t: 'array', v: [{ t: 'bulk', v: 'maxclients' }, { t: 'bulk', v: '77' }] });
  // notify-keyspace-events drives the server's flags
  await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  assert.notEqual(p.server.notifyFlags, 0);
  await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
  assert.equal(p.server.notifyFlags, 0);
  // enable-protected-configs yes allows dir / dbfilename; dir must exist
  const q = await (await import('../servers.js')).startRespite({ enableProtectedConfigs: 'yes' });
  t.after(() => q.close());
  const d = await RespConn.connect(q.port);
  t.after(() => d.close());
  assert.deepEqual(await d.call('CONFIG', 'SET', 'dir', os.tmpdir()), { t: 'simple', v: 'OK' });
  assert.deepEqual(await d.call('CONFIG', 'SET', 'dir', '/nonexistent-dir-x'), { t: 'error', v: "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory" });
  assert.deepEqual(await d.call('CONFIG', 'SET', 'dbfilename', 'a/b'), { t: 'error', v: "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename" });
  assert.deepEqual(await d.call('CONFIG', 'GET', 'dir'), { t: 'array', v: [{ t: 'bulk', v: 'dir' }, { t: 'bulk', v: path.resolve(os.tmpdir()) }] });
  // A value a listener cannot apply: every parameter of the call goes back.
  const { ConfigError } = await import('../../src/server/config.js');
  q.server.config.onChange('slowlog-max-len', v => { if (v === '13') throw new ConfigError('cannot apply 13'); });
  assert.deepEqual(await d.call('CONFIG', 'SET', 'maxclients', '5', 'slowlog-max-len', '13', 'hz', '20'),
    { t: 'error', v: "ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - cannot apply 13" });
  assert.equal(q.server.config.get('maxclients'), '10000');
  assert.equal(q.server.maxClients, 10000);
  assert.equal(q.server.config.get('slowlog-max-len'), '128');
  assert.equal(q.server.config.get('hz'), '10');
});

test('CONFIG RESETSTAT resets stats, command and error stats but not the slow log', { skip }, async (t) => {
  const p = await pair();
  t.after(() => p.close());
  await p.all([['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['SET', 'a', '1'], ['GET', 'a'], ['GET', 'nokey'], ['NOSUCH'], ['CONFIG', 'SET', 'x', 'y']]);
  const slowBefore = p.respiteServer.server.slowlog.length;
  assert.ok(slowBefore > 0);
  await p.check(['CONFIG', 'RESETSTAT']);
  await p.check(['CONFIG', 'RESETSTAT', 'x']);
  const names = async (conn: RespConn, sect: string) => {
    const r = await conn.call('INFO', sect);
    const text = (r as { v: string }).v;
    return text.split('\r\n').filter(l => l && !l.startsWith('#')).map(l => l.replace(/:calls=\d+,usec=\d+,usec_per_call=[\d.]+,/, ':calls=N,'));
  };
  assert.deepEqual(await names(p.respite, 'commandstats'), await names(p.redis, 'commandstats'));
  assert.deepEqual(await names(p.respite, 'errorstats'), await names(p.redis, 'errorstats'));
  const stat = async (conn: RespConn, f: string) => {
    const text = ((await conn.call('INFO', 'stats')) as { v: string }).v;
    return new RegExp(`^${f}:(.*)\r$`, 'm').exec(text)?.[1];
  };
  for (const f of ['keyspace_hits', 'keyspace_misses', 'total_error_replies', 'expired_keys', 'rejected_connections', 'total_commands_processed']) {
    assert.equal(await stat(p.respite, f), await stat(p.redis, f), f);
  }
  assert.ok(p.respiteServer.server.slowlog.length >= slowBefore, 'slow log kept');
});

function startProc(cmd: string, args: string[]): { proc: ChildProcess; out: () => string } {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', d => { out += d; });
  proc.stderr!.on('data', d => { out += d; });
  return { proc, out: () => out };
}

async function waitPing(port: number): Promise<RespConn> {
  for (let i = 0; i < 100; i++) {
    try {
      const c = await RespConn.connect(port);
      await c.call('PING');
      return c;
      c.close();
    } catch { /* not yet */ }
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error('server did not start on ' + port);
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise(res => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const port = (s.address() as { port: number }).port; s.close(() => res(port)); }); });
}

const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../src/cli.js');

test('CONFIG REWRITE keeps comments and order, blanks duplicates, appends under the signature, like Redis', { skip }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-rewrite-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const [p1, p2] = [await freePort(), await freePort()];
  const body = (port: number) => `# top comment\nport ${port}\nbind 127.0.0.1\n\n   # indented comment\nmaxclients 100\nmaxclients 200\ntimeout 0\nsave ""\nappendonly no\nloglevel notice\nrequirepass "a\\x01b"\nhz 15\nSlowlog-Max-Len 64\n`;
  const f1 = path.join(dir, 'respite.conf'), f2 = path.join(dir, 'redis.conf');
  fs.writeFileSync(f1, body(p1));
  fs.writeFileSync(f2, body(p2));
  const a = startProc(process.execPath, [CLI, f1]);
  const b = startProc('redis-server', [f2]);
  t.after(() => { a.proc.kill('SIGKILL'); b.proc.kill('SIGKILL'); });
  const ca = await waitPing(p1).catch(e => { throw new Error(e.message + '\n' + a.out()); });
  const cb = await waitPing(p2);
  t.after(() => { ca.close(); cb.close(); });
  const same = async (...argv: string[]) => {
    const [x, y] = [await ca.call(...argv), await cb.call(...argv)];
    assert.deepEqual(x, y, argv.join(' '));
  };
  await same('AUTH', 'a\x01b');
  await same('CONFIG', 'SET', 'maxclients', '300', 'timeout', '5', 'slowlog-max-len', '7', 'hz', '10', 'protected-mode', 'no', 'tcp-keepalive', '100', 'notify-keyspace-events', 'Kx');
  await same('CONFIG', 'REWRITE');
  // Lines appended under the signature come in Redis's hash-table order: compare them as a set.
  const norm = (s: string, port: number) => {
    const lines = s.split('\n')
      .filter(l => !/^(latency-tracking-info-percentiles|user |pidfile)/.test(l))
      .map(l => l.replace(String(port), 'PORT'));
    const sig = lines.indexOf('# Generated by CONFIG REWRITE');
    return sig < 0 ? lines.join('\n') : [...lines.slice(0, sig + 1), ...lines.slice(sig + 1).filter(l => l !== '').sort()].join('\n');
  };
  assert.equal(norm(fs.readFileSync(f1, 'latin1'), p1), norm(fs.readFileSync(f2, 'latin1'), p2));
  await same('CONFIG', 'SET', 'hz', '11', 'maxclients', '10000');
  await same('CONFIG', 'REWRITE');
  assert.equal(norm(fs.readFileSync(f1, 'latin1'), p1), norm(fs.readFileSync(f2, 'latin1'), p2));
});

test('CONFIG REWRITE without a config file', { skip }, async (t) => {
  const p = await pair();
  t.after(() => p.close());
  await p.check(['CONFIG', 'REWRITE']);
  await p.check(['CONFIG', 'REWRITE', 'x']);
  const help = await p.respite.call('CONFIG', 'HELP');
  const ref = await p.redis.call('CONFIG', 'HELP');
  assert.equal(help.t, 'array');
  assert.equal((help as { v: Reply[] }).v.length, (ref as { v: Reply[] }).v.length);
  for (const l of (help as { v: Reply[] }).v) assert.equal(l.t, 'simple');
});

test('CONFIG SET port / bind re-open the listeners; a failure keeps the old ones and reverts', async (t) => {
  const s = await (await import('../servers.js')).startRespite({ bind: '127.0.0.1' });
  t.after(() => s.close());
  const c = await RespConn.connect(s.port);
  t.after(() => c.close());
  const newPort = await freePort();
  assert.deepEqual(await c.call('CONFIG', 'SET', 'port', String(newPort)), { t: 'simple', v: 'OK' });
  const d = await waitPing(newPort);
  assert.deepEqual(await d.call('PING'), { t: 'simple', v: 'PONG' });
  assert.deepEqual(await c.call('PING'), { t: 'simple', v: 'PONG' }, 'existing connections stay');
  assert.equal(s.server.port, newPort);
  // a port that is taken: the old listener stays, the value goes back
  const net = await import('node:net');
  const blocker = net.createServer();
  await new Promise<void>(r => blocker.listen(0, '127.0.0.1', () => r()));
  t.after(() => blocker.close());
  const taken = (blocker.address() as { port: number }).port;
  assert.deepEqual(await d.call('CONFIG', 'SET', 'port', String(taken)), { t: 'simple', v: 'OK' });
  for (let i = 0; i < 50 && s.server.config.get('port') !== String(newPort); i++) await new Promise(r => setTimeout(r, 20));
  assert.equal(s.server.config.get('port'), String(newPort));
  const e = await RespConn.connect(newPort);
  assert.deepEqual(await e.call('PING'), { t: 'simple', v: 'PONG' });
  e.close(); d.close();
});
