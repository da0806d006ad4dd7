/**
 * client-output-buffer-limit: per client class (normal, replica, pubsub) a
 * hard limit, a soft limit and the seconds a client may stay above the soft
 * limit. A client over a limit is closed, as Redis does, so a subscriber that
 * stops reading cannot make the server's memory grow without bound.
 */
import { pendingBytes } from './direct-io.js';
import { ConfigError, parseMemory, type Directive } from './config.js';
import type { Client } from './client.js';
import type { Server } from './server.js';

export type ClientClass = 'normal' | 'replica' | 'pubsub';

export interface ObufLimit { hard: number; soft: number; seconds: number }

const ORDER: ClientClass[] = ['normal', 'replica', 'pubsub'];

export function parseObufLimits(text: string, base?: Record<ClientClass, ObufLimit>): Record<ClientClass, ObufLimit> {
  const a = text.trim().split(/\s+/).filter(Boolean);
  if (a.length % 4 !== 0) throw new ConfigError('Wrong number of arguments in buffer limit configuration.');
  const out: Record<ClientClass, ObufLimit> = base ? { ...base } : { normal: { hard: 0, soft: 0, seconds: 0 }, replica: { hard: 268435456, soft: 67108864, seconds: 60 }, pubsub: { hard: 33554432, soft: 8388608, seconds: 60 } };
  for (let i = 0; i < a.length; i += 4) {
    const cls = a[i].toLowerCase();
    const c: ClientClass | undefined = cls === 'normal' ? 'normal' : (cls === 'replica' || cls === 'slave') ? 'replica' : cls === 'pubsub' ? 'pubsub' : undefined;
    if (!c) throw new ConfigError('Invalid client class specified in buffer limit configuration.');
    const hard = parseMemory(a[i + 1]), soft = parseMemory(a[i + 2]);
    const secs = /^[0-9]+$/.test(a[i + 3]) ? Number(a[i + 3]) : undefined;
    if (hard === undefined || soft === undefined || secs === undefined || hard < 0 || soft < 0) {
      throw new ConfigError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
    out[c] = { hard, soft, seconds: secs };
  }
  return out;
}

export function formatObufLimits(l: Record<ClientClass, ObufLimit>): string {
  return ORDER.map(c => `${c === 'replica' ? 'slave' : c} ${l[c].hard} ${l[c].soft} ${l[c].seconds}`).join(' ');
}

export const OBUF_DIRECTIVE: Directive = {
  name: 'client-output-buffer-limit', type: 'special',
  default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
  parse: (args, cur) => formatObufLimits(parseObufLimits(args.join(' '), parseObufLimits(cur))),
};

declare module './client.js' {
  interface Client {
    /** Since when (ms) the client has been over its soft output limit, or 0. */
    obufSoftSince?: number;
  }
}

/** Bytes of reply data a client has queued and not yet handed to the kernel. */
export function outputBytes(c: Client): number {
  return c.w.pending + (c.socket ? pendingBytes(c.socket) : 0);
}

export function clientClass(c: Client): ClientClass {
  if (c.isReplica) return 'replica';
  if (c.subs?.size || c.psubs?.size || c.ssubs?.size) return 'pubsub';
  return 'normal';
}

declare module './client.js' {
  interface Client {
    isReplica?: boolean;
    subs?: Set<string>;
    psubs?: Set<string>;
    ssubs?: Set<string>;
  }
}

/** Checks a client against its class's limits; returns true when it must be closed. */
export function overLimit(server: Server, c: Client, limits: Record<ClientClass, ObufLimit>): boolean {
  const l = limits[clientClass(c)];
  if (l.hard === 0 && l.soft === 0) return false;
  const used = outputBytes(c);
  if (l.hard > 0 && used >= l.hard) return true;
  if (l.soft > 0 && used >= l.soft) {
    const now = server.now();
    if (!c.obufSoftSince) { c.obufSoftSince = now; return false; }
    return now - c.obufSoftSince >= l.seconds * 1000;
  }
  c.obufSoftSince = 0;
  return false;
}

export function trackObufConfig(text: string): Record<ClientClass, ObufLimit> {
  return parseObufLimits(text);
}
