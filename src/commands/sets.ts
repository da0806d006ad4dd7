/** sets command family (to be filled in). */
import type { Family } from './family.js';

export const sets: Family = {
  name: 'sets',
  commands: [],
};
