/**
 * The per-key access clock behind OBJECT IDLETIME / OBJECT FREQ (and, later,
 * approximated LRU/LFU eviction). One 32-bit word per key, stored in the
 * keyspace Dict's `clock` array (4 bytes per key), holding either
 *
 *  - LRU mode (default): the time of the last access in whole seconds since
 *    the epoch (mod 2^32), or
 *  - LFU mode (maxmemory-policy *-lfu): (minutes since the epoch mod 2^16) << 8
 *    | a logarithmic access counter 0..255 that starts at 5 for a new key and
 *    decays by one per `lfu-decay-time` minutes without access; each access
 *    bumps it with probability 1 / ((counter - 5) * lfu-log-factor + 1).
 *
 * The mode is per server (AccessPolicy, shared by its databases); switching it
 * reinterprets old words, just as Redis does ("will take some time to adjust").
 */

export interface AccessPolicy {
  lfu: boolean;
  logFactor: number;
  decayTime: number;
}

export function defaultAccessPolicy(): AccessPolicy {
  return { lfu: false, logFactor: 10, decayTime: 1 };
}

export const LFU_INIT = 5;

/** LFU time base: minutes since the epoch, 16 bits. */
export function lfuMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 0xffff;
}

/** The counter of an LFU word after decay for the time elapsed (no store). */
export function lfuDecayed(word: number, nowMs: number, p: AccessPolicy): number {
  const then = word >>> 8;
  let counter = word & 0xff;
  const now = lfuMinutes(nowMs);
  const elapsed = now >= then ? now - then : 0xffff - then + now;
  const periods = p.decayTime > 0 ? Math.floor(elapsed / p.decayTime) : 0;
  if (periods > 0) counter = periods > counter ? 0 : counter - periods;
  return counter;
}

/** The word for a new key. */
export function freshWord(nowMs: number, p: AccessPolicy): number {
  return p.lfu ? ((lfuMinutes(nowMs) << 8) | LFU_INIT) >>> 0 : Math.floor(nowMs / 1000) >>> 0;
}

/** The word after an access. */
export function accessedWord(word: number, nowMs: number, p: AccessPolicy): number {
  if (!p.lfu) return Math.floor(nowMs / 1000) >>> 0;
  let counter = lfuDecayed(word, nowMs, p);
  if (counter < 255) {
    const base = counter > LFU_INIT ? counter - LFU_INIT : 0;
    if (Math.random() < 1 / (base * p.logFactor + 1)) counter++;
  }
  return ((lfuMinutes(nowMs) << 8) | counter) >>> 0;
}

/** Idle seconds of an LRU word. */
export function idleSeconds(word: number, nowMs: number): number {
  return ((Math.floor(nowMs / 1000) >>> 0) - word) >>> 0;
}
