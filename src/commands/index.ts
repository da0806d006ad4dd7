/** Every command family, in the order their commands are registered. */
import type { Family } from './family.js';
import { connection } from './connection.js';
import { strings } from './strings.js';

export const FAMILIES: Family[] = [
  connection,
  strings,
];
