/**
 * COMMAND and its subcommands: introspection of the command table.
 *
 * Everything here is derived from the table (src/commands/table.ts): the
 * facts generated from Redis 7.0.15 (arity, flags, ACL categories, tips, key
 * specs, argument shapes) and each family's own summary/complexity. Only
 * implemented commands, and implemented subcommands, are reported, so a
 * client library sees exactly what this server can run.
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import type { ReplyWriter } from '../protocol/writer.js';
import type { Command, CommandTable, KeySpec } from './table.js';
import { globMatch } from '../util/glob.js';
import { SYNTAX } from './errors.js';

/** Own-words summaries for container commands (they have no handler of their own). */
const CONTAINER_SUMMARIES: Record<string, string> = {
  acl: 'Groups the subcommands that manage users and permissions.',
  client: 'Groups the subcommands that inspect and control client connections.',
  cluster: 'Groups the subcommands for cluster management.',
  command: 'Describes the commands this server implements.',
  config: 'Groups the subcommands that read and change the configuration.',
  function: 'Groups the subcommands that manage function libraries.',
  latency: 'Groups the subcommands of the latency monitor.',
  memory: 'Groups the subcommands that report memory usage.',
  module: 'Groups the subcommands that manage modules.',
  object: 'Groups the subcommands that inspect stored values.',
  pubsub: 'Groups the subcommands that inspect the publish/subscribe state.',
  script: 'Groups the subcommands that manage the Lua script cache.',
  slowlog: 'Groups the subcommands that read and reset the slow log.',
  xinfo: 'Groups the subcommands that describe streams, groups and consumers.',
  xgroup: 'Groups the subcommands that manage stream consumer groups.',
};

/** Finds an implemented command by name, "container|sub" allowed (Redis's lookup by full name). */
export function lookupFullName(table: CommandTable, name: string): Command | undefined {
  const lname = name.toLowerCase();
  const bar = lname.indexOf('|');
  if (bar === -1) return table.live.get(lname);
  const top = table.live.get(lname.slice(0, bar));
  if (!top || !top.subcommands) return undefined;
  const rest = lname.slice(bar + 1);
  if (rest.includes('|')) return undefined;
  const sub = top.subcommands.get(rest);
  return sub && sub.handler ? sub : undefined;
}

/** Finds the command an argv would run (container + subcommand), implemented only. */
function lookupArgv(table: CommandTable, argv: string[]): Command | undefined {
  const top = table.live.get(argv[0].toLowerCase());
  if (!top) return undefined;
  if (!top.subcommands || argv.length === 1) return top;
  const sub = top.subcommands.get(argv[1].toLowerCase());
  return sub && sub.handler ? sub : undefined;
}

function implementedSubs(cmd: Command): Command[] {
  const out: Command[] = [];
  if (cmd.subcommands) for (const s of cmd.subcommands.values()) if (s.handler) out.push(s);
  return out;
}

// ---- COMMAND INFO -----------------------------------------------------------

function writeKeySpec(w: ReplyWriter, ks: KeySpec): void {
  w.map(ks.notes !== undefined ? 4 : 3);
  if (ks.notes !== undefined) { w.bulk('notes'); w.bulk(ks.notes); }
  w.bulk('flags');
  w.set(ks.flags.length);
  for (const f of ks.flags) w.simple(f);
  w.bulk('begin_search');
  w.map(2);
  const bs = ks.begin_search;
  w.bulk('type'); w.bulk(bs.type);
  w.bulk('spec');
  if (bs.type === 'index') { w.map(1); w.bulk('index'); w.int(bs.spec.index); }
  else if (bs.type === 'keyword') { w.map(2); w.bulk('keyword'); w.bulk(bs.spec.keyword); w.bulk('startfrom'); w.int(bs.spec.startfrom); }
  else w.map(0);
  w.bulk('find_keys');
  w.map(2);
  const fk = ks.find_keys;
  w.bulk('type'); w.bulk(fk.type);
  w.bulk('spec');
  if (fk.type === 'range') {
    w.map(3);
    w.bulk('lastkey'); w.int(fk.spec.lastkey);
    w.bulk('keystep'); w.int(fk.spec.keystep);
    w.bulk('limit'); w.int(fk.spec.limit);
  } else if (fk.type === 'keynum') {
    w.map(3);
    w.bulk('keynumidx'); w.int(fk.spec.keynumidx);
    w.bulk('firstkey'); w.int(fk.spec.firstkey);
    w.bulk('keystep'); w.int(fk.spec.keystep);
  } else w.map(0);
}

