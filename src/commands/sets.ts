/**
 * Set commands (SADD ... SSCAN) over RSet (src/types/set.ts), with Redis
 * 7.0's replies, errors, encodings and keyspace events. Owns the
 * set-max-intset-entries directive.
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { RSet } from '../types/set.js';
import { WRONGTYPE, SYNTAX } from './errors.js';
import { parseLLBig, LLONG_MAX } from '../util/num.js';
import { notify, NOTIFY_SET, NOTIFY_GENERIC } from '../db/notify.js';
import { globMatch } from '../util/glob.js';
import {
  sizeDirective, parseRandomCount, sampleIndices, sampleSlots, replyTooBig,
  parseScanCursor, parseScanOpts, writeScanReply,
} from './hashes.js';

declare module '../server/server.js' {
  interface Server {
    /** set-max-intset-entries, mirrored from config. */
    setMaxIntset: number;
  }
}

function readSet(c: Client, key: string): RSet | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'set') { c.w.error(WRONGTYPE); return null; }
  return v as RSet;
}

function writeSet(c: Client, key: string): RSet | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'set') { c.w.error(WRONGTYPE); return null; }
  return v as RSet;
}

function sadd(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  const max = c.server.setMaxIntset;
  let added = 0;
  if (s === undefined) {
    const ns = RSet.create(argv[2]);
    added = ns.addMany(argv, 2, max);
    c.db.add(key, ns);
  } else {
    added = s.addMany(argv, 2, max);
    if (added) c.db.touched(key);
  }
  if (added) notify(c, NOTIFY_SET, 'sadd', key);
  c.w.int(added);
}

function srem(c: Client, argv: string[]): void {
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined) { c.w.int(0); return; }
  const deleted = s.removeMany(argv, 2);
  let removed = false;
  if (deleted) {
    if (s.size === 0) { c.db.delete(key); removed = true; } else c.db.touched(key);
    notify(c, NOTIFY_SET, 'srem', key);
    if (removed) notify(c, NOTIFY_GENERIC, 'del', key);
  }
  c.w.int(deleted);
}

function scard(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.w.int(s === undefined ? 0 : s.size);
}

function sismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.w.int(s !== undefined && s.has(argv[2]) ? 1 : 0);
}

function smismember(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.w.int(s !== undefined && s.has(argv[i]) ? 1 : 0);
}

function smembers(c: Client, argv: string[]): void {
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) { c.w.set(0); return; }
  const w = c.w;
  w.set(s.size);
  s.forEach(m => { w.bulk(m); });
}

function smove(c: Client, argv: string[]): void {
  const srcKey = argv[1], dstKey = argv[2], ele = argv[3];
  const src = c.db.lookupWrite(srcKey);
  const dst = c.db.lookupWrite(dstKey);
  if (src === undefined) { c.w.int(0); return; }
  if (typeof src === 'string' || src.type !== 'set' || (dst !== undefined && (typeof dst === 'string' || dst.type !== 'set'))) {
    c.w.error(WRONGTYPE);
    return;
  }
  const srcSet = src as RSet;
  if (src === dst) { c.w.int(srcSet.has(ele) ? 1 : 0); return; }
  if (!srcSet.remove(ele)) { c.w.int(0); return; }
  notify(c, NOTIFY_SET, 'srem', srcKey);
  if (srcSet.size === 0) {
    c.db.delete(srcKey);
    notify(c, NOTIFY_GENERIC, 'del', srcKey);
  } else {
    c.db.touched(srcKey);
  }
  const max = c.server.setMaxIntset;
  if (dst === undefined) {
    const ns = RSet.create(ele);
    ns.add(ele, max);
    c.db.add(dstKey, ns);
    notify(c, NOTIFY_SET, 'sadd', dstKey);
  } else if ((dst as RSet).add(ele, max)) {
    c.db.touched(dstKey);
    notify(c, NOTIFY_SET, 'sadd', dstKey);
  }
  c.w.int(1);
}

