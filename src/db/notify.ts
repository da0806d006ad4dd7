/**
 * Keyspace notification classes (notify-keyspace-events) and the one call
 * every command uses to announce an event. Delivery (publishing on
 * __keyspace@<db>__:<key> and __keyevent@<db>__:<event>) is done by the
 * pub/sub module through server.publishNotification.
 */
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';

export const NOTIFY_KEYSPACE = 1 << 0;  // K
export const NOTIFY_KEYEVENT = 1 << 1;  // E
export const NOTIFY_GENERIC = 1 << 2;   // g
export const NOTIFY_STRING = 1 << 3;    // $
export const NOTIFY_LIST = 1 << 4;      // l
export const NOTIFY_SET = 1 << 5;       // s
export const NOTIFY_HASH = 1 << 6;      // h
export const NOTIFY_ZSET = 1 << 7;      // z
export const NOTIFY_EXPIRED = 1 << 8;   // x
export const NOTIFY_EVICTED = 1 << 9;   // e
export const NOTIFY_STREAM = 1 << 10;   // t
export const NOTIFY_KEY_MISS = 1 << 11; // m
export const NOTIFY_LOADED = 1 << 12;   // module only
export const NOTIFY_MODULE = 1 << 13;   // d
export const NOTIFY_NEW = 1 << 14;      // n
export const NOTIFY_ALL = NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET |
  NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE; // A

/** Announces `event` on `key` in the client's current database. Cheap when notifications are off. */
export function notify(c: Client, type: number, event: string, key: string): void {
  const s = c.server;
  if ((s.notifyFlags & type) === 0) return;
  notifyDb(s, type, event, key, c.db.id);
}

/** Announces an event in a given database (expiry, eviction, MOVE/COPY targets). */
export function notifyDb(s: Server, type: number, event: string, key: string, dbid: number): void {
  if ((s.notifyFlags & type) === 0 || s.publishNotification === null) return;
  if (s.notifyFlags & NOTIFY_KEYSPACE) s.publishNotification(`__keyspace@${dbid}__:${key}`, event);
  if (s.notifyFlags & NOTIFY_KEYEVENT) s.publishNotification(`__keyevent@${dbid}__:${event}`, key);
}
