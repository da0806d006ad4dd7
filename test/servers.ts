/**
 * Test servers: an in-process Respite on a free port, and a real
 * redis-server 7.0 (the reference) when one is on PATH.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startServer, type RunningServer, type StartOptions } from '../src/index.js';
import { RespConn } from './resp-client.js';

export async function startRespite(opts: StartOptions = {}): Promise<RunningServer> {
  const s = await startServer({ port: 0, loglevel: 'warning', ...opts });
  s.server.log.sink = () => {};
  return s;
}

export function redisAvailable(): boolean {
  const r = spawnSync('redis-server', ['--version']);
  return r.status === 0;
}

/** Why differential tests are skipped, or false when they can run. Fails hard under REQUIRE_REDIS=1. */
export function skipRedis(): string | false {
  if (redisAvailable()) return false;
  if (process.env.REQUIRE_REDIS === '1') throw new Error('REQUIRE_REDIS=1 but redis-server is not on PATH');
  return 'redis-server not on PATH: differential tests SKIPPED';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

export interface RedisProcess { port: number; proc: ChildProcess; close(): Promise<void> }

export async function startRedis(extra: string[] = []): Promise<RedisProcess> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--enable-debug-command', 'yes', '--daemonize', 'no', '--loglevel', 'warning', ...extra], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      const c = await RespConn.connect(port);
      const r = await c.call('PING');
      c.close();
      if (r.t === 'simple') break;
    } catch { await new Promise(r => setTimeout(r, 50)); }
  }
  return {
    port, proc,
    close: () => new Promise<void>(resolve => { if (proc.exitCode !== null) return resolve(); proc.once('exit', () => resolve()); proc.kill('SIGKILL'); }),
  };
}
