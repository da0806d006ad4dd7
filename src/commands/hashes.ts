/** hashes command family (to be filled in). */
import type { Family } from './family.js';

export const hashes: Family = {
  name: 'hashes',
  commands: [],
};
