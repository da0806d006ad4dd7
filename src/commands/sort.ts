/**
 * SORT and SORT_RO (Redis 7.0 semantics) over lists, sets and sorted sets.
 *
 * The list, set and hash types belong to other families; this file reads
 * them only through the small duck-typed interface below, so it does not
 * depend on their modules:
 *  - list (type 'list'): `toArray(): string[]` head to tail, or iterable.
 *  - set  (type 'set'):  `members(): string[]`, or iterable.
 *  - hash (type 'hash'): `get(field): string | undefined` (for BY/GET `->`).
 * SORT ... STORE builds its list with `server.listFactory(items)` when a
 * family registered one, else with the lists family's RList (src/types/
 * list.js, loaded dynamically: `new RList()` + `pushTail(v, fill)`), else
 * with the minimal StoredList stand-in below.
 */
import type { Family } from './family.js';
import { parseDouble } from '../util/num.js';
import type { Client } from '../server/client.js';
import type { Database, RObject, Value } from '../db/database.js';
import { ZSet } from '../types/zset.js';
import { WRONGTYPE, SYNTAX, NOT_INTEGER } from './errors.js';
import { parseLL } from '../util/num.js';
import { notify, NOTIFY_LIST, NOTIFY_GENERIC } from '../db/notify.js';

declare module '../server/server.js' {
  interface Server {
    /** Builds a list value from its elements, head to tail (registered by the lists family). */
    listFactory?: (items: string[]) => RObject;
  }
}

