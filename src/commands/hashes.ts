/**
 * Hash commands (HSET ... HSCAN) over RHash (src/types/hash.ts), with Redis
 * 7.0's replies, errors, conversions and keyspace events. Also owns the
 * hash-max-listpack-* directives and the HSCAN/SSCAN argument parsing shared
 * with the set family.
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { ConfigError, type Directive } from '../server/config.js';
import { RHash, type HashLimits } from '../types/hash.js';
import type { Dict } from '../types/dict.js';
import { WRONGTYPE, NOT_INTEGER, NOT_FLOAT, OVERFLOW, SYNTAX, wrongArgs } from './errors.js';
import { parseLL, parseLLBig, LLONG_MAX, LLONG_MIN } from '../util/num.js';
import { notify, NOTIFY_HASH, NOTIFY_GENERIC } from '../db/notify.js';
import { globMatch } from '../util/glob.js';
import { parseLongDouble, ldAdd, ldFormatHuman, ldFromBigInt, ldIsFinite, type LongDouble } from '../util/longdouble.js';

declare module '../server/server.js' {
  interface Server {
    /** hash-max-listpack-entries / hash-max-listpack-value, mirrored from config. */
    hashLimits: HashLimits;
  }
}

const LONG_MAX = LLONG_MAX;

/** A size_t-style directive (0..LONG_MAX, strict integer), as Redis 7.0 declares the encoding limits. */
export function sizeDirective(name: string, alias: string | null, def: string): Directive {
  return {
    name, aliases: alias === null ? [] : [alias], type: 'special', default: def,
    parse: (args: string[]) => {
      if (args.length !== 1) throw new ConfigError('wrong number of arguments');
      const v = parseLLBig(args[0]);
      if (v === undefined) throw new ConfigError("argument couldn't be parsed into an integer");
      if (v < 0n) throw new ConfigError('argument must be between 0 and 9223372036854775807 inclusive');
      return v.toString();
    },
  };
}

function hashDirectives(): Directive[] {
  return [
    sizeDirective('hash-max-listpack-entries', 'hash-max-ziplist-entries', '512'),
    sizeDirective('hash-max-listpack-value', 'hash-max-ziplist-value', '64'),
  ];
}

/** Looks a key up for reading; replies WRONGTYPE and returns null when it is not a hash. */
function readHash(c: Client, key: string): RHash | undefined | null {
  const v = c.db.lookupRead(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'hash') { c.w.error(WRONGTYPE); return null; }
  return v as RHash;
}

function writeHash(c: Client, key: string): RHash | undefined | null {
  const v = c.db.lookupWrite(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== 'hash') { c.w.error(WRONGTYPE); return null; }
  return v as RHash;
}

function hsetGeneric(c: Client, argv: string[], isHmset: boolean): void {
  if (argv.length % 2 === 1) { c.w.error(wrongArgs(c.cmd?.fullName ?? argv[0].toLowerCase())); return; }
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  const lim = c.server.hashLimits;
  let created: number;
  if (h === undefined) {
    const nh = new RHash();
    nh.tryConversion(argv, 2, argv.length - 1, lim);
    created = nh.setMany(argv, 2, lim);
    c.db.add(key, nh);
  } else {
    h.tryConversion(argv, 2, argv.length - 1, lim);
    created = h.setMany(argv, 2, lim);
    c.db.touched(key);
  }
  if (isHmset) c.w.ok(); else c.w.int(created);
  notify(c, NOTIFY_HASH, 'hset', key);
}

function hset(c: Client, argv: string[]): void { hsetGeneric(c, argv, false); }
function hmset(c: Client, argv: string[]): void { hsetGeneric(c, argv, true); }

function hsetnx(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  const lim = c.server.hashLimits;
  if (h !== undefined && h.has(argv[2])) { c.w.int(0); return; }
  if (h === undefined) {
    const nh = new RHash();
    nh.tryConversion(argv, 2, 3, lim);
    nh.set(argv[2], argv[3], lim);
    c.db.add(key, nh);
  } else {
    h.tryConversion(argv, 2, 3, lim);
    h.set(argv[2], argv[3], lim);
    c.db.touched(key);
  }
  c.w.int(1);
  notify(c, NOTIFY_HASH, 'hset', key);
}

function hget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  const v = h === undefined ? undefined : h.get(argv[2]);
  if (v === undefined) c.w.nullBulk(); else c.w.bulk(v);
}

function hmget(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const v = h === undefined ? undefined : h.get(argv[i]);
    if (v === undefined) c.w.nullBulk(); else c.w.bulk(v);
  }
}