export function writeCommandInfo(w: ReplyWriter, cmd: Command): void {
  const info = cmd.info;
  w.array(10);
  w.bulk(cmd.fullName);
  w.int(info.arity);
  w.set(info.flags.length);
  for (const f of info.flags) w.simple(f);
  w.int(info.first);
  w.int(info.last);
  w.int(info.step);
  w.set(info.acl.length);
  for (const a of info.acl) w.simple(a);
  w.set(info.tips.length);
  for (const t of info.tips) w.bulk(t);
  // Redis 7.0 sends the key specs as a set, and the subcommands as an array (an empty set when there are none)
  w.set(info.keySpecs.length);
  for (const ks of info.keySpecs) writeKeySpec(w, ks);
  const subs = implementedSubs(cmd);
  if (subs.length === 0) w.set(0); else w.array(subs.length);
  for (const s of subs) writeCommandInfo(w, s);
}

function commandAll(c: Client): void {
  const live = c.server.commands.live;
  c.w.array(live.size);
  for (const cmd of live.values()) writeCommandInfo(c.w, cmd);
}

function commandInfo(c: Client, argv: string[]): void {
  if (argv.length === 2) { commandAll(c); return; }
  const t = c.server.commands;
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupFullName(t, argv[i]);
    if (cmd) writeCommandInfo(c.w, cmd); else c.w.nullBulk();
  }
}

function commandCount(c: Client): void {
  c.w.int(c.server.commands.live.size);
}

// ---- COMMAND LIST -------------------------------------------------------------

function commandList(c: Client, argv: string[]): void {
  let filter: ((cmd: Command) => boolean) | null = null;
  if (argv.length === 5 && argv[2].toLowerCase() === 'filterby') {
    const kind = argv[3].toLowerCase(), arg = argv[4];
    if (kind === 'module') filter = () => false;
    else if (kind === 'aclcat') {
      const cat = '@' + arg.toLowerCase();
      filter = cmd => cmd.acl.includes(cat);
    } else if (kind === 'pattern') filter = cmd => globMatch(arg, cmd.fullName, true);
    else { c.w.error(SYNTAX); return; }
  } else if (argv.length !== 2) { c.w.error(SYNTAX); return; }
  const names: string[] = [];
  for (const cmd of c.server.commands.each()) if (!filter || filter(cmd)) names.push(cmd.fullName);
  c.w.bulkArray(names);
}

// ---- COMMAND DOCS -------------------------------------------------------------

function writeArgs(w: ReplyWriter, args: unknown[]): void {
  w.array(args.length);
  for (const a of args as Record<string, unknown>[]) {
    const entries = Object.entries(a);
    w.map(entries.length);
    for (const [k, v] of entries) {
      w.bulk(k);
      if (k === 'key_spec_index') w.int(v as number);
      else if (k === 'flags') { const f = v as string[]; w.set(f.length); for (const x of f) w.simple(x); }
      else if (k === 'arguments') writeArgs(w, v as unknown[]);
      else w.bulk(String(v));
    }
  }
}

function writeDocs(w: ReplyWriter, cmd: Command): void {
  const d = cmd.docs;
  const subs = implementedSubs(cmd);
  const summary = cmd.summary || CONTAINER_SUMMARIES[cmd.fullName] || '';
  let n = 1; // group
  if (summary) n++;
  if (d.since !== undefined) n++;
  if (cmd.complexity) n++;
  if (d.doc_flags && d.doc_flags.length) n++;
  if (d.deprecated_since !== undefined) n++;
  if (d.replaced_by !== undefined) n++;
  if (d.arguments && d.arguments.length) n++;
  if (subs.length) n++;
  w.map(n);
  if (summary) { w.bulk('summary'); w.bulk(summary); }
  if (d.since !== undefined) { w.bulk('since'); w.bulk(d.since); }
  w.bulk('group'); w.bulk(d.group ?? 'generic');
  if (cmd.complexity) { w.bulk('complexity'); w.bulk(cmd.complexity); }
  if (d.doc_flags && d.doc_flags.length) { w.bulk('doc_flags'); w.set(d.doc_flags.length); for (const f of d.doc_flags) w.simple(f); }
  if (d.deprecated_since !== undefined) { w.bulk('deprecated_since'); w.bulk(d.deprecated_since); }
  if (d.replaced_by !== undefined) { w.bulk('replaced_by'); w.bulk(d.replaced_by); }
  if (d.arguments && d.arguments.length) { w.bulk('arguments'); writeArgs(w, d.arguments); }
  if (subs.length) {
    w.bulk('subcommands');
    w.map(subs.length);
    for (const s of subs) { w.bulk(s.fullName); writeDocs(w, s); }
  }
}

