/**
 * A small load generator for what redis-benchmark cannot express:
 * MULTI + 5 SETs + EXEC transactions. C connections each keep P transactions
 * in flight per round trip; replies are counted by bytes (every transaction's
 * reply has the same size), so the generator itself stays cheap.
 *
 *   node dist/bench/loadgen.js <port> <connections> <pipeline> <transactions>
 * Prints the transactions per second.
 */
import net from 'node:net';

const [port, conns, pipeline, total] = process.argv.slice(2).map(Number);

function encode(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

const value = 'x'.repeat(32);
let tx = encode(['MULTI']);
for (let i = 0; i < 5; i++) tx += encode(['SET', `tx:key:${i}`, value]);
tx += encode(['EXEC']);
const REPLY_BYTES = '+OK\r\n'.length + 5 * '+QUEUED\r\n'.length + '*5\r\n'.length + 5 * '+OK\r\n'.length;
const batch = Buffer.from(tx.repeat(pipeline));

let done = 0;
const start = process.hrtime.bigint();
let finished = 0;

function run(): void {
  const s = net.connect(port, '127.0.0.1');
  s.setNoDelay(true);
  let got = 0;
  const want = REPLY_BYTES * pipeline;
  s.on('connect', () => s.write(batch));
  s.on('data', d => {
    got += d.length;
    while (got >= want) {
      got -= want;
      done += pipeline;
      if (done >= total) { s.destroy(); if (++finished === conns) report(); return; }
      s.write(batch);
    }
  });
  s.on('error', e => { console.error(e.message); process.exit(1); });
}

function report(): void {
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log((done / secs).toFixed(1));
  process.exit(0);
}

for (let i = 0; i < conns; i++) run();