function hdel(c: Client, argv: string[]): void {
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  if (h === undefined) { c.w.int(0); return; }
  const deleted = h.deleteMany(argv, 2);
  let removed = false;
  if (deleted) {
    if (h.size === 0) { c.db.delete(key); removed = true; } else c.db.touched(key);
    notify(c, NOTIFY_HASH, 'hdel', key);
    if (removed) notify(c, NOTIFY_GENERIC, 'del', key);
  }
  c.w.int(deleted);
}

function hlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.int(h === undefined ? 0 : h.size);
}

function hstrlen(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.int(h === undefined ? 0 : h.strlen(argv[2]));
}

function hexists(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  c.w.int(h !== undefined && h.has(argv[2]) ? 1 : 0);
}

const KEYS = 1, VALS = 2;
function getAllGeneric(c: Client, argv: string[], what: number): void {
  const h = readHash(c, argv[1]);
  if (h === null) return;
  const w = c.w;
  if (h === undefined) { if (what === (KEYS | VALS)) w.map(0); else w.array(0); return; }
  if (what === (KEYS | VALS)) w.map(h.size); else w.array(h.size);
  h.forEach((f, v) => {
    if (what & KEYS) w.bulk(f);
    if (what & VALS) w.bulk(v);
  });
}

function hgetall(c: Client, argv: string[]): void { getAllGeneric(c, argv, KEYS | VALS); }
function hkeys(c: Client, argv: string[]): void { getAllGeneric(c, argv, KEYS); }
function hvals(c: Client, argv: string[]): void { getAllGeneric(c, argv, VALS); }

function hincrby(c: Client, argv: string[]): void {
  const incr = parseLLBig(argv[3]);
  if (incr === undefined) { c.w.error(NOT_INTEGER); return; }
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  let old = 0n;
  if (h !== undefined) {
    const cur = h.get(argv[2]);
    if (cur !== undefined) {
      const v = parseLLBig(cur);
      if (v === undefined) { c.w.error('ERR hash value is not an integer'); return; }
      old = v;
    }
  }
  if ((incr < 0n && old < 0n && incr < LLONG_MIN - old) || (incr > 0n && old > 0n && incr > LLONG_MAX - old)) {
    c.w.error(OVERFLOW);
    return;
  }
  const nv = old + incr;
  const lim = c.server.hashLimits;
  if (h === undefined) {
    const nh = new RHash();
    nh.set(argv[2], nv.toString(), lim);
    c.db.add(key, nh);
  } else {
    h.set(argv[2], nv.toString(), lim);
    c.db.touched(key);
  }
  c.w.int(nv);
  notify(c, NOTIFY_HASH, 'hincrby', key);
}

function hincrbyfloat(c: Client, argv: string[]): void {
  const incr = parseLongDouble(argv[3]);
  if (incr === undefined) { c.w.error(NOT_FLOAT); return; }
  if (!ldIsFinite(incr)) { c.w.error('ERR value is NaN or Infinity'); return; }
  const key = argv[1];
  const h = writeHash(c, key);
  if (h === null) return;
  let value: LongDouble = incr;
  if (h !== undefined) {
    const cur = h.get(argv[2]);
    if (cur !== undefined) {
      // listpack stores canonical integers as integers: same value either way
      const ll = parseLL(cur) !== undefined ? parseLLBig(cur) : undefined;
      const old = ll !== undefined ? ldFromBigInt(ll) : parseLongDouble(cur);
      if (old === undefined) { c.w.error('ERR hash value is not a float'); return; }
      value = ldAdd(old, incr);
    }
  }
  if (!ldIsFinite(value)) { c.w.error('ERR increment would produce NaN or Infinity'); return; }
  const text = ldFormatHuman(value);
  const lim = c.server.hashLimits;
  if (h === undefined) {
    const nh = new RHash();
    nh.set(argv[2], text, lim);
    c.db.add(key, nh);
  } else {
    h.set(argv[2], text, lim);
    c.db.touched(key);
  }
  c.w.bulk(text);
  notify(c, NOTIFY_HASH, 'hincrbyfloat', key);
}

/** Closes a client whose reply got absurdly large (Redis's CLIENT_CLOSE_ASAP), so huge counts cannot exhaust memory. */
const REPLY_CAP = 1024 * 1024 * 1024;
export function replyTooBig(c: Client): boolean {
  if (c.w.pending < REPLY_CAP) return false;
  c.w.discard();
  c.server.closeClient(c, false);
  return true;
}

export const RANDOM_RANGE_ERR = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';

