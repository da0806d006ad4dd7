/** zsets command family (to be filled in). */
import type { Family } from './family.js';

export const zsets: Family = {
  name: 'zsets',
  commands: [],
};