// ---- random access -------------------------------------------------------

function spop(c: Client, argv: string[]): void {
  if (argv.length === 3) { spopWithCount(c, argv); return; }
  if (argv.length > 3) { c.w.error(SYNTAX); return; }
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  if (s === undefined) { c.w.nullBulk(); return; }
  const m = s.pop() as string;
  notify(c, NOTIFY_SET, 'spop', key);
  c.w.bulk(m);
  if (s.size === 0) {
    c.db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
  } else {
    c.db.touched(key);
  }
}

function spopWithCount(c: Client, argv: string[]): void {
  const l = parseLLBig(argv[2]);
  if (l === undefined || l < 0n) { c.w.error('ERR value is out of range, must be positive'); return; }
  const key = argv[1];
  const s = writeSet(c, key);
  if (s === null) return;
  const w = c.w;
  if (s === undefined) { w.set(0); return; }
  if (l === 0n) { w.set(0); return; }
  const size = s.size;
  const count = l >= BigInt(size) ? size : Number(l);
  notify(c, NOTIFY_SET, 'spop', key);
  if (count >= size) {
    // the whole set, in the order of a fresh union (intset order when it is one)
    const all = RSet.createIntset();
    const max = c.server.setMaxIntset;
    s.forEach(m => { all.add(m, max); });
    w.set(all.size);
    all.forEach(m => { w.bulk(m); });
    c.db.delete(key);
    notify(c, NOTIFY_GENERIC, 'del', key);
    return;
  }
  w.set(count);
  const remaining = size - count;
  if (s.isIntset || remaining * 5 > count) {
    // (an intset keeps its encoding either way: Redis's rebuild of the survivors gives an intset again)
    for (const m of s.popMany(count)) w.bulk(m);
    c.db.touched(key);
    return;
  }
  // few survivors: move them to a new set and return what is left of the old one
  const max = c.server.setMaxIntset;
  let ns: RSet | null = null;
  for (let i = 0; i < remaining; i++) {
    const m = s.pop() as string;
    if (ns === null) ns = RSet.create(m);
    ns.add(m, max);
  }
  s.forEach(m => { w.bulk(m); });
  c.db.replace(key, ns as RSet);
  c.db.touched(key);
}

function srandmember(c: Client, argv: string[]): void {
  if (argv.length === 3) { srandmemberWithCount(c, argv); return; }
  if (argv.length > 3) { c.w.error(SYNTAX); return; }
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) { c.w.nullBulk(); return; }
  c.w.bulk(s.random() as string);
}

function srandmemberWithCount(c: Client, argv: string[]): void {
  const lb = parseRandomCount(c, argv[2]);
  if (lb === undefined) return;
  const l = Number(lb);
  const s = readSet(c, argv[1]);
  if (s === null) return;
  const w = c.w;
  if (s === undefined) { w.array(0); return; }
  const size = s.size;
  const uniq = l >= 0;
  const count = uniq ? l : -l;
  if (count === 0) { w.array(0); return; }
  if (!uniq || count === 1) {
    w.array(count);
    for (let i = 0; i < count; i++) {
      w.bulk(s.random() as string);
      if ((i & 1023) === 1023 && replyTooBig(c)) return;
    }
    return;
  }
  if (count >= size) {
    w.array(size);
    s.forEach(m => { w.bulk(m); });
    return;
  }
  w.array(count);
  const d = s.dict;
  if (d === null) {
    for (const i of sampleIndices(size, count)) w.bulk(s.intAt(i));
    return;
  }
  for (const slot of sampleSlots(d, count)) w.bulk(d.keyAt(slot) as string);
}

// ---- algebra -------------------------------------------------------------

/** Looks up the source sets; replies WRONGTYPE and returns null on a non-set. Missing keys are undefined. */
function lookupSources(c: Client, keys: string[]): (RSet | undefined)[] | null {
  const out: (RSet | undefined)[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const v = c.db.lookupRead(keys[i]);
    if (v === undefined) { out[i] = undefined; continue; }
    if (typeof v === 'string' || v.type !== 'set') { c.w.error(WRONGTYPE); return null; }
    out[i] = v as RSet;
  }
  return out;
}

