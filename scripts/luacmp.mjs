// Compare Respite's Lua engine with lua5.1 on corpus files: node scripts/luacmp.mjs [names...]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LuaState, LuaError, LuaSyntaxError } from '../dist/src/scripting/lua/index.js';
const dir = 'test/lua/corpus';
let files = readdirSync(dir).filter(f => f.endsWith('.lua')).sort();
if (process.argv.length > 2) files = files.filter(f => process.argv.slice(2).some(a => f.includes(a)));
let pass = 0, fail = [];
for (const file of files) {
  const r = spawnSync('lua5.1', [file], { cwd: dir, encoding: 'latin1' });
  const refErr = r.status !== 0 ? r.stderr.split('\n')[0].replace(/^lua5\.1: /, '') : null;
  const L = new LuaState({ chunkName: file });
  let out = ''; let err = null;
  L.print = l => { out += l + '\n'; };
  try { L.call(L.load(readFileSync(join(dir, file), 'latin1'), '@' + file)); }
  catch (e) { if (e instanceof LuaError) err = typeof e.value === 'string' ? e.value : String(e.message); else if (e instanceof LuaSyntaxError) err = e.message; else err = 'JS: ' + e.stack; }
  if (out === r.stdout && err === refErr) pass++;
  else {
    fail.push(file);
    if (process.argv.length > 2 || fail.length <= 3) {
      console.log('=== ' + file);
      const a = r.stdout.split('\n'), b = out.split('\n');
      for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) console.log(`  ref: ${a[i]}\n  got: ${b[i]}`);
      if (err !== refErr) console.log(`  referr: ${refErr}\n  goterr: ${err}`);
    }
  }
}
console.log(`${pass}/${files.length} pass`); if (fail.length) console.log('failing:', fail.join(' '));
