/**
 * The command table. Facts (arity, flags, ACL categories, key specs, tips,
 * argument shapes) come from facts.ts, generated from Redis 7.0.15; each family
 * file declares its handlers and own-words summaries. Dispatch, arity errors,
 * COMMAND, ACL categories and key extraction all read this one table.
 */
import { FACTS_JSON } from './facts.js';
import type { Client } from '../server/client.js';
import { parseLLBig } from '../util/num.js';

export type Handler = (c: Client, argv: string[]) => void;

export interface KeySpec {
  notes?: string;
  flags: string[];
  begin_search: { type: 'index'; spec: { index: number } } | { type: 'keyword'; spec: { keyword: string; startfrom: number } } | { type: 'unknown'; spec: Record<string, never> };
  find_keys: { type: 'range'; spec: { lastkey: number; keystep: number; limit: number } } | { type: 'keynum'; spec: { keynumidx: number; firstkey: number; keystep: number } } | { type: 'unknown'; spec: Record<string, never> };
}

export interface CommandInfoFacts {
  name: string;
  arity: number;
  flags: string[];
  first: number;
  last: number;
  step: number;
  acl: string[];
  tips: string[];
  keySpecs: KeySpec[];
  subcommands: CommandInfoFacts[];
}

export interface DocFacts {
  group?: string;
  since?: string;
  doc_flags?: string[];
  deprecated_since?: string;
  replaced_by?: string;
  arguments?: unknown[];
  subcommands?: Record<string, DocFacts>;
}

/** What a family file declares for one command or subcommand ("config|get"). */
export interface CommandDef {
  name: string;
  handler: Handler;
  /** One line in our own words, for COMMAND DOCS. */
  summary: string;
  complexity?: string;
  /**
   * Position in argv of the first member (field) this command looks up in
   * the collection stored at its first key: a pipeline of such commands on
   * one key warms those members together before running (see Server.processInput).
   */
  warm?: number;
}

export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

export class Command {
  readonly fullName: string;
  readonly name: string;
  readonly arity: number;
  readonly flags: ReadonlySet<string>;
  readonly isWrite: boolean;
  readonly isReadonly: boolean;
  readonly denyOom: boolean;
  readonly noAuth: boolean;
  readonly noScript: boolean;
  readonly noMulti: boolean;
  readonly isBlocking: boolean;
  readonly loading: boolean;
  readonly stale: boolean;
  readonly allowBusy: boolean;
  readonly movableKeys: boolean;
  /** EVAL/EVALSHA/FCALL and their _RO forms. */
  readonly isScript: boolean;
  /** Runs at once inside MULTI instead of being queued (MULTI, EXEC, DISCARD, WATCH, QUIT, RESET and their subcommands). */
  readonly skipsQueue: boolean;
  readonly acl: readonly string[];
  subcommands: Map<string, Command> | null = null;
  handler: Handler | null = null;
  summary = '';
  complexity?: string;
  /** See CommandDef.warm; 0 when none. */
  warm = 0;
  stats: CommandStats = { calls: 0, usec: 0, rejected: 0, failed: 0 };
  /** Latency histogram buckets (power-of-two microseconds) for LATENCY HISTOGRAM / latencystats. */
  histogram: number[] | null = null;
  /** A check of this command's own, run before the pipeline's filters (DEBUG's enable-debug-command); true = rejected. */
  guard: ((c: Client, cmd: Command, argv: string[]) => boolean) | null = null;

  constructor(readonly info: CommandInfoFacts, readonly docs: DocFacts, readonly parent: Command | null) {
    this.fullName = info.name;
    this.name = parent ? info.name.slice(parent.name.length + 1) : info.name;
    this.arity = info.arity;
    this.flags = new Set(info.flags);
    this.isWrite = this.flags.has('write');
    this.isReadonly = this.flags.has('readonly');
    this.denyOom = this.flags.has('denyoom');
    this.noAuth = this.flags.has('no_auth');
    this.noScript = this.flags.has('noscript');
    this.noMulti = this.flags.has('no_multi');
    this.isBlocking = this.flags.has('blocking');
    this.loading = this.flags.has('loading');
    this.stale = this.flags.has('stale');
    this.allowBusy = this.flags.has('allow_busy');
    this.movableKeys = this.flags.has('movablekeys');
    this.isScript = /^(eval|evalsha|eval_ro|evalsha_ro|fcall|fcall_ro)$/.test(info.name);
    this.skipsQueue = /^(exec|discard|multi|watch|quit|reset)$/.test(parent ? parent.name : info.name);
    this.acl = info.acl;
  }

