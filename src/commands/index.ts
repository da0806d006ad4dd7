/** Every command family, in the order their commands are registered. */
import type { Family } from './family.js';
import { connection } from './connection.js';
import { client } from './client.js';
import { strings } from './strings.js';
import { bitmaps } from './bitmaps.js';
import { keys } from './keys.js';
import { config } from './config.js';
import { info } from './info.js';
import { command } from './command.js';
import { serverCmds } from './server.js';
import { hashes } from './hashes.js';
import { sets } from './sets.js';
import { lists } from './lists.js';
import { zsets } from './zsets.js';
import { sort } from './sort.js';
import { pubsub } from './pubsub.js';
import { transactions } from './transactions.js';
import { monitorFamily } from './monitor.js';
import { trackingFamily } from './tracking.js';
import { hll } from './hll.js';
import { geo } from './geo.js';
import { streams } from './streams.js';
import { scripting } from './scripting.js';

export const FAMILIES: Family[] = [
  connection, client, strings, bitmaps, keys, config, info, command, serverCmds,
  hashes, sets, lists, zsets, sort, streams,
  pubsub, transactions, monitorFamily, trackingFamily, hll, geo, scripting,
];
