/** info command family (to be filled in). */
import type { Family } from './family.js';

export const info: Family = {
  name: 'info',
  commands: [],
};
