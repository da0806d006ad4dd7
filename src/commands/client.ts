/** client command family (to be filled in). */
import type { Family } from './family.js';

export const client: Family = {
  name: 'client',
  commands: [],
};
