/** keys command family (to be filled in). */
import type { Family } from './family.js';

export const keys: Family = {
  name: 'keys',
  commands: [],
};