  get implemented(): boolean {
    if (this.subcommands) {
      for (const s of this.subcommands.values()) if (s.implemented) return true;
      return false;
    }
    return this.handler !== null;
  }

  /** Positions of the key arguments in argv (Redis 7.0's getKeysFromCommandWithSpecs). */
  getKeys(argv: readonly string[]): number[] {
    if (this.specsFirst) {
      const pos: number[] = [];
      if (keysFromSpecs(this.info.keySpecs, argv, pos, null)) return pos;
    }
    const proc = KEY_PROCS[this.fullName];
    return proc ? proc(argv).map(k => k.pos) : [];
  }

  /** Whether the command has key arguments at all (COMMAND GETKEYS's "no key arguments" check). */
  get hasKeys(): boolean {
    if (KEY_PROCS[this.fullName] !== undefined) return true;
    for (const ks of this.info.keySpecs) if (!ks.flags.includes('not_key')) return true;
    return false;
  }

  /**
   * Like Redis: the key specs are used when some spec names real keys and no
   * spec has variable flags; when a spec is unknown, incomplete or does not
   * fit the arguments, the command's own procedure decides (KEY_PROCS).
   */
  private get specsFirst(): boolean {
    let v = this.specsFirstCache;
    if (v === undefined) {
      let real = false, varFlags = false;
      for (const ks of this.info.keySpecs) {
        if (!ks.flags.includes('not_key')) real = true;
        if (ks.flags.includes('variable_flags')) varFlags = true;
      }
      v = this.specsFirstCache = real && !varFlags;
    }
    return v;
  }
  private specsFirstCache: boolean | undefined = undefined;

  /** The key arguments of argv with their key-spec flags (COMMAND GETKEYSANDFLAGS). */
  keyRefs(argv: readonly string[]): KeyRef[] {
    if (this.specsFirst) {
      const pos: number[] = [], flags: (readonly string[])[] = [];
      if (keysFromSpecs(this.info.keySpecs, argv, pos, flags)) return pos.map((p, i) => ({ pos: p, flags: flags[i] }));
    }
    const proc = KEY_PROCS[this.fullName];
    return proc ? proc(argv) : [];
  }
}

export interface KeyRef { pos: number; flags: readonly string[] }

/**
 * Applies the key specs, appending positions (and flags when asked) to the
 * arrays; false when a spec cannot be applied (the caller then falls back to
 * the command's procedure).
 */
function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[], pos: number[], flags: (readonly string[])[] | null): boolean {
  const argc = argv.length;
  for (const ks of specs) {
    if (ks.flags.includes('not_key')) continue;
    if (ks.flags.includes('incomplete')) return false;
    let first = 0;
    const bs = ks.begin_search;
    if (bs.type === 'index') {
      first = bs.spec.index;
    } else if (bs.type === 'keyword') {
      const { keyword, startfrom } = bs.spec;
      const start = startfrom > 0 ? startfrom : argc + startfrom;
      const end = startfrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].length === keyword.length && argv[i].toUpperCase() === keyword.toUpperCase()) { first = i + 1; break; }
      }
      if (first === 0) continue;
    } else {
      return false;
    }
    const fk = ks.find_keys;
    let last: number, step: number;
    if (fk.type === 'range') {
      const { lastkey, keystep, limit } = fk.spec;
      step = keystep;
      if (lastkey >= 0) last = first + lastkey;
      else if (limit === 0) last = argc + lastkey;
      else last = first + (Math.trunc((argc - first) / limit) + lastkey);
    } else if (fk.type === 'keynum') {
      const { keynumidx, firstkey, keystep } = fk.spec;
      step = keystep;
      if (keynumidx >= argc - first) return false;
      const n = parseLLBig(argv[first + keynumidx]);
      if (n === undefined || n < 0n) return false;
      first += firstkey;
      last = first + Number(BigInt.asIntN(32, n)) - 1; // Redis casts the count to int
    } else {
      return false;
    }
    if (last >= argc || last < first || first >= argc) return false;
    for (let i = first; i <= last; i += step) { pos.push(i); if (flags) flags.push(ks.flags); }
  }
  return true;
}