/*
 * The lists family's type, when it is there: loaded by a computed dynamic
 * import so this file compiles without it; used by the default listFactory.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const LIST_MODULE = '../types/list.js';
let RListClass: any = null;
try {
  const mod: any = await import(LIST_MODULE);
  if (typeof mod.RList === 'function' && typeof mod.RList.prototype.pushTail === 'function') RListClass = mod.RList;
} catch { /* lists family not present */ }
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Stand-in list for SORT ... STORE when neither server.listFactory nor the lists type exists. */
export class StoredList implements RObject {
  readonly type = 'list' as const;
  constructor(readonly items: string[]) {}
  get length(): number { return this.items.length; }
  encoding(): string { return 'quicklist'; }
  dup(): StoredList { return new StoredList(this.items.slice()); }
  toArray(): string[] { return this.items.slice(); }
  [Symbol.iterator](): Iterator<string> { return this.items[Symbol.iterator](); }
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function elementsOf(v: any): string[] {
  if (v.type === 'list' && typeof v.toArray === 'function') return v.toArray();
  if (v.type === 'set' && typeof v.members === 'function') return [...v.members()];
  return [...(v as Iterable<string>)];
}

function hashField(v: any, field: string): string | undefined {
  return typeof v.get === 'function' ? v.get(field) : undefined;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The part of s before its first NUL byte (what C string functions see). */
function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i === -1 ? s : s.slice(0, i);
}

/**
 * Resolves a BY/GET pattern for one element: "#" is the element itself;
 * otherwise the first '*' is replaced by the element and the key is read,
 * as a string, or as a hash field when the pattern ends in "->field".
 */
function lookupByPattern(db: Database, pattern: string, elem: string): string | undefined {
  const cp = cstr(pattern);
  if (cp === '#') return elem;
  const star = cp.indexOf('*');
  if (star === -1) return undefined;
  const arrow = cp.indexOf('->', star + 1);
  let fieldLen = 0;
  let field: string | null = null;
  if (arrow !== -1 && arrow + 2 < cp.length) {
    fieldLen = pattern.length - arrow - 2;
    field = pattern.slice(arrow + 2);
  }
  const postLen = pattern.length - (star + 1) - (fieldLen ? fieldLen + 2 : 0);
  const key = pattern.slice(0, star) + elem + pattern.slice(star + 1, star + 1 + postLen);
  const o = db.lookupRead(key);
  if (o === undefined) return undefined;
  if (field !== null) {
    if (typeof o === 'string' || o.type !== 'hash') return undefined;
    return hashField(o, field);
  }
  return typeof o === 'string' ? o : undefined;
}

/** strtod over the whole string, as SORT reads numeric weights (leading spaces allowed); undefined on error (junk, range, NaN). */
function sortScore(s: string): number | undefined {
  const t = s.replace(/^[ \t\n\v\f\r]+/, '');
  if (t.length === 0) return s.length === 0 ? 0 : undefined;
  return parseDouble(t);
}

function bcmp(a: string, b: string): number {
  return a < b ? -1 : (a > b ? 1 : 0);
}

interface Item { obj: string; score: number; cmp: string | undefined }

function makeList(c: Client, items: string[]): RObject {
  const f = c.server.listFactory;
  if (f) return f(items);
  if (RListClass !== null) {
    const l = new RListClass();
    const fill = (c.server as unknown as { listFill?: number }).listFill ?? -2;
    for (const v of items) l.pushTail(v, fill);
    return l as RObject;
  }
  return new StoredList(items);
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false, alpha = false, dontsort = false;
  let limStart = 0, limCount = -1;
  let storeKey: string | null = null;
  let sortBy: string | null = null;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const o = argv[j].toLowerCase();
    if (o === 'asc') desc = false;
    else if (o === 'desc') desc = true;
    else if (o === 'alpha') alpha = true;
    else if (o === 'limit' && left >= 2) {
      const a = parseLL(argv[j + 1]);
      if (a === undefined) { c.w.error(NOT_INTEGER); return; }
      const b = parseLL(argv[j + 2]);
      if (b === undefined) { c.w.error(NOT_INTEGER); return; }
      limStart = a; limCount = b;
      j += 2;
    } else if (!readonly && o === 'store' && left >= 1) {
      storeKey = argv[j + 1];
      j++;
    } else if (o === 'by' && left >= 1) {
      sortBy = argv[j + 1];
      if (cstr(sortBy).indexOf('*') === -1) dontsort = true;
      else if (c.server.clusterEnabled) { c.w.error('ERR BY option of SORT denied in Cluster mode.'); return; }
      j++;
    } else if (o === 'get' && left >= 1) {
      if (c.server.clusterEnabled) { c.w.error('ERR GET option of SORT denied in Cluster mode.'); return; }
      gets.push(argv[j + 1]);
      j++;
    } else { c.w.error(SYNTAX); return; }
  }
  const db = c.db;
  const sv: Value | undefined = db.lookupRead(argv[1]);
  if (sv !== undefined && (typeof sv === 'string' || (sv.type !== 'set' && sv.type !== 'list' && sv.type !== 'zset'))) {
    c.w.error(WRONGTYPE);
    return;
  }
  const type = sv === undefined ? 'list' : sv.type;
  // a set has no order of its own: when storing (or inside a script, i.e. a
  // client without a connection), sort it so the result is deterministic
  if (dontsort && type === 'set' && (storeKey !== null || c.isFake)) { dontsort = false; alpha = true; sortBy = null; }
  if (sv !== undefined && type === 'zset') (sv as ZSet).toSkiplist(); // as Redis does, SORT converts the zset

  let vectorLen = sv === undefined ? 0 : (type === 'zset' ? (sv as ZSet).size : -1);
  let elems: string[] | null = null;
  if (sv !== undefined && type !== 'zset') { elems = elementsOf(sv); vectorLen = elems.length; }
  let start = limStart < 0 ? 0 : limStart;
  let end = limCount < 0 ? vectorLen - 1 : start + limCount - 1;
  if (start >= vectorLen) { start = vectorLen - 1; end = vectorLen - 2; }
  if (end >= vectorLen) end = vectorLen - 1;

