import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { compatTable, COMPAT_START, COMPAT_END } from '../../src/commands/compat.js';

test('README compatibility table is up to date (run `npm run compat`)', () => {
  const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const a = readme.indexOf(COMPAT_START), b = readme.indexOf(COMPAT_END);
  assert.ok(a >= 0 && b > a, 'README has the compat markers');
  assert.equal(readme.slice(a + COMPAT_START.length + 1, b), compatTable());
});
