/** String commands. (Placeholder GET/SET until the strings family lands.) */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import { WRONGTYPE } from './errors.js';

function get(c: Client, argv: string[]): void {
  const v = c.db.lookupRead(argv[1]);
  if (v === undefined) c.w.nullBulk();
  else if (typeof v !== 'string') c.w.error(WRONGTYPE);
  else c.w.bulk(v);
}

function set(c: Client, argv: string[]): void {
  c.db.set(argv[1], argv[2]);
  c.w.ok();
}

export const strings: Family = {
  name: 'strings',
  commands: [
    { name: 'get', handler: get, summary: 'Returns the string value of a key.' },
    { name: 'set', handler: set, summary: 'Sets a key to a string value, with optional expiry and conditions.' },
  ],
};
