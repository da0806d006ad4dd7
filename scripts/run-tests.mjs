#!/usr/bin/env node
// Runs the compiled test suite with Node's test runner and says loudly when
// the differential tests against real Redis could not run.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const testDir = path.join(root, 'dist', 'test');
const files = [];
(function walk(d) {
  for (const f of readdirSync(d)) {
    const p = path.join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (f.endsWith('.test.js')) files.push(p);
  }
})(testDir);
files.sort();

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) {
  const msg = '\n' + '!'.repeat(72) + '\n!! redis-server is not on PATH: the DIFFERENTIAL TESTS against real Redis are SKIPPED.\n!! Install it (apt-get install -y redis-server) to run them.\n' + '!'.repeat(72) + '\n';
  process.stderr.write(msg);
  if (process.env.REQUIRE_REDIS === '1') { process.stderr.write('REQUIRE_REDIS=1: failing.\n'); process.exit(1); }
}
const extra = process.argv.slice(2);
const args = ['--test', '--test-concurrency=2', '--test-timeout=180000', ...extra, ...(extra.some(a => !a.startsWith('-')) ? [] : files)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
if (!hasRedis) process.stderr.write('\n(reminder: differential tests were SKIPPED: no redis-server)\n');
process.exit(r.status ?? 1);
