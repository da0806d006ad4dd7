import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyWriter } from '../../src/protocol/writer.js';
import { rng, testSeed } from '../diff.js';

const text = (chunks: Buffer[] | null): string => (chunks === null ? '' : Buffer.concat(chunks).toString('latin1'));

test('writer: takeView batches hold exactly what was written, whether the scratch is reused or kept by a queued write', () => {
  const seed = testSeed();
  const r = rng(seed);
  const w = new ReplyWriter(256);
  // what a queued write still holds: its bytes must never change afterwards
  const held: { chunks: Buffer[]; want: string }[] = [];
  for (let i = 0; i < 3000; i++) {
    let want = '';
    const n = 1 + Math.floor(r() * 6);
    for (let j = 0; j < n; j++) {
      const k = r();
      if (k < 0.3) { w.ok(); want += '+OK\r\n'; }
      else if (k < 0.6) { const v = Math.floor(r() * 1e6); w.int(v); want += `:${v}\r\n`; }
      else {
        // sizes around the scratch size, and now and then past it (spilled chunks)
        const len = r() < 0.1 ? 200 + Math.floor(r() * 900) : Math.floor(r() * 40);
        const s = String.fromCharCode(...Array.from({ length: len }, () => Math.floor(r() * 256)));
        w.bulk(s);
        want += `$${len}\r\n${s}\r\n`;
      }
    }
    const chunks = w.takeView();
    assert.equal(text(chunks), want, `seed ${seed} batch ${i}`);
    const queued = r() < 0.2;
    if (queued) held.push({ chunks: [...(chunks as Buffer[])], want });
    w.release(queued);
    for (const h of held) assert.equal(text(h.chunks), h.want, `seed ${seed}: a queued batch changed (batch ${i})`);
    if (held.length > 20) held.shift();
  }
  assert.equal(w.takeView(), null);
});

test('writer: a batch the same size as an earlier one is not read from a scratch buffer since replaced', () => {
  const w = new ReplyWriter(64);
  w.bulk('a'.repeat(10));
  assert.equal(text(w.takeView()), '$10\r\n' + 'a'.repeat(10) + '\r\n');
  w.release(false);
  // a batch that outgrows the scratch: the writer moves to a bigger one and keeps it
  w.bulk('x'.repeat(40)); w.bulk('y'.repeat(40));
  assert.equal(text(w.takeView()), '$40\r\n' + 'x'.repeat(40) + '\r\n$40\r\n' + 'y'.repeat(40) + '\r\n');
  w.release(false);
  w.bulk('b'.repeat(10));
  assert.equal(text(w.takeView()), '$10\r\n' + 'b'.repeat(10) + '\r\n');
  w.release(false);
});