function commandDocs(c: Client, argv: string[]): void {
  const t = c.server.commands;
  const found: Command[] = [];
  if (argv.length === 2) for (const cmd of t.live.values()) found.push(cmd);
  else for (let i = 2; i < argv.length; i++) { const cmd = lookupFullName(t, argv[i]); if (cmd) found.push(cmd); }
  c.w.map(found.length);
  for (const cmd of found) { c.w.bulk(cmd.fullName); writeDocs(c.w, cmd); }
}

// ---- COMMAND GETKEYS / GETKEYSANDFLAGS -------------------------------------------

function getKeys(c: Client, argv: string[], withFlags: boolean): void {
  const args = argv.slice(2);
  const cmd = lookupArgv(c.server.commands, args);
  if (!cmd) { c.w.error('ERR Invalid command specified'); return; }
  if (!cmd.hasKeys) { c.w.error('ERR The command has no key arguments'); return; }
  const ar = cmd.arity;
  if ((ar > 0 && ar !== args.length) || args.length < -ar) { c.w.error('ERR Invalid number of arguments specified for command'); return; }
  const keys = cmd.keyRefs(args);
  if (keys.length === 0) {
    if (cmd.flags.has('no_mandatory_keys')) c.w.array(0);
    else c.w.error('ERR Invalid arguments specified for command');
    return;
  }
  c.w.array(keys.length);
  for (const k of keys) {
    if (!withFlags) { c.w.bulk(args[k.pos]); continue; }
    c.w.array(2);
    c.w.bulk(args[k.pos]);
    c.w.set(k.flags.length);
    for (const f of k.flags) c.w.simple(f);
  }
}

// ---- HELP ---------------------------------------------------------------------------

/** Writes a HELP reply in Redis's layout: a title line, the entries, and the trailing HELP entry. */
export function helpReply(c: Client, container: string, lines: string[]): void {
  replyLines(c, [`${container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, 'HELP', '    Print this help.']);
}

/** A HELP reply: an array of status lines. */
export function replyLines(c: Client, lines: readonly string[]): void {
  c.w.array(lines.length);
  for (const l of lines) c.w.simple(l);
}

function commandHelp(c: Client): void {
  helpReply(c, 'COMMAND', [
    '(no subcommand)',
    '    Describe every command of this server.',
    'COUNT',
    '    Give the number of commands of this server.',
    'LIST',
    '    List the names of the commands of this server.',
    'INFO [<command-name> ...]',
    '    Describe the given commands, or every command when none is named.',
    'DOCS [<command-name> ...]',
    '    Give the documentation of the given commands, or of every command',
    '    when none is named.',
    'GETKEYS <full-command>',
    '    Extract the key names from a complete command line.',
    'GETKEYSANDFLAGS <full-command>',
    '    Extract the key names and their access flags from a complete command line.',
  ]);
}

export const command: Family = {
  name: 'command',
  commands: [
    { name: 'command', handler: commandAll, summary: 'Describes every command this server implements.', complexity: 'O(N) where N is the number of commands' },
    { name: 'command|info', handler: commandInfo, summary: 'Describes the named commands (all of them when none is named).', complexity: 'O(N) where N is the number of commands looked up' },
    { name: 'command|count', handler: commandCount, summary: 'Counts the commands this server implements.', complexity: 'O(1)' },
    { name: 'command|list', handler: commandList, summary: 'Lists command names, optionally filtered by ACL category or glob pattern.', complexity: 'O(N) where N is the number of commands' },
    { name: 'command|docs', handler: commandDocs, summary: 'Returns documentation about the named commands (all of them when none is named).', complexity: 'O(N) where N is the number of commands looked up' },
    { name: 'command|getkeys', handler: (c, argv) => getKeys(c, argv, false), summary: 'Extracts the key names from a full command line.', complexity: 'O(N) where N is the number of arguments' },
    { name: 'command|getkeysandflags', handler: (c, argv) => getKeys(c, argv, true), summary: 'Extracts the key names and their access flags from a full command line.', complexity: 'O(N) where N is the number of arguments' },
    { name: 'command|help', handler: commandHelp, summary: 'Explains the COMMAND subcommands.', complexity: 'O(1)' },
  ],
};
