/**
 * A small load generator for what redis-benchmark cannot express, because a
 * request depends on the reply to an earlier one or a test is a sequence of
 * commands. Modes:
 *
 *  - multi (default): MULTI + 5 SETs + EXEC transactions. Each connection
 *    keeps P transactions in flight per round trip; replies are counted by
 *    bytes (every transaction's reply has the same size). Counts transactions.
 *
 *  - xreadgroup: a consume-and-acknowledge loop on a stream with a consumer
 *    group "g" (created and pre-filled by the caller with one field "field"
 *    holding a 32-byte value per entry). Connection i is consumer "c<i>". Each
 *    round trip sends up to P commands: one XACK for every entry delivered in
 *    the previous round trip (the consumer acknowledges what it processed),
 *    then XREADGROUP GROUP g c<i> COUNT 1 STREAMS <key> > until P commands or
 *    ceil(P/2) reads are queued. Without pipelining it alternates one read,
 *    one ack; with -P 16 a round trip carries 8 reads and the 8 acks of the
 *    previous round trip. The generator parses just enough of each reply to
 *    take the delivered entry's ID. Counts commands (reads + acks).
 *
 *   node dist/bench/loadgen.js <port> <connections> <pipeline> <total> [multi|xreadgroup] [key]
 * Prints the transactions (multi) or commands (xreadgroup) per second.
 */
import net from 'node:net';

const args = process.argv.slice(2);
const [port, conns, pipeline, total] = args.slice(0, 4).map(Number);
const mode = args[4] ?? 'multi';
const streamKey = args[5] ?? 'bench:xreadgroup';

function encode(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

let done = 0;
const start = process.hrtime.bigint();
let finished = 0;

function report(): void {
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log((done / secs).toFixed(1));
  process.exit(0);
}

function runMulti(): void {
  const value = 'x'.repeat(32);
  let tx = encode(['MULTI']);
  for (let i = 0; i < 5; i++) tx += encode(['SET', `tx:key:${i}`, value]);
  tx += encode(['EXEC']);
  const REPLY_BYTES = '+OK\r\n'.length + 5 * '+QUEUED\r\n'.length + '*5\r\n'.length + 5 * '+OK\r\n'.length;
  const batch = Buffer.from(tx.repeat(pipeline));
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

/**
 * Replies come in the order of the commands sent, so the parser knows what
 * each one is: XACK -> an integer line; XREADGROUP -> either a null array
 * (nothing left) or *1 [key, *1 [[id, [field, value]]]], of which only the
 * ID's bulk string is read.
 */
function runXreadgroup(n: number): void {
  const consumer = 'c' + n;
  const read = Buffer.from(encode(['XREADGROUP', 'GROUP', 'g', consumer, 'COUNT', '1', 'STREAMS', streamKey, '>']), 'latin1');
  const ackHead = `*4\r\n$4\r\nXACK\r\n$${streamKey.length}\r\n${streamKey}\r\n$1\r\ng\r\n`;
  // *1 *2 $klen key *1 *2 $idlen  <- the ID's length follows this prefix
  const readPrefix = `*1\r\n*2\r\n$${streamKey.length}\r\n${streamKey}\r\n*1\r\n*2\r\n$`.length;
  const readSuffix = '\r\n*2\r\n$5\r\nfield\r\n$32\r\n'.length + 32 + 2;
  const s = net.connect(port, '127.0.0.1');
  s.setNoDelay(true);
  let pending: string[] = []; // IDs to acknowledge in the next round trip
  let kinds: number[] = [];   // 0 read, 1 ack, per command in flight
  let next = 0;               // next reply's index in kinds
  let buf = Buffer.alloc(0);
  const maxReads = Math.ceil(pipeline / 2);
  const send = (): void => {
    const parts: Buffer[] = [];
    kinds = [];
    next = 0;
    const acks = pending;
    pending = [];
    for (const id of acks) { parts.push(Buffer.from(`${ackHead}$${id.length}\r\n${id}\r\n`, 'latin1')); kinds.push(1); }
    for (let r = 0; r < maxReads && kinds.length < pipeline; r++) { parts.push(read); kinds.push(0); }
    s.write(parts.length === 1 ? parts[0] : Buffer.concat(parts));
  };
  s.on('connect', send);
  s.on('data', d => {
    buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
    let p = 0;
    while (next < kinds.length) {
      if (kinds[next] === 1) {
        const e = buf.indexOf(10, p);
        if (e === -1) break;
        p = e + 1;
      } else {
        if (p + 5 > buf.length) break;
        if (buf[p + 1] === 45) { // *-1: the stream has nothing left for the group
          p += 5;
        } else {
          const lenAt = p + readPrefix;
          const e = buf.indexOf(13, lenAt);
          if (e === -1) break;
          const idLen = Number(buf.latin1Slice(lenAt, e));
          const end = e + 2 + idLen + readSuffix;
          if (end > buf.length) break;
          pending.push(buf.latin1Slice(e + 2, e + 2 + idLen));
          p = end;
        }
      }
      next++;
      done++;
    }
    buf = p === buf.length ? Buffer.alloc(0) : buf.subarray(p);
    if (next === kinds.length) {
      if (done >= total) { s.destroy(); if (++finished === conns) report(); return; }
      send();
    }
  });
  s.on('error', e => { console.error(e.message); process.exit(1); });
}

for (let i = 0; i < conns; i++) {
  if (mode === 'xreadgroup') runXreadgroup(i); else runMulti();
}
