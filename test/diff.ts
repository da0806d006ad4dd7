/**
 * Differential testing: the same commands go to Respite and to a real
 * redis-server; replies must match exactly (type and bytes), except where a
 * command's reply order is undefined (then both are sorted).
 */
import assert from 'node:assert/strict';
import { RespConn, show, sorted, type Reply } from './resp-client.js';
import { startRedis, startRespite, type RedisProcess } from './servers.js';
import type { RunningServer, StartOptions } from '../src/index.js';

export interface DiffPair {
  respite: RespConn;
  redis: RespConn;
  respiteServer: RunningServer;
  redisServer: RedisProcess;
  /** Sends argv to both and asserts equal replies; returns Respite's. */
  check(argv: (string | number)[], opts?: { sort?: boolean; note?: string; ignore?: boolean }): Promise<Reply>;
  /** Runs a list of commands through check(). */
  all(cmds: (string | number)[][], opts?: { sort?: boolean; note?: string }): Promise<void>;
  /** Opens another connection pair. */
  connect(): Promise<[RespConn, RespConn]>;
  close(): Promise<void>;
}

export async function diffPair(opts: { respite?: StartOptions; redis?: string[] } = {}): Promise<DiffPair> {
  const [respiteServer, redisServer] = await Promise.all([startRespite(opts.respite ?? {}), startRedis(opts.redis ?? [])]);
  const respite = await RespConn.connect(respiteServer.port);
  const redis = await RespConn.connect(redisServer.port);
  const pair: DiffPair = {
    respite, redis, respiteServer, redisServer,
    async check(argv, o = {}) {
      const a = argv.map(String);
      const [mine, ref] = await Promise.all([respite.call(...a), redis.call(...a)]);
      if (!o.ignore) {
        const m = o.sort ? sorted(mine) : mine, r = o.sort ? sorted(ref) : ref;
        assert.deepEqual(m, r, `${o.note ? o.note + ': ' : ''}${a.map(x => JSON.stringify(x.length > 80 ? x.slice(0, 80) + '…' : x)).join(' ')}\n  respite: ${show(mine).slice(0, 500)}\n  redis:   ${show(ref).slice(0, 500)}`);
      }
      return mine;
    },
    async all(cmds, o = {}) { for (const c of cmds) await pair.check(c, o); },
    async connect() {
      return [await RespConn.connect(respiteServer.port), await RespConn.connect(redisServer.port)];
    },
    async close() {
      respite.close(); redis.close();
      await Promise.all([respiteServer.close(), redisServer.close()]);
    },
  };
  return pair;
}

/** A small seeded PRNG (mulberry32) for reproducible random sequences. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for a random test: RESPITE_SEED from the environment, or a fresh one. Printed by the caller on failure. */
export function testSeed(): number {
  const e = process.env.RESPITE_SEED;
  return e ? Number(e) : (Math.random() * 2 ** 31) | 0;
}

/** Awkward byte strings every family should be tried with. */
export const NASTY = ['', '\0', 'a\0b', '\r\n', 'foo\r\nbar', '\xff\xfe\x80', ' ', '"', "'", '\\', 'x'.repeat(1000)];
