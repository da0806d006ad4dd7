#!/usr/bin/env node
// Rewrites the compatibility table in README.md from the command table (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
const { compatTable, COMPAT_START, COMPAT_END } = await import('../dist/src/commands/compat.js');
const url = new URL('../README.md', import.meta.url);
const readme = readFileSync(url, 'utf8');
const a = readme.indexOf(COMPAT_START), b = readme.indexOf(COMPAT_END);
if (a < 0 || b < 0) { console.error('README.md has no compat markers'); process.exit(1); }
writeFileSync(url, readme.slice(0, a + COMPAT_START.length) + '\n' + compatTable() + readme.slice(b));
console.log('README.md compatibility table updated');
