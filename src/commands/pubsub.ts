/**
 * Pub/Sub: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBEs, PUBLISH,
 * SPUBLISH, PUBSUB, and keyspace notification delivery.
 *
 * State: per server, channel -> subscribers and pattern -> subscribers (Maps
 * of Sets, insertion-ordered so delivery order is subscription order); per
 * client, the sets of its channels, patterns and shard channels.
 *
 * Fan-out: a published message is encoded once per protocol version (RESP2
 * array, RESP3 push) and the same bytes are appended to each subscriber's
 * output, so delivering to N subscribers costs O(N) copies of one buffer
 * (up to DIRECT_MAX subscribers the message is written into each reply
 * buffer directly, which is cheaper than encoding it apart).
 */
import { GATE_PUBSUB } from '../server/gate.js';
import type { Family } from './family.js';
import { replyLines } from './command.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { globMatch } from '../util/glob.js';

declare module '../server/client.js' {
  interface Client {
    subs?: Set<string>;
    psubs?: Set<string>;
    ssubs?: Set<string>;
  }
}

declare module '../server/server.js' {
  interface Server {
    pubsub: PubSub;
  }
}

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();

  constructor(private readonly server: Server) {}

  /** Publishes to channel subscribers and matching patterns; returns the receiver count. */
  publish(channel: string, message: string): number {
    let n = 0;
    const subs = this.channels.get(channel);
    let enc2: Buffer | null = null, enc3: Buffer | null = null;
    if (subs) {
      if (subs.size <= DIRECT_MAX) {
        // few receivers: writing into their reply buffers costs less than encoding once and copying
        for (const c of subs) {
          const w = c.w;
          w.push(3); w.bulk('message'); w.bulk(channel); w.bulk(message);
          this.server.flushLater(c);
        }
        n = subs.size;
      } else {
        for (const c of subs) {
          if (c.resp === 3) deliver(this.server, c, enc3 ??= encode(3, ['message', channel, message]));
          else deliver(this.server, c, enc2 ??= encode(2, ['message', channel, message]));
          n++;
        }
      }
    }
    if (this.patterns.size > 0) {
      for (const [pat, clients] of this.patterns) {
        if (!globMatch(pat, channel)) continue;
        const e2 = encode(2, ['pmessage', pat, channel, message]);
        let e3: Buffer | null = null;
        for (const c of clients) {
          deliver(this.server, c, c.resp === 3 ? (e3 ??= encode(3, ['pmessage', pat, channel, message])) : e2);
          n++;
        }
      }
    }
    return n;
  }

  publishShard(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (!subs) return 0;
    let e2: Buffer | null = null, e3: Buffer | null = null;
    for (const c of subs) deliver(this.server, c, c.resp === 3 ? (e3 ??= encode(3, ['smessage', channel, message])) : (e2 ??= encode(2, ['smessage', channel, message])));
    return subs.size;
  }

  /** Number of (P)SUBSCRIBE subscriptions of a client (what subscribe replies count). */
  count(c: Client): number { return (c.subs?.size ?? 0) + (c.psubs?.size ?? 0); }

  /** Whether the client is in RESP2 subscribed mode. */
  subscribed(c: Client): boolean { return this.count(c) + (c.ssubs?.size ?? 0) > 0; }

  unsubscribeAll(c: Client, notifyClient: boolean): void {
    for (const ch of [...(c.subs ?? [])]) this.unsub(c, 'unsubscribe', ch, notifyClient);
    for (const p of [...(c.psubs ?? [])]) this.unsub(c, 'punsubscribe', p, notifyClient);
    for (const ch of [...(c.ssubs ?? [])]) this.unsub(c, 'sunsubscribe', ch, notifyClient);
  }

  sub(c: Client, kind: 'subscribe' | 'psubscribe' | 'ssubscribe', name: string): void {
    const [map, own] = this.maps(c, kind);
    if (!own.has(name)) {
      own.add(name);
      let set = map.get(name);
      if (!set) { set = new Set(); map.set(name, set); }
      set.add(c);
    }
    c.w.push(3);
    c.w.bulk(kind);
    c.w.bulk(name);
    c.w.int(kind === 'ssubscribe' ? own.size : this.count(c));
  }

  unsub(c: Client, kind: 'unsubscribe' | 'punsubscribe' | 'sunsubscribe', name: string | null, notifyClient = true): void {
    if (name !== null) {
      const [map, own] = this.maps(c, kind);
      if (own.delete(name)) {
        const set = map.get(name);
        if (set) { set.delete(c); if (set.size === 0) map.delete(name); }
      }
    }
    if (!notifyClient) return;
    c.w.push(3);
    c.w.bulk(kind);
    c.w.bulkOrNull(name);
    c.w.int(kind === 'sunsubscribe' ? (c.ssubs?.size ?? 0) : this.count(c));
  }

  private maps(c: Client, kind: string): [Map<string, Set<Client>>, Set<string>] {
    c.gate |= GATE_PUBSUB;
    if (kind === 'psubscribe' || kind === 'punsubscribe') return [this.patterns, c.psubs ??= new Set()];
    if (kind === 'ssubscribe' || kind === 'sunsubscribe') return [this.shardChannels, c.ssubs ??= new Set()];
    return [this.channels, c.subs ??= new Set()];
  }
}