  let vec: Item[] = [];
  if (sv !== undefined && dontsort && (type === 'list' || type === 'zset')) {
    // native order, honouring DESC, loading only the LIMIT window
    if (end >= start) {
      const n = end - start + 1;
      if (type === 'list') {
        const e = elems as string[];
        for (let k = 0; k < n; k++) {
          const i = desc ? e.length - 1 - start - k : start + k;
          if (i < 0 || i >= e.length) break;
          vec.push({ obj: e[i], score: 0, cmp: undefined });
        }
      } else {
        const z = sv as ZSet;
        const zl = z.size;
        if (desc) z.range(zl - start - n, zl - 1 - start, true, m => { vec.push({ obj: m, score: 0, cmp: undefined }); });
        else z.range(start, start + n - 1, false, m => { vec.push({ obj: m, score: 0, cmp: undefined }); });
      }
      end -= start;
      start = 0;
    }
  } else if (sv !== undefined) {
    if (type === 'zset') (sv as ZSet).forEach(m => { vec.push({ obj: m, score: 0, cmp: undefined }); });
    else vec = (elems as string[]).map(obj => ({ obj, score: 0, cmp: undefined }));
  }

  let convError = false;
  if (!dontsort) {
    for (const it of vec) {
      let by: string | undefined;
      if (sortBy !== null) {
        by = lookupByPattern(db, sortBy, it.obj);
        if (by === undefined) continue;
      } else by = it.obj;
      if (alpha) {
        if (sortBy !== null) it.cmp = by;
      } else {
        const s = sortScore(by);
        if (s === undefined) convError = true; else it.score = s;
      }
    }
    const byPattern = sortBy !== null;
    const store = storeKey !== null;
    // without STORE Redis compares with strcoll(), which stops at a NUL byte (C locale)
    const coll = (a: string, b: string) => (store ? bcmp(a, b) : bcmp(cstr(a), cstr(b)));
    const cmpFn = (a: Item, b: Item): number => {
      let r: number;
      if (!alpha) {
        r = a.score > b.score ? 1 : (a.score < b.score ? -1 : bcmp(a.obj, b.obj));
      } else if (byPattern) {
        if (a.cmp === undefined || b.cmp === undefined) r = a.cmp === b.cmp ? 0 : (a.cmp === undefined ? -1 : 1);
        else r = coll(a.cmp, b.cmp);
      } else {
        r = coll(a.obj, b.obj);
      }
      return desc ? -r : r;
    };
    vec.sort(cmpFn);
  }

  const outLen = gets.length ? gets.length * (end - start + 1) : end - start + 1;
  if (convError) { c.w.error("ERR One or more scores can't be converted into double"); return; }
  if (storeKey === null) {
    const w = c.w;
    w.array(Math.max(0, outLen));
    for (let j = start; j <= end; j++) {
      const obj = vec[j].obj;
      if (!gets.length) w.bulk(obj);
      for (const g of gets) w.bulkOrNull(lookupByPattern(db, g, obj));
    }
    return;
  }
  const items: string[] = [];
  for (let j = start; j <= end; j++) {
    const obj = vec[j].obj;
    if (!gets.length) items.push(obj);
    else for (const g of gets) items.push(lookupByPattern(db, g, obj) ?? '');
  }
  if (outLen > 0) {
    db.set(storeKey, makeList(c, items));
    db.ready(storeKey);
    notify(c, NOTIFY_LIST, 'sortstore', storeKey);
  } else if (db.delete(storeKey)) {
    notify(c, NOTIFY_GENERIC, 'del', storeKey);
  }
  c.w.int(Math.max(0, outLen));
}

export const sort: Family = {
  name: 'sort',
  commands: [
    { name: 'sort', handler: (c, a) => sortGeneric(c, a, false), summary: 'Sorts the elements of a list, set or sorted set, optionally by external keys, and returns or stores them.' },
    { name: 'sort_ro', handler: (c, a) => sortGeneric(c, a, true), summary: 'Read-only SORT (no STORE).' },
  ],
};
