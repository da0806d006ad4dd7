/** server command family (to be filled in). */
import type { Family } from './family.js';

export const serverCmds: Family = {
  name: 'server',
  commands: [],
};