const NO_FLAGS: readonly string[] = [];

/** C's atoi (leading blanks, optional sign, digits; the result wraps to 32 bits). */
function atoi(s: string): number {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  let v = 0n;
  const MAX = 9223372036854775807n;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    v = v * 10n + BigInt(s.charCodeAt(i) - 48);
    if (v > MAX) { v = neg ? MAX + 1n : MAX; break; }
  }
  return Number(BigInt.asIntN(32, neg ? -v : v));
}

/** numkeys-style commands: count at countOfs, keys from firstOfs, optional destination at storeOfs. */
function numkeysProc(storeOfs: number, countOfs: number, firstOfs: number): (argv: readonly string[]) => KeyRef[] {
  return argv => {
    const num = atoi(argv[countOfs]);
    if (num < 1 || num > argv.length - firstOfs) return [];
    const out: KeyRef[] = [];
    for (let i = 0; i < num; i++) out.push({ pos: firstOfs + i, flags: NO_FLAGS });
    if (storeOfs) out.push({ pos: storeOfs, flags: NO_FLAGS });
    return out;
  };
}

const eq = (a: string, b: string) => a.length === b.length && a.toLowerCase() === b;

function sortKeys(argv: readonly string[]): KeyRef[] {
  const out: KeyRef[] = [{ pos: 1, flags: ['RO', 'access'] }];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (eq(a, 'limit')) i += 2;
    else if (eq(a, 'get') || eq(a, 'by')) i += 1;
    else if (eq(a, 'store') && i + 1 < argv.length) store = i + 1;
  }
  if (store !== -1) out.push({ pos: store, flags: ['OW', 'update'] });
  return out;
}

function migrateKeys(argv: readonly string[]): KeyRef[] {
  let first = 3, num = 1;
  const argc = argv.length;
  if (argc > 6) {
    for (let i = 6; i < argc; i++) {
      const a = argv[i];
      if (eq(a, 'keys')) {
        if (argv[3].length > 0) return [];
        first = i + 1;
        num = argc - first;
        break;
      }
      if (eq(a, 'auth')) i += 1;
      else if (eq(a, 'auth2')) i += 2;
    }
  }
  const out: KeyRef[] = [];
  for (let i = 0; i < num; i++) out.push({ pos: first + i, flags: ['RW', 'access', 'delete'] });
  return out;
}

function georadiusKeys(argv: readonly string[]): KeyRef[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    if ((eq(argv[i], 'store') || eq(argv[i], 'storedist')) && i + 1 < argv.length) { stored = i + 1; i++; }
  }
  const out: KeyRef[] = [{ pos: 1, flags: NO_FLAGS }];
  if (stored !== -1) out.push({ pos: stored, flags: NO_FLAGS });
  return out;
}

function xreadKeys(argv: readonly string[]): KeyRef[] {
  const argc = argv.length;
  let streams = -1;
  for (let i = 1; i < argc; i++) {
    const a = argv[i];
    if (eq(a, 'block') || eq(a, 'count')) i++;
    else if (eq(a, 'group')) i += 2;
    else if (eq(a, 'noack')) { /* no argument */ }
    else if (eq(a, 'streams')) { streams = i; break; }
    else break;
  }
  const num = argc - streams - 1;
  if (streams === -1 || num === 0 || num % 2 !== 0) return [];
  const out: KeyRef[] = [];
  for (let i = streams + 1; i < argc - num / 2; i++) out.push({ pos: i, flags: NO_FLAGS });
  return out;
}

function setKeys(argv: readonly string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) {
    if (eq(argv[i], 'get')) return [{ pos: 1, flags: ['RW', 'access', 'update'] }];
  }
  return [{ pos: 1, flags: ['OW', 'update'] }];
}

