#!/usr/bin/env node
// Rewrites the README's benchmark section (between <!-- bench:start --> and
// <!-- bench:end -->) from bench/results/latest.json, written by `npm run bench`.
//   node scripts/bench-readme.mjs ["how it was run" sentence]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = JSON.parse(fs.readFileSync(path.join(root, 'bench', 'results', 'latest.json'), 'utf8'));
const how = process.argv[2] ?? `\`BENCH_ROUNDS=${r.rounds} BENCH_N=${r.n} npm run bench\``;
const f2 = x => x.toFixed(2);
const lines = [];
lines.push(`Measured on the development machine (2 cores, Node ${r.node}, redis-server 7.0.15), ${r.rounds} round(s) of ${r.n.toLocaleString('en-US')} requests per test, ${how}, ${r.date.slice(0, 10)}. "ratio" = Respite's requests/s ÷ Redis's; "cpu ratio" = Redis's CPU time per request ÷ Respite's (1.0 = parity; higher is better for Respite), the steadier figure on a noisy machine.`);
lines.push('');
lines.push('| test | -P | Redis rps | Respite rps | ratio | Redis µs/req | Respite µs/req | cpu ratio |');
lines.push('|---|---|---|---|---|---|---|---|');
for (const x of r.results) {
  const extra = x.redisDelivered !== undefined ? ` (delivered ${Math.round(100 * x.redisDelivered)}% / ${Math.round(100 * x.respiteDelivered)}%)` : '';
  lines.push(`| ${x.test}${extra} | ${x.pipeline} | ${Math.round(x.redisRps)} | ${Math.round(x.respiteRps)} | ${f2(x.ratio)} | ${f2(x.redisCpuUs)} | ${f2(x.respiteCpuUs)} | ${f2(x.cpuRatio)} |`);
}
lines.push('');
for (const [k, v] of Object.entries(r.summary)) {
  const m = /^(median|min)RatioP(\d+)$/.exec(k);
  if (m) lines.push(`- pipeline ${m[2]}: ${m[1] === 'median' ? 'median' : 'worst'} ratio ${f2(v)}`);
}
if (r.memory && Object.keys(r.memory).length) {
  lines.push('');
  lines.push('Memory (RSS from /proc; each kind loaded into a freshly started pair of servers and measured once Respite has trimmed its heap after the load; "data" = RSS after loading minus the empty server\'s RSS; Node alone starts at about 40 MB of RSS, an empty Respite at about 58 MB, Redis at about 12 MB):');
  lines.push('');
  for (const [kind, m] of Object.entries(r.memory)) {
    lines.push(`- ${kind} (${m.keys.toLocaleString('en-US')} keys): total RSS Redis ${(m.redisRss / 1048576).toFixed(1)} MB, Respite ${(m.respiteRss / 1048576).toFixed(1)} MB (${f2(m.totalRatio)}×); data per key Redis ${m.redisDataPerKey.toFixed(1)} B, Respite ${m.respiteDataPerKey.toFixed(1)} B (${f2(m.dataRatio)}×)`);
  }
}
const readme = path.join(root, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const a = text.indexOf('<!-- bench:start -->'), b = text.indexOf('<!-- bench:end -->');
if (a < 0 || b < a) throw new Error('README has no bench markers');
fs.writeFileSync(readme, text.slice(0, a) + '<!-- bench:start -->\n' + lines.join('\n') + '\n' + text.slice(b));
console.log(`README benchmark section rewritten from ${r.results.length} results`);
