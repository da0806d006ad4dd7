/**
 * respite-server as a process: start-up log, signals, config errors (compared
 * with redis-server's own output when it is installed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { RespConn } from '../resp-client.js';
import { redisAvailable } from '../servers.js';
import { RESPITE_VERSION } from '../../src/index.js';

const CLI = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../src/cli.js');
const haveRedis = redisAvailable();

function freePort(): Promise<number> {
  return new Promise(res => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => res(p)); });
  });
}

function run(args: string[], opts: { input?: string; cwd?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: opts.input ?? '', cwd: opts.cwd, encoding: 'latin1', timeout: 10000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runRedis(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('redis-server', args, { cwd, encoding: 'latin1', timeout: 10000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and resolves once it logged that it is ready. */
function start(args: string[], input?: string): Promise<{ proc: ReturnType<typeof spawn>; out: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  if (input !== undefined) proc.stdin!.end(input); else proc.stdin!.end();
  let out = '';
  const exited = new Promise<number | null>(res => proc.once('exit', code => res(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error('no ready line:\n' + out)); }, 10000);
    const onData = (d: Buffer) => {
      out += d.toString('latin1');
      if (out.includes('Ready to accept connections')) { clearTimeout(timer); resolve({ proc, out: () => out, exited }); }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', () => { clearTimeout(timer); if (!out.includes('Ready to accept connections')) reject(new Error('exited early:\n' + out)); });
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-cli-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

test('--version and --help', () => {
  const v = run(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout, `Respite server v=${RESPITE_VERSION} redis_version=7.0.15 node=${process.versions.node} bits=64\n`);
  assert.equal(run(['-v']).stdout, v.stdout);
  const h = run(['--help']);
  assert.equal(h.status, 1);
  assert.match(h.stderr, /^Usage: respite-server \[\/path\/to\/redis.conf\] \[options\] \[-\]/);
  assert.equal(run(['-h']).status, 1);
});

for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  test(`start-up log, serving, clean exit on ${sig}`, async () => {
    const port = await freePort();
    const s = await start(['--port', String(port), '--loglevel', 'notice']);
    const out = s.out();
    const pid = s.proc.pid!;
    assert.match(out, new RegExp(`^${pid}:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} # oO0OoO0OoO0Oo Respite is starting oO0OoO0OoO0Oo$`, 'm'));
    assert.match(out, new RegExp(`# Respite version=${RESPITE_VERSION.replace(/\./g, '\\.')}, redis_version=7\\.0\\.15, bits=64, pid=${pid}, just started$`, 'm'));
    assert.match(out, /# Warning: no config file specified, using the default config/);
    assert.match(out, new RegExp(`\\* Running mode=standalone, port=${port}\\.$`, 'm'));
    assert.match(out, /\* Ready to accept connections tcp$/m);
    const c = await RespConn.connect(port);
    assert.deepEqual(await c.call('PING'), { t: 'simple', v: 'PONG' });
    assert.deepEqual(await c.call('CONFIG', 'GET', 'port'), { t: 'array', v: [{ t: 'bulk', v: 'port' }, { t: 'bulk', v: String(port) }] });
    s.proc.kill(sig);
    assert.equal(await s.exited, 0);
    assert.match(s.out(), new RegExp(`# Received ${sig} scheduling shutdown\\.\\.\\.`));
    assert.match(s.out(), /# Respite is now ready to exit, bye bye\.\.\.\n$/);
    c.close();
  });
}

test('SHUTDOWN from a client stops the server with one line each, as Redis logs them', async () => {
  const port = await freePort();
  const s = await start(['--port', String(port), '--loglevel', 'notice']);
  const c = await RespConn.connect(port);
  c.send(['SHUTDOWN', 'NOSAVE']);
  assert.equal(await s.exited, 0);
  const out = s.out();
  assert.equal(out.match(/# User requested shutdown\.\.\.$/gm)?.length, 1, out);
  assert.equal(out.match(/# Respite is now ready to exit, bye bye\.\.\.$/gm)?.length, 1, out);
  c.close();
});

test('config file with comments, quotes, include, ignored directives, command-line overrides and stdin', async () => {
  const port = await freePort();
  const inc = path.join(tmp, 'inc.conf');
  fs.writeFileSync(inc, 'maxclients 123\n');
  const conf = path.join(tmp, 'ok.conf');
  fs.writeFileSync(conf, `# comment\n\n  requirepass "pa ss\\x41"  \ninclude ${inc}\nactivedefrag yes\r\nport 1\nsave ""\nhash-max-listpack-entries 64\n`);
  const s = await start([conf, '--port', String(port), '-'], 'timeout 77\n');
  assert.match(s.out(), /# Configuration loaded/);
  assert.match(s.out(), /Ignoring directive 'activedefrag': not implemented by Respite yet \(harmless\)/);
  const c = await RespConn.connect(port);
  assert.deepEqual(await c.call('AUTH', 'pa ssA'), { t: 'simple', v: 'OK' });
  const get = async (n: string) => ((await c.call('CONFIG', 'GET', n)) as { v: { v: string }[] }).v[1].v;
  assert.equal(await get('maxclients'), '123');
  assert.equal(await get('timeout'), '77');
  assert.equal(await get('port'), String(port));
  const infoText = ((await c.call('INFO', 'server')) as { v: string }).v;
  assert.match(infoText, new RegExp(`\r\nconfig_file:${conf.replace(/[.]/g, '\\.')}\r\n`));
  s.proc.kill('SIGTERM');
  assert.equal(await s.exited, 0);
  c.close();
});

test('--save "" and a trailing --save start; --save with a schedule and --appendonly yes are refused', async () => {
  for (const args of [['--save', ''], ['--save'], ['--save', '--appendonly', 'no']]) {
    const port = await freePort();
    const s = await start(['--port', String(port), ...args]);
    s.proc.kill('SIGTERM');
    assert.equal(await s.exited, 0);
  }
  const r = run(['--save', '900', '1']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'save "900" "1"'\nRDB persistence is not implemented in Respite yet: only save "" is accepted\n`);
  const a = run(['--appendonly', 'yes']);
  assert.equal(a.status, 1);
  assert.match(a.stderr, /\n>>> 'appendonly "yes"'\nAOF persistence is not implemented in Respite yet/);
  const rep = run(['--replicaof', '127.0.0.1', '6379']);
  assert.equal(rep.status, 1);
  assert.match(rep.stderr, /replication is not implemented in Respite yet/);
});

/** Config errors: the FATAL CONFIG FILE ERROR block must be byte-identical to redis-server's. */
const BAD_FILES = [
  'port abc\n', '# c\n\nmaxclients 0\n', 'nosuch 1\n', 'port 1 2\n', 'port "abc\n', 'loglevel foo\n', 'save abc\n',
  'databases 0\n', 'port\n', 'requirepass "a b" c\n', 'port 6379\nport 1x', 'maxmemory 1q\n', "port 'a\n", 'port "a"b\n',
  '  port  7 \n  # x\n\tfoo\n', 'unixsocketperm 8\n', 'unixsocketperm 1000\n', 'hz -1\n', 'daemonize maybe\n',
  'dbfilename a/b\n', 'dir /nonexistent-respite-dir\n', 'notify-keyspace-events q\n', 'include\n', 'include a b\n',
  'latency-tracking-info-percentiles 101\n', 'save 1\n', 'proto-max-bulk-len 1k\n', 'maxclients 10\r\nport x\r\n',
];
const BAD_ARGS = [
  ['--port', 'abc'], ['--port', '1', '2'], ['--nosuch'], ['--maxclients'], ['--port', '0', '--loglevel', 'foo'],
  ['--port', '0', 'extra'], ['--port 1 2'], ['--hz', '1', '--timeout', '-1'], ['--requirepass', 'a"b\\c\n', 'x'],
];

test('config errors are reported exactly like redis-server', { skip: haveRedis ? false : 'redis-server not installed' }, () => {
  const f = path.join(tmp, 'bad.conf');
  for (const body of BAD_FILES) {
    fs.writeFileSync(f, body);
    const mine = run([f]);
    const ref = runRedis([f]);
    assert.equal(mine.status, 1, body);
    assert.equal(mine.stderr, ref.stderr, `config file ${JSON.stringify(body)}`);
  }
  for (const args of BAD_ARGS) {
    const mine = run(args);
    const ref = runRedis(args);
    assert.equal(mine.status, 1, args.join(' '));
    assert.equal(mine.stderr, ref.stderr, `arguments ${JSON.stringify(args)}`);
  }
  // file + arguments: option line numbers continue after the file's lines
  fs.writeFileSync(f, 'timeout 0\n\n# x\n');
  assert.equal(run([f, '--port', 'x']).stderr, runRedis([f, '--port', 'x']).stderr);
  // an unreadable config file is a log line
  const missing = run([path.join(tmp, 'missing.conf')]);
  assert.equal(missing.status, 1);
  const tail = (s: string) => s.replace(/^\d+:C \d\d \w{3} \d{4} [\d:.]+ /, '');
  assert.equal(tail(missing.stdout), tail(runRedis([path.join(tmp, 'missing.conf')]).stdout));
  fs.writeFileSync(f, `include ${path.join(tmp, 'nope.conf')}\n`);
  assert.equal(tail(run([f]).stdout), tail(runRedis([f]).stdout));
});

test('a busy port, statements Respite cannot honour', async () => {
  const blocker = net.createServer();
  await new Promise<void>(r => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as net.AddressInfo).port;
  const busy = run(['--port', String(port), '--bind', '127.0.0.1']);
  blocker.close();
  assert.equal(busy.status, 1);
  assert.match(busy.stdout, new RegExp(`# Warning: Could not create server TCP listening socket 127\\.0\\.0\\.1:${port}: bind: Address already in use\\n`));
  assert.match(busy.stdout, new RegExp(`# Failed listening on port ${port} \\(TCP\\), aborting\\.\\n$`));
  const f = path.join(tmp, 'refused.conf');
  for (const [line, why] of [['rename-command FLUSHALL ""', 'rename-command is not implemented in Respite yet'],
    ['user alice on >x ~* +@all', 'ACL users (user) is not implemented in Respite yet'], ['loadmodule /x.so', 'loading modules is not implemented in Respite yet'],
    ['cluster-enabled yes', 'cluster mode is not implemented in Respite yet'], ['tls-port 6380', 'TLS is not implemented in Respite yet'],
    ['daemonize yes', 'daemonize yes is not supported by Respite: run it in the foreground under a process supervisor']]) {
    fs.writeFileSync(f, `# x\n${line}\n`);
    const r = run([f]);
    assert.equal(r.status, 1, line);
    assert.equal(r.stderr, `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> '${line}'\n${why}\n`);
  }
});