/** Stores a result set (or deletes dst when it is empty) and replies its size, as the *STORE commands do. */
function storeResult(c: Client, dst: string, result: RSet, event: string): void {
  const n = result.size;
  if (n > 0) {
    c.db.set(dst, result);
    c.w.int(n);
    notify(c, NOTIFY_SET, event, dst);
  } else {
    c.w.int(0);
    if (c.db.delete(dst)) notify(c, NOTIFY_GENERIC, 'del', dst);
  }
}

function sinterGeneric(c: Client, keys: string[], dst: string | null, cardOnly: boolean, limit: number): void {
  const found = lookupSources(c, keys);
  if (found === null) return;
  if (found.some(s => s === undefined)) {
    if (dst !== null) {
      c.w.int(0);
      if (c.db.delete(dst)) notify(c, NOTIFY_GENERIC, 'del', dst);
    } else if (cardOnly) c.w.int(0);
    else c.w.set(0);
    return;
  }
  const sets = (found as RSet[]).slice().sort((a, b) => a.size - b.size);
  const first = sets[0];
  const max = c.server.setMaxIntset;
  const out: string[] = [];
  const stored = dst !== null ? RSet.createIntset() : null;
  let card = 0;
  let stop = false;
  first.forEach(m => {
    if (stop) return;
    for (let j = 1; j < sets.length; j++) {
      if (sets[j] === first) continue;
      if (!sets[j].has(m)) return;
    }
    if (cardOnly) {
      card++;
      if (limit && card >= limit) stop = true;
    } else if (stored !== null) stored.add(m, max);
    else out.push(m);
  });
  if (cardOnly) c.w.int(card);
  else if (stored !== null) storeResult(c, dst as string, stored, 'sinterstore');
  else {
    c.w.set(out.length);
    for (const m of out) c.w.bulk(m);
  }
}

const UNION = 0, DIFF = 1;

function sunionDiffGeneric(c: Client, keys: string[], dst: string | null, op: number): void {
  const sets = lookupSources(c, keys);
  if (sets === null) return;
  const max = c.server.setMaxIntset;
  const result = RSet.createIntset();
  if (op === UNION) {
    for (const s of sets) if (s !== undefined) s.forEach(m => { result.add(m, max); });
  } else {
    const first = sets[0];
    let sameset = false;
    for (let j = 1; j < sets.length; j++) if (sets[j] !== undefined && sets[j] === first) sameset = true;
    if (first !== undefined && !sameset) {
      let one = 0, two = 0;
      for (const s of sets) if (s !== undefined) { one += first.size; two += s.size; }
      one = Math.floor(one / 2);
      if (one <= two) {
        // check each member of the first set against the others (largest first)
        const others = sets.slice(1).filter((s): s is RSet => s !== undefined).sort((a, b) => b.size - a.size);
        first.forEach(m => {
          for (const o of others) if (o.has(m)) return;
          result.add(m, max);
        });
      } else {
        // copy the first set, then remove what the others hold
        first.forEach(m => { result.add(m, max); });
        for (let j = 1; j < sets.length && result.size > 0; j++) {
          const s = sets[j];
          if (s !== undefined) s.forEach(m => { result.remove(m); });
        }
      }
    }
  }
  if (dst !== null) { storeResult(c, dst, result, op === UNION ? 'sunionstore' : 'sdiffstore'); return; }
  const w = c.w;
  w.set(result.size);
  result.forEach(m => { w.bulk(m); });
}

function sinter(c: Client, argv: string[]): void { sinterGeneric(c, argv.slice(1), null, false, 0); }
function sinterstore(c: Client, argv: string[]): void { sinterGeneric(c, argv.slice(2), argv[1], false, 0); }
function sunion(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(1), null, UNION); }
function sunionstore(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(2), argv[1], UNION); }
function sdiff(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(1), null, DIFF); }
function sdiffstore(c: Client, argv: string[]): void { sunionDiffGeneric(c, argv.slice(2), argv[1], DIFF); }

