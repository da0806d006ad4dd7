// Runs a Lua file with Respite's engine: node scripts/lua.mjs file.lua [chunkname]
import { readFileSync } from 'node:fs';
import { LuaState, LuaError, LuaSyntaxError } from '../dist/src/scripting/lua/index.js';
const file = process.argv[2];
const src = readFileSync(file, 'latin1');
const L = new LuaState({ chunkName: process.argv[3] ?? file });
try {
  const f = L.load(src, '@' + (process.argv[3] ?? file));
  L.call(f, []);
} catch (e) {
  if (e instanceof LuaError || e instanceof LuaSyntaxError) {
    process.stderr.write('lua: ' + (e instanceof LuaError ? String(e.message) : e.message) + '\n');
    process.exit(1);
  }
  throw e;
}