function bitfieldKeys(argv: readonly string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const a = argv[i];
    if (eq(a, 'get') && rem >= 2) i += 2;
    else if ((eq(a, 'set') || eq(a, 'incrby')) && rem >= 3) { readonly = false; break; }
    else if (eq(a, 'overflow') && rem >= 1) i += 1;
    else { readonly = false; break; }
  }
  return [{ pos: 1, flags: readonly ? ['RO', 'access'] : ['RW', 'access', 'update'] }];
}

/** The commands whose keys need their own procedure when the key specs are not enough (Redis's getkeys_proc). */
const KEY_PROCS: Record<string, (argv: readonly string[]) => KeyRef[]> = {
  eval: numkeysProc(0, 2, 3), evalsha: numkeysProc(0, 2, 3), eval_ro: numkeysProc(0, 2, 3), evalsha_ro: numkeysProc(0, 2, 3),
  fcall: numkeysProc(0, 2, 3), fcall_ro: numkeysProc(0, 2, 3),
  zunion: numkeysProc(0, 1, 2), zinter: numkeysProc(0, 1, 2), zdiff: numkeysProc(0, 1, 2),
  zunionstore: numkeysProc(1, 2, 3), zinterstore: numkeysProc(1, 2, 3), zdiffstore: numkeysProc(1, 2, 3),
  sintercard: numkeysProc(0, 1, 2), zintercard: numkeysProc(0, 1, 2), lmpop: numkeysProc(0, 1, 2), zmpop: numkeysProc(0, 1, 2),
  blmpop: numkeysProc(0, 2, 3), bzmpop: numkeysProc(0, 2, 3),
  sort: sortKeys, sort_ro: () => [{ pos: 1, flags: ['RO', 'access'] }], migrate: migrateKeys,
  georadius: georadiusKeys, georadiusbymember: georadiusKeys, xread: xreadKeys, xreadgroup: xreadKeys,
  set: setKeys, bitfield: bitfieldKeys,
};

export function loadFacts(): Record<string, { info: CommandInfoFacts; docs: DocFacts }> {
  return JSON.parse(FACTS_JSON);
}

/** Builds the table from the facts and the families' definitions. */
export class CommandTable {
  /** Top-level commands by lower-case name (implemented or not). */
  readonly all = new Map<string, Command>();
  /** Implemented top-level commands, for dispatch. */
  readonly live = new Map<string, Command>();

  constructor(defs: CommandDef[]) {
    const facts = loadFacts();
    for (const [name, f] of Object.entries(facts)) {
      const cmd = new Command(f.info, f.docs, null);
      if (f.info.subcommands.length > 0) {
        cmd.subcommands = new Map();
        for (const sf of f.info.subcommands) {
          const sub = new Command(sf, f.docs.subcommands?.[sf.name] ?? {}, cmd);
          cmd.subcommands.set(sub.name, sub);
        }
      }
      this.all.set(name, cmd);
    }
    for (const d of defs) {
      const [top, sub] = d.name.toLowerCase().split('|');
      const cmd = this.all.get(top);
      if (!cmd) throw new Error(`command table: no facts for '${d.name}'`);
      let target = cmd;
      if (sub !== undefined) {
        const s = cmd.subcommands?.get(sub);
        if (!s) throw new Error(`command table: no facts for '${d.name}'`);
        target = s;
      }
      if (target.handler) throw new Error(`command table: '${d.name}' defined twice`);
      target.handler = d.handler;
      target.summary = d.summary;
      target.complexity = d.complexity;
      target.warm = d.warm ?? 0;
    }
    for (const [name, cmd] of this.all) if (cmd.implemented) this.live.set(name, cmd);
  }

  /** Spellings seen before (any case) map straight to their command. */
  private spelled = new Map<string, Command>();

  lookup(name: string): Command | undefined {
    const hit = this.spelled.get(name);
    if (hit !== undefined) return hit;
    const cmd = this.live.get(name.toLowerCase());
    if (cmd !== undefined && this.spelled.size < 4096) this.spelled.set(name, cmd);
    return cmd;
  }

  /** Every implemented command and subcommand, parents first. */
  *each(): IterableIterator<Command> {
    for (const c of this.live.values()) {
      yield c;
      if (c.subcommands) for (const s of c.subcommands.values()) if (s.handler) yield s;
    }
  }
}