function sintercard(c: Client, argv: string[]): void {
  const nk = parseLLBig(argv[1]);
  if (nk === undefined || nk < 1n || nk > LLONG_MAX) { c.w.error('ERR numkeys should be greater than 0'); return; }
  if (nk > BigInt(argv.length - 2)) { c.w.error("ERR Number of keys can't be greater than number of args"); return; }
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (argv[j].toLowerCase() === 'limit' && more > 0) {
      j++;
      const v = parseLLBig(argv[j]);
      if (v === undefined || v < 0n) { c.w.error("ERR LIMIT can't be negative"); return; }
      limit = Number(v);
    } else {
      c.w.error(SYNTAX);
      return;
    }
  }
  sinterGeneric(c, argv.slice(2, 2 + numkeys), null, true, limit);
}

function sscan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === undefined) { c.w.error('ERR invalid cursor'); return; }
  const s = readSet(c, argv[1]);
  if (s === null) return;
  if (s === undefined) { writeScanReply(c, 0, []); return; }
  const o = parseScanOpts(c, argv, 3);
  if (o === undefined) return;
  const items: string[] = [];
  const pat = o.pattern;
  const d = s.dict;
  let next = 0;
  if (d === null) {
    s.forEach(m => { if (pat === null || globMatch(pat, m)) items.push(m); });
  } else {
    next = d.scan(Number(cursor & 0xffffffffn), o.count, slot => {
      const m = d.keyAt(slot) as string;
      if (pat === null || globMatch(pat, m)) items.push(m);
    });
  }
  writeScanReply(c, next, items);
}

export const sets: Family = {
  name: 'sets',
  directives: [sizeDirective('set-max-intset-entries', null, '512')],
  init(server: Server) {
    server.setMaxIntset = 512;
    server.config.onChange('set-max-intset-entries', v => { server.setMaxIntset = Number(v); });
  },
  commands: [
    { name: 'sadd', handler: sadd, summary: 'Adds members to a set, creating it if needed; returns how many were new.', warm: 2 },
    { name: 'srem', handler: srem, summary: 'Removes members from a set; the key goes away with its last member.', warm: 2 },
    { name: 'scard', handler: scard, summary: 'Returns how many members a set holds.' },
    { name: 'sismember', handler: sismember, summary: 'Tells whether a value is a member of a set.', warm: 2 },
    { name: 'smismember', handler: smismember, summary: 'Tells, for each of several values, whether it is a member of a set.', warm: 2 },
    { name: 'smembers', handler: smembers, summary: 'Returns every member of a set.' },
    { name: 'srandmember', handler: srandmember, summary: 'Returns one or more random members of a set without removing them.' },
    { name: 'spop', handler: spop, summary: 'Removes and returns one or more random members of a set.' },
    { name: 'smove', handler: smove, summary: 'Moves a member from one set to another.' },
    { name: 'sinter', handler: sinter, summary: 'Returns the members common to every given set.' },
    { name: 'sintercard', handler: sintercard, summary: 'Counts the members common to every given set, optionally stopping at a limit.' },
    { name: 'sinterstore', handler: sinterstore, summary: 'Stores the intersection of sets in a key and returns its size.' },
    { name: 'sunion', handler: sunion, summary: 'Returns the members present in any of the given sets.' },
    { name: 'sunionstore', handler: sunionstore, summary: 'Stores the union of sets in a key and returns its size.' },
    { name: 'sdiff', handler: sdiff, summary: 'Returns the members of the first set that no other given set holds.' },
    { name: 'sdiffstore', handler: sdiffstore, summary: 'Stores the difference of sets in a key and returns its size.' },
    { name: 'sscan', handler: sscan, summary: 'Walks the members of a set incrementally with a cursor.' },
  ],
};
