/** sort command family (to be filled in). */
import type { Family } from './family.js';

export const sort: Family = {
  name: 'sort',
  commands: [],
};