/** Parses a HRANDFIELD/SRANDMEMBER count in [-LONG_MAX, LONG_MAX]; replies and returns undefined on error. */
export function parseRandomCount(c: Client, s: string): bigint | undefined {
  const v = parseLLBig(s);
  if (v === undefined) { c.w.error(NOT_INTEGER); return undefined; }
  if (v < -LONG_MAX) { c.w.error(RANDOM_RANGE_ERR); return undefined; }
  return v;
}

/** k distinct indices out of n (k < n), in increasing order: selection sampling, or random draws when k is small. */
export function sampleIndices(n: number, k: number): number[] {
  if (k * 3 <= n) {
    const seen = new Set<number>();
    while (seen.size < k) seen.add((Math.random() * n) | 0);
    return [...seen].sort((a, b) => a - b);
  }
  const out: number[] = [];
  for (let i = 0; i < n && out.length < k; i++) {
    if (Math.random() * (n - i) < k - out.length) out.push(i);
  }
  return out;
}

/** k distinct live slots of a dict (k < size), Redis's two strategies: drop from a copy, or collect randomly. */
export function sampleSlots<V>(d: Dict<V>, k: number): number[] {
  const size = d.size;
  if (k * 3 > size) {
    const slots: number[] = [];
    d.forEachSlot(s => { slots.push(s); });
    // partial Fisher-Yates: the first k after shuffling are a uniform sample
    for (let i = 0; i < k; i++) {
      const j = i + ((Math.random() * (slots.length - i)) | 0);
      const t = slots[i]; slots[i] = slots[j]; slots[j] = t;
    }
    slots.length = k;
    return slots;
  }
  const seen = new Set<number>();
  while (seen.size < k) seen.add(d.randomSlot());
  return [...seen];
}

function hrandfield(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = parseRandomCount(c, argv[2]);
    if (l === undefined) return;
    let withvalues = false;
    if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withvalues')) { c.w.error(SYNTAX); return; }
    if (argv.length === 4) {
      withvalues = true;
      if (l < -4611686018427387903n || l > 4611686018427387903n) { c.w.error('ERR value is out of range'); return; }
    }
    hrandfieldWithCount(c, argv[1], Number(l), withvalues);
    return;
  }
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) { c.w.nullBulk(); return; }
  const p = h.randomPair();
  if (p === undefined) c.w.nullBulk(); else c.w.bulk(p[0]);
}

function hrandfieldWithCount(c: Client, key: string, l: number, withvalues: boolean): void {
  const h = readHash(c, key);
  if (h === null) return;
  const w = c.w;
  if (h === undefined) { w.array(0); return; }
  const size = h.size;
  const uniq = l >= 0;
  const count = uniq ? l : -l;
  if (count === 0) { w.array(0); return; }
  const resp3 = c.resp === 3;
  const emit = (f: string, v: string) => {
    if (withvalues && resp3) w.array(2);
    w.bulk(f);
    if (withvalues) w.bulk(v);
  };
  if (!uniq || count === 1) {
    w.array(withvalues && !resp3 ? count * 2 : count);
    const d = h.dict;
    if (d !== null) {
      for (let i = 0; i < count; i++) {
        const s = d.randomSlot();
        emit(d.keyAt(s) as string, d.valAt(s) as string);
        if ((i & 1023) === 1023 && replyTooBig(c)) return;
      }
    } else {
      const offs = h.pairOffsets();
      const n = offs.length;
      for (let i = 0; i < count; i++) {
        const o = offs[(Math.random() * n) | 0];
        emit(h.fieldAt(o), withvalues ? h.valueAt(o) : '');
        if ((i & 1023) === 1023 && replyTooBig(c)) return;
      }
    }
    return;
  }
  const replySize = count < size ? count : size;
  w.array(withvalues && !resp3 ? replySize * 2 : replySize);
  if (count >= size) { h.forEach(emit); return; }
  const d = h.dict;
  if (d === null) {
    const offs = h.pairOffsets();
    for (const i of sampleIndices(offs.length, count)) emit(h.fieldAt(offs[i]), h.valueAt(offs[i]));
    return;
  }
  for (const s of sampleSlots(d, count)) emit(d.keyAt(s) as string, d.valAt(s) as string);
}

// ---- SCAN argument handling shared by HSCAN and SSCAN --------------------

const ULONG_MAX = 18446744073709551615n;

/** strtoul(s, 10) as Redis's parseScanCursorOrReply accepts it; undefined when invalid. */
export function parseScanCursor(s: string): bigint | undefined {
  if (s.length === 0) return 0n;
  const m = /^([+-]?)([0-9]*)$/.exec(s);
  if (!m) return undefined;
  if (m[2] === '') return undefined; // a lone sign: strtoul stops before it
  const v = BigInt(m[2]);
  if (v > ULONG_MAX) return undefined;
  if (m[1] === '-') return v === 0n ? 0n : (ULONG_MAX + 1n - v);
  return v;
}

