/**
 * The command table. Facts (arity, flags, ACL categories, key specs, tips,
 * argument shapes) come from facts.ts, generated from Redis 7.0.15; each family
 * file declares its handlers and own-words summaries. Dispatch, arity errors,
 * COMMAND, ACL categories and key extraction all read this one table.
 */
import { FACTS_JSON } from './facts.js';
import type { Client } from '../server/client.js';

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
  readonly acl: readonly string[];
  subcommands: Map<string, Command> | null = null;
  handler: Handler | null = null;
  summary = '';
  complexity?: string;
  stats: CommandStats = { calls: 0, usec: 0, rejected: 0, failed: 0 };
  /** Latency histogram buckets (power-of-two microseconds) for LATENCY HISTOGRAM / latencystats. */
  histogram: number[] | null = null;

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
    this.acl = info.acl;
  }

  get implemented(): boolean {
    if (this.subcommands) {
      for (const s of this.subcommands.values()) if (s.implemented) return true;
      return false;
    }
    return this.handler !== null;
  }

  /** Positions of the key arguments in argv, following the key specs (Redis 7.0's semantics). */
  getKeys(argv: readonly string[]): number[] {
    const out: number[] = [];
    const argc = argv.length;
    for (const ks of this.info.keySpecs) {
      let first: number;
      const bs = ks.begin_search;
      if (bs.type === 'index') {
        first = bs.spec.index;
      } else if (bs.type === 'keyword') {
        const { keyword, startfrom } = bs.spec;
        const kw = keyword.toLowerCase();
        first = -1;
        if (startfrom >= 0) {
          for (let i = startfrom; i < argc; i++) if (argv[i].toLowerCase() === kw) { first = i + 1; break; }
        } else {
          for (let i = argc + startfrom; i > 0; i--) if (argv[i].toLowerCase() === kw) { first = i + 1; break; }
        }
        if (first === -1) continue;
      } else {
        continue;
      }
      if (first >= argc) continue;
      const fk = ks.find_keys;
      if (fk.type === 'range') {
        const { lastkey, keystep, limit } = fk.spec;
        let last: number;
        if (lastkey >= 0) last = first + lastkey;
        else if (limit === 0) last = argc + lastkey;
        else last = first + Math.floor((argc - first) / limit) + lastkey;
        for (let i = first; i <= last && i < argc; i += keystep) out.push(i);
      } else if (fk.type === 'keynum') {
        const { keynumidx, firstkey, keystep } = fk.spec;
        const ni = first + keynumidx;
        if (ni >= argc) continue;
        const n = Number(argv[ni]);
        if (!Number.isInteger(n) || n < 0) continue;
        const start = first + firstkey;
        for (let i = 0, p = start; i < n && p < argc; i++, p += keystep) out.push(p);
      }
    }
    return out;
  }
}

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
