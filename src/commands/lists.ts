/** lists command family (to be filled in). */
import type { Family } from './family.js';

export const lists: Family = {
  name: 'lists',
  commands: [],
};