export interface ScanOpts { count: number; pattern: string | null }

/** Parses COUNT / MATCH options from argv[from..]; replies and returns undefined on error. */
export function parseScanOpts(c: Client, argv: string[], from: number): ScanOpts | undefined {
  let count = 10;
  let pattern: string | null = null;
  let i = from;
  while (i < argv.length) {
    const left = argv.length - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'count' && left >= 2) {
      const n = parseLL(argv[i + 1]);
      if (n === undefined) { c.w.error(NOT_INTEGER); return undefined; }
      if (n < 1) { c.w.error(SYNTAX); return undefined; }
      count = n;
      i += 2;
    } else if (opt === 'match' && left >= 2) {
      const p = argv[i + 1];
      pattern = p === '*' ? null : p;
      i += 2;
    } else {
      c.w.error(SYNTAX);
      return undefined;
    }
  }
  return { count, pattern };
}

/** Writes a SCAN reply: [cursor, [items...]]. */
export function writeScanReply(c: Client, cursor: bigint | number, items: string[]): void {
  c.w.array(2);
  c.w.bulk(String(cursor));
  c.w.bulkArray(items);
}

function hscan(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === undefined) { c.w.error('ERR invalid cursor'); return; }
  const h = readHash(c, argv[1]);
  if (h === null) return;
  if (h === undefined) { writeScanReply(c, 0, []); return; }
  const o = parseScanOpts(c, argv, 3);
  if (o === undefined) return;
  const items: string[] = [];
  const pat = o.pattern;
  const d = h.dict;
  let next: number | bigint = 0;
  if (d === null) {
    h.forEach((f, v) => { if (pat === null || globMatch(pat, f)) items.push(f, v); });
  } else {
    next = d.scan(Number(cursor & 0xffffffffn), o.count, s => {
      const f = d.keyAt(s) as string;
      if (pat === null || globMatch(pat, f)) items.push(f, d.valAt(s) as string);
    });
  }
  writeScanReply(c, next, items);
}

export const hashes: Family = {
  name: 'hashes',
  directives: hashDirectives(),
  init(server: Server) {
    const lim: HashLimits = { maxEntries: 512, maxValue: 64 };
    server.hashLimits = lim;
    server.config.onChange('hash-max-listpack-entries', v => { lim.maxEntries = Number(v); });
    server.config.onChange('hash-max-listpack-value', v => { lim.maxValue = Number(v); });
  },
  commands: [
    { name: 'hset', handler: hset, summary: 'Sets one or more field-value pairs in a hash, creating it if needed; returns how many fields were added.', warm: 2 },
    { name: 'hmset', handler: hmset, summary: 'Sets one or more field-value pairs in a hash (older form of HSET that replies OK).', warm: 2 },
    { name: 'hsetnx', handler: hsetnx, summary: 'Sets a hash field only when that field does not exist yet.', warm: 2 },
    { name: 'hget', handler: hget, summary: 'Returns the value stored at a hash field.', warm: 2 },
    { name: 'hmget', handler: hmget, summary: 'Returns the values of several hash fields, nil for the missing ones.', warm: 2 },
    { name: 'hgetall', handler: hgetall, summary: 'Returns every field and value of a hash.' },
    { name: 'hdel', handler: hdel, summary: 'Removes fields from a hash; the key goes away with its last field.', warm: 2 },
    { name: 'hlen', handler: hlen, summary: 'Returns how many fields a hash holds.' },
    { name: 'hstrlen', handler: hstrlen, summary: 'Returns the byte length of the value at a hash field.', warm: 2 },
    { name: 'hexists', handler: hexists, summary: 'Tells whether a hash field exists.', warm: 2 },
    { name: 'hkeys', handler: hkeys, summary: 'Returns every field name of a hash.' },
    { name: 'hvals', handler: hvals, summary: 'Returns every value of a hash.' },
    { name: 'hincrby', handler: hincrby, summary: 'Adds an integer to the number stored at a hash field (missing fields count as 0).', warm: 2 },
    { name: 'hincrbyfloat', handler: hincrbyfloat, summary: 'Adds a floating point increment to the number stored at a hash field.', warm: 2 },
    { name: 'hrandfield', handler: hrandfield, summary: 'Returns one or more random fields of a hash, optionally with their values.' },
    { name: 'hscan', handler: hscan, summary: 'Walks the fields and values of a hash incrementally with a cursor.' },
  ],
};