/** Up to this many channel subscribers, a message is written into each reply buffer directly. */
const DIRECT_MAX = 4;

function deliver(server: Server, c: Client, data: Buffer): void {
  c.w.raw(data);
  server.flushLater(c);
}

/** Encodes a pub/sub message once: RESP2 array or RESP3 push of bulk strings. */
export function encode(resp: 2 | 3, parts: string[]): Buffer {
  let len = 16;
  for (const p of parts) len += p.length + 16;
  const b = Buffer.allocUnsafe(len);
  let pos = b.latin1Write((resp === 3 ? '>' : '*') + parts.length + '\r\n', 0);
  for (const p of parts) {
    pos += b.latin1Write('$' + p.length + '\r\n', pos);
    pos += b.latin1Write(p, pos);
    pos += b.latin1Write('\r\n', pos);
  }
  return b.subarray(0, pos);
}

function subscribe(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) c.server.pubsub.sub(c, 'subscribe', argv[i]);
}
function psubscribe(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) c.server.pubsub.sub(c, 'psubscribe', argv[i]);
}
function ssubscribe(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) c.server.pubsub.sub(c, 'ssubscribe', argv[i]);
}

function unsubGeneric(c: Client, argv: string[], kind: 'unsubscribe' | 'punsubscribe' | 'sunsubscribe'): void {
  const ps = c.server.pubsub;
  if (argv.length > 1) {
    for (let i = 1; i < argv.length; i++) ps.unsub(c, kind, argv[i]);
    return;
  }
  const own = kind === 'unsubscribe' ? c.subs : kind === 'punsubscribe' ? c.psubs : c.ssubs;
  if (!own || own.size === 0) { ps.unsub(c, kind, null); return; }
  for (const name of [...own]) ps.unsub(c, kind, name);
}

function publish(c: Client, argv: string[]): void {
  c.w.int(c.server.pubsub.publish(argv[1], argv[2]));
}
function spublish(c: Client, argv: string[]): void {
  c.w.int(c.server.pubsub.publishShard(argv[1], argv[2]));
}

function channelsGeneric(c: Client, argv: string[], map: Map<string, Set<Client>>): void {
  const pat = argv[2];
  const out: string[] = [];
  for (const ch of map.keys()) if (pat === undefined || globMatch(pat, ch)) out.push(ch);
  c.w.bulkArray(out);
}

