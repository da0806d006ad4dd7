// Conformance corpus: every test/lua/corpus/*.lua snippet is run by Respite's Lua
// engine and by the reference interpreter (Debian's lua5.1); stdout and the
// uncaught error message (if any) must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LuaState, LuaError, LuaSyntaxError } from '../../src/scripting/lua/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = [join(here, 'corpus'), join(here, '../../../test/lua/corpus')].find(d => existsSync(d))!;
const LUA = '/usr/bin/lua5.1';
const haveLua = existsSync(LUA) || spawnSync('lua5.1', ['-v']).status === 0;
if (!haveLua) console.error('\n*** lua5.1 NOT FOUND: Lua conformance tests are SKIPPED (apt-get install lua5.1) ***\n');

function runReference(file: string): { out: string; err: string | null } {
  const r = spawnSync(existsSync(LUA) ? LUA : 'lua5.1', [file], { cwd: corpus, encoding: 'latin1', timeout: 20000 });
  let err: string | null = null;
  if (r.status !== 0) {
    const first = (r.stderr ?? '').split('\n')[0];
    err = first.replace(/^[^:]*lua5\.1: /, '').replace(/^lua5\.1: /, '');
  }
  return { out: r.stdout ?? '', err };
}

export function runRespite(file: string): { out: string; err: string | null } {
  const src = readFileSync(join(corpus, file), 'latin1');
  const L = new LuaState({ chunkName: file });
  let out = '';
  L.print = line => { out += line + '\n'; };
  try {
    const f = L.load(src, '@' + file);
    L.call(f, []);
    return { out, err: null };
  } catch (e) {
    if (e instanceof LuaError) return { out, err: typeof e.value === 'string' ? e.value : String(e.message) };
    if (e instanceof LuaSyntaxError) return { out, err: e.message };
    throw e;
  }
}

const files = readdirSync(corpus).filter(f => f.endsWith('.lua')).sort();

for (const file of files) {
  test(`lua corpus ${file}`, { skip: haveLua ? false : 'lua5.1 not installed' }, () => {
    const ref = runReference(file);
    const got = runRespite(file);
    assert.equal(got.out, ref.out, `stdout differs for ${file}`);
    assert.equal(got.err, ref.err, `error differs for ${file}`);
  });
}

/** Runs a corpus file as a task paused every `every` budget units; returns output and error. */
function runPaused(file: string, every: number): { out: string; err: string | null; pauses: number } {
  const src = readFileSync(join(corpus, file), 'latin1');
  const L = new LuaState({ chunkName: file });
  let out = '';
  L.print = line => { out += line + '\n'; };
  L.setBudget(every, () => 'pause');
  let pauses = 0;
  try {
    const task = L.start(L.load(src, '@' + file));
    let r = task.resume();
    while (!r.done) { pauses++; r = task.resume(); }
    return { out, err: null, pauses };
  } catch (e) {
    if (e instanceof LuaError) return { out, err: typeof e.value === 'string' ? e.value : String(e.message), pauses };
    if (e instanceof LuaSyntaxError) return { out, err: e.message, pauses };
    throw e;
  }
}

test('corpus gives the same results when paused and resumed every few instructions', () => {
  let pauses = 0;
  for (const file of files) {
    if (/recursion|deep/.test(file)) continue; // pausing does not change these; keep the test fast
    const ref = runRespite(file);
    const got = runPaused(file, 3 + (file.length % 5));
    pauses += got.pauses;
    assert.equal(got.out, ref.out.replace(/0x[0-9a-f]+/g, m => m), `stdout differs for ${file} when paused`);
    assert.equal(got.err, ref.err, `error differs for ${file} when paused`);
  }
  assert.ok(pauses > 1000);
});
