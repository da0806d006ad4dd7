/** HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST (representation in types/hll.ts). */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Database } from '../db/database.js';
import * as H from '../types/hll.js';
import { WRONGTYPE } from './errors.js';
import { notify, NOTIFY_STRING } from '../db/notify.js';

const NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
const INVALID = 'INVALIDOBJ Corrupted HLL object detected';

declare module '../server/server.js' {
  interface Server {
    hllSparseMax: number;
  }
}

/** Looks a key up as an HLL: undefined (missing), a string, or null after replying with an error. */
function lookupHll(c: Client, key: string, write: boolean): string | undefined | null {
  const v = write ? c.db.lookupWrite(key) : c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') { c.w.error(WRONGTYPE); return null; }
  if (!H.isHll(v)) { c.w.error(NOT_HLL); return null; }
  return v;
}

/**
 * A mutable copy of the last HLL value PFADD/PFCOUNT wrote, so that repeated
 * changes to one hot HLL do not turn its ~12 KB string into a new Buffer
 * every time. The stored value stays a plain string (GET/SET see no
 * difference); the copy is used only when the key currently holds a string
 * equal to cStr, which is then byte-for-byte what cBuf holds (the string
 * made from it is normally the very instance in the keyspace, so the check is
 * a pointer comparison). Only one entry, so memory stays bounded.
 */
let cDb: Database | null = null, cKey = '', cStr = '', cBuf: Buffer | null = null;

/** A Buffer holding the bytes of v (the HLL stored at key), taken from the cache when it matches. */
function mutableCopy(db: Database, key: string, v: string): Buffer {
  const b = cBuf;
  if (b !== null && cDb === db && cKey === key && cStr === v) {
    cBuf = null; // the caller owns it until it calls remember()
    return b;
  }
  return Buffer.from(v, 'latin1');
}

/** Records buf as the bytes of s, the value just stored at key. */
function remember(db: Database, key: string, s: string, buf: Buffer): void {
  cDb = db; cKey = key; cStr = s; cBuf = buf;
}

function pfadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const v = lookupHll(c, key, true);
  if (v === null) return;
  let hb: H.HllBuf | null = null;
  let updated = 0;
  if (v === undefined) { hb = new H.HllBuf(H.newSparse(), c.server.hllSparseMax); updated++; }
  try {
    for (let j = 2; j < argv.length; j++) {
      const count = H.patLen(argv[j]);
      const index = H.lastIndex();
      if (hb === null) {
        if (!H.wouldChange(v as string, index, count)) continue;
        hb = new H.HllBuf(mutableCopy(c.db, key, v as string), c.server.hllSparseMax);
      }
      if (hb.set(index, count)) updated++;
    }
  } catch (e) {
    if (!(e instanceof H.HllInvalid)) throw e;
    // Redis changes the value in place: registers set for the elements before
    // the corrupt spot stay set (without a modification signal or event, and
    // with the cached count left as it was)
    if (updated && hb && v !== undefined) c.db.replace(key, hb.b.latin1Slice(0, hb.b.length));
    c.w.error(INVALID);
    return;
  }
  if (updated && hb) {
    hb.invalidateCache();
    const s = hb.b.latin1Slice(0, hb.b.length);
    if (v === undefined) c.db.add(key, s);
    else { c.db.replace(key, s); c.db.touched(key); }
    remember(c.db, key, s, hb.b);
    notify(c, NOTIFY_STRING, 'pfadd', key);
  }
  c.w.int(updated ? 1 : 0);
}

function pfcount(c: Client, argv: string[]): void {
  if (argv.length > 2) {
    const raw = new Uint8Array(H.HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const v = lookupHll(c, argv[j], false);
      if (v === null) return;
      if (v === undefined) continue;
      try { H.mergeInto(v, raw); } catch { c.w.error(INVALID); return; }
    }
    c.w.int(H.countRaw(raw));
    return;
  }
  const key = argv[1];
  const v = lookupHll(c, key, false);
  if (v === null) return;
  if (v === undefined) { c.w.int(0); return; }
  let card = H.cachedCard(v);
  if (card < 0) {
    try { card = H.countString(v); } catch { c.w.error(INVALID); return; }
    const b = mutableCopy(c.db, key, v);
    H.writeCard(b, card);
    const s = b.latin1Slice(0, b.length);
    c.db.replace(key, s);
    remember(c.db, key, s, b);
    c.db.touched(key);
  }
  c.w.int(card);
}