function numsubGeneric(c: Client, argv: string[], map: Map<string, Set<Client>>): void {
  // Redis 7.0 answers a flat channel/count array in both protocols (maps came in 7.2).
  c.w.array((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.w.bulk(argv[i]);
    c.w.int(map.get(argv[i])?.size ?? 0);
  }
}

const HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  '    List the channels that have at least one subscriber, optionally only those matching <pattern>.',
  'NUMPAT',
  '    Count the pattern subscriptions of all clients.',
  'NUMSUB [<channel> ...]',
  '    Give the number of subscribers of each channel (pattern subscribers not included).',
  'SHARDCHANNELS [<pattern>]',
  '    List the shard channels that have at least one subscriber, optionally matching <pattern>.',
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Give the number of subscribers of each shard channel.',
  'HELP',
  '    Print this help.',
];


const ALLOWED_SUBSCRIBED = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

export const pubsub: Family = {
  name: 'pubsub',
  commands: [
    { name: 'subscribe', handler: subscribe, summary: 'Listens for messages published to the given channels.' },
    { name: 'unsubscribe', handler: (c, a) => unsubGeneric(c, a, 'unsubscribe'), summary: 'Stops listening to the given channels, or to all of them.' },
    { name: 'psubscribe', handler: psubscribe, summary: 'Listens for messages published to channels matching the given glob patterns.' },
    { name: 'punsubscribe', handler: (c, a) => unsubGeneric(c, a, 'punsubscribe'), summary: 'Stops listening to the given patterns, or to all of them.' },
    { name: 'ssubscribe', handler: ssubscribe, summary: 'Listens for messages published to the given shard channels.' },
    { name: 'sunsubscribe', handler: (c, a) => unsubGeneric(c, a, 'sunsubscribe'), summary: 'Stops listening to the given shard channels, or to all of them.' },
    { name: 'publish', handler: publish, summary: 'Sends a message to a channel; returns how many clients received it.' },
    { name: 'spublish', handler: spublish, summary: 'Sends a message to a shard channel; returns how many clients received it.' },
    { name: 'pubsub|channels', handler: (c, a) => channelsGeneric(c, a, c.server.pubsub.channels), summary: 'Lists the active channels, optionally filtered by a pattern.' },
    { name: 'pubsub|shardchannels', handler: (c, a) => channelsGeneric(c, a, c.server.pubsub.shardChannels), summary: 'Lists the active shard channels, optionally filtered by a pattern.' },
    { name: 'pubsub|numsub', handler: (c, a) => numsubGeneric(c, a, c.server.pubsub.channels), summary: 'Counts the subscribers of each given channel.' },
    { name: 'pubsub|shardnumsub', handler: (c, a) => numsubGeneric(c, a, c.server.pubsub.shardChannels), summary: 'Counts the subscribers of each given shard channel.' },
    { name: 'pubsub|numpat', handler: c => { let n = 0; for (const s of c.server.pubsub.patterns.values()) n += s.size; c.w.int(n); }, summary: 'Counts pattern subscriptions across all clients.' },
    { name: 'pubsub|help', handler: c => replyLines(c, HELP), summary: 'Shows what the PUBSUB subcommands do.' },
  ],
  init(server) {
    const ps = new PubSub(server);
    server.pubsub = ps;
    server.publishNotification = (ch, msg) => { ps.publish(ch, msg); };
    // RESP2 subscribed mode accepts only a few commands.
    server.addFilter(20, GATE_PUBSUB, (c, cmd) => {
      if (!(c.subs?.size || c.psubs?.size || c.ssubs?.size)) { c.gate &= ~GATE_PUBSUB; return false; }
      if (c.resp === 2 && (c.subs?.size || c.psubs?.size || c.ssubs?.size) && !ALLOWED_SUBSCRIBED.has(cmd.parent ? cmd.parent.name : cmd.name)) {
        server.reject(c, cmd, `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
        return true;
      }
      return false;
    });
    server.disconnectHooks.push(c => ps.unsubscribeAll(c, false));
    server.resetHooks.push(c => ps.unsubscribeAll(c, false));
    server.timeoutExempt.push(c => ps.subscribed(c));
  },
};
