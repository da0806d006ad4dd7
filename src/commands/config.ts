/** config command family (to be filled in). */
import type { Family } from './family.js';

export const config: Family = {
  name: 'config',
  commands: [],
};
