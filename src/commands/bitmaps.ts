/** bitmaps command family (to be filled in). */
import type { Family } from './family.js';

export const bitmaps: Family = {
  name: 'bitmaps',
  commands: [],
};