function pfmerge(c: Client, argv: string[]): void {
  const raw = new Uint8Array(H.HLL_REGISTERS);
  let dense = false;
  for (let j = 1; j < argv.length; j++) {
    const v = lookupHll(c, argv[j], false);
    if (v === null) return;
    if (v === undefined) continue;
    if (H.encodingOf(v) === H.ENC_DENSE) dense = true;
    try { H.mergeInto(v, raw); } catch { c.w.error(INVALID); return; }
  }
  const key = argv[1];
  const cur = c.db.lookupWrite(key) as string | undefined;
  const hb = new H.HllBuf(cur === undefined ? H.newSparse() : Buffer.from(cur, 'latin1'), c.server.hllSparseMax);
  try {
    if (dense) hb.toDense();
    for (let i = 0; i < H.HLL_REGISTERS; i++) if (raw[i] !== 0) hb.set(i, raw[i]);
  } catch { c.w.error(INVALID); return; }
  hb.invalidateCache();
  const s = hb.b.latin1Slice(0, hb.b.length);
  if (cur === undefined) c.db.add(key, s); else { c.db.replace(key, s); c.db.touched(key); }
  notify(c, NOTIFY_STRING, 'pfadd', key);
  c.w.ok();
}

function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1].toLowerCase();
  const key = argv[2];
  const v = c.db.lookupWrite(key);
  if (v === undefined) { c.w.error('ERR The specified key does not exist'); return; }
  if (typeof v !== 'string') { c.w.error(WRONGTYPE); return; }
  if (!H.isHll(v)) { c.w.error(NOT_HLL); return; }
  const toDense = (): string | null => {
    const hb = new H.HllBuf(Buffer.from(v, 'latin1'), c.server.hllSparseMax);
    try { hb.toDense(); } catch { c.w.error(INVALID); return null; }
    const s = hb.b.latin1Slice(0, hb.b.length);
    c.db.replace(key, s);
    c.db.touched(key);
    return s;
  };
  if (sub === 'getreg') {
    let s = v;
    if (H.encodingOf(v) === H.ENC_SPARSE) { const d = toDense(); if (d === null) return; s = d; }
    const regs = H.registers(s);
    c.w.array(regs.length);
    for (const r of regs) c.w.int(r);
  } else if (sub === 'decode') {
    if (H.encodingOf(v) !== H.ENC_SPARSE) { c.w.error('ERR HLL encoding is not sparse'); return; }
    c.w.bulk(H.decodeSparse(v));
  } else if (sub === 'encoding') {
    c.w.simple(H.encodingOf(v) === H.ENC_DENSE ? 'dense' : 'sparse');
  } else if (sub === 'todense') {
    if (H.encodingOf(v) === H.ENC_SPARSE) { if (toDense() === null) return; c.w.int(1); }
    else c.w.int(0);
  } else {
    c.w.error(`ERR Unknown PFDEBUG subcommand '${argv[1]}'`);
  }
}

/** Checks the representation against itself: sparse and dense agree, counts stay close. */
function pfselftest(c: Client): void {
  const sp = new H.HllBuf(H.newSparse(), 1 << 30);
  const de = new H.HllBuf(H.newSparse(), 1 << 30);
  de.toDense();
  for (let i = 0; i < 2000; i++) {
    const e = 'selftest:' + i;
    const n = H.patLen(e), idx = H.lastIndex();
    sp.set(idx, n); de.set(idx, n);
  }
  const a = H.countString(sp.b.latin1Slice()), b = H.countString(de.b.latin1Slice());
  if (a !== b || Math.abs(a - 2000) > 2000 * 0.05) { c.w.error(`ERR TESTFAILED sparse/dense mismatch ${a} ${b}`); return; }
  c.w.ok();
}

export const hll: Family = {
  name: 'hll',
  directives: [{ name: 'hll-sparse-max-bytes', type: 'memory', default: '3000', min: 0, max: Number.MAX_SAFE_INTEGER }],
  commands: [
    { name: 'pfadd', handler: pfadd, summary: 'Adds elements to a HyperLogLog, creating it when missing.' },
    { name: 'pfcount', handler: pfcount, summary: 'Estimates the number of distinct elements added to one or more HyperLogLogs.' },
    { name: 'pfmerge', handler: pfmerge, summary: 'Merges HyperLogLogs into a destination key.' },
    { name: 'pfdebug', handler: pfdebug, summary: 'Inspects or converts the internal encoding of a HyperLogLog (for debugging).' },
    { name: 'pfselftest', handler: pfselftest, summary: 'Runs an internal consistency check of the HyperLogLog code.' },
  ],
  init(server) {
    server.config.onChange('hll-sparse-max-bytes', v => { server.hllSparseMax = Number(v); });
  },
};
