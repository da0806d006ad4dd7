/** command command family (to be filled in). */
import type { Family } from './family.js';

export const command: Family = {
  name: 'command',
  commands: [],
};
