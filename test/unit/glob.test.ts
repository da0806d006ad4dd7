import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch } from '../../src/util/glob.js';
import { rng, testSeed } from '../diff.js';

/**
 * A deliberately naive model of Redis's matcher: recursive, trying every
 * split for '*', same token rules. Exponential, so only for short inputs.
 */
function model(p: string, s: string, nocase: boolean): boolean {
  if (s.length === 0) return p.length === 0;
  return rec(p, 0, s, 0, nocase);
}
const low = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const signed = (c: number) => (c >= 128 ? c - 256 : c);
function rec(p: string, pi: number, s: string, si: number, nc: boolean): boolean {
  if (si === s.length) {
    while (pi < p.length && p[pi] === '*') pi++;
    return pi === p.length;
  }
  if (pi === p.length) return false;
  const ch = p[pi];
  if (ch === '*') {
    for (let k = si; k < s.length; k++) if (rec(p, pi + 1, s, k, nc)) return true;
    // the rest may be only stars
    return rec(p, pi + 1, s, s.length, nc);
  }
  const sc = s.charCodeAt(si);
  if (ch === '?') return rec(p, pi + 1, s, si + 1, nc);
  if (ch === '[') {
    let i = pi + 1;
    let not = false;
    if (p[i] === '^') { not = true; i++; }
    let m = false;
    while (i < p.length && p[i] !== ']') {
      if (p[i] === '\\' && i + 1 < p.length) { if (p.charCodeAt(i + 1) === sc) m = true; i += 2; continue; }
      if (i + 2 < p.length && p[i + 1] === '-') {
        let a = signed(p.charCodeAt(i)), b = signed(p.charCodeAt(i + 2)), x = signed(sc);
        if (a > b) [a, b] = [b, a];
        if (nc) { a = low(a); b = low(b); x = low(x); }
        if (x >= a && x <= b) m = true;
        i += 3;
        continue;
      }
      if (nc ? low(p.charCodeAt(i)) === low(sc) : p.charCodeAt(i) === sc) m = true;
      i++;
    }
    if (m === not) return false;
    return rec(p, i < p.length ? i + 1 : i, s, si + 1, nc);
  }
  let lit = p.charCodeAt(pi), next = pi + 1;
  if (ch === '\\' && pi + 1 < p.length) { lit = p.charCodeAt(pi + 1); next = pi + 2; }
  if (nc ? low(lit) !== low(sc) : lit !== sc) return false;
  return rec(p, next, s, si + 1, nc);
}

test('glob: hand-picked cases with Redis semantics', () => {
  const yes: [string, string, boolean?][] = [
    ['*', 'abc'], ['a*', 'a'], ['a*c', 'abbbc'], ['?', 'x'], ['[abc]', 'b'], ['[^abc]', 'd'], ['[a-c]', 'b'], ['[c-a]', 'b'],
    ['\\*', '*'], ['a\\', 'a\\'], ['[\\]]', ']'], ['[^', 'x'], ['a[^', 'ab'],
    ['h[a-]', 'h^'], ['h[a-]', 'h]'], ['HELLO', 'hello', true], ['[A-C]', 'b', true], ['*a*a*b', 'aaaab'],
    ['[\x00-\xff]', '\xff'], ['[a-\xff]', '0'], ['[a-\xff]', '\xff'],
  ];
  for (const [p, s, nc] of yes) assert.equal(globMatch(p, s, !!nc), true, `${JSON.stringify(p)} ~ ${JSON.stringify(s)}`);
  const no: [string, string, boolean?][] = [
    ['*', ''], ['**', ''], ['?', ''], ['a', 'A'], ['[!a]', 'b'], ['[a-\xff]', '\x80'], ['[', 'x'], ['[]', ']'],
    ['[\\A]', 'a', true], ['a*b', 'a'], ['*a*a*a*a*a*a*b', 'a'.repeat(5000)], ['HELLO', 'hello'],
  ];
  for (const [p, s, nc] of no) assert.equal(globMatch(p, s, !!nc), false, `${JSON.stringify(p)} !~ ${JSON.stringify(s)}`);
  assert.equal(globMatch('', ''), true);
  assert.equal(globMatch('', 'a'), false);
});

test('glob: pathological patterns stay polynomial', () => {
  const s = 'a'.repeat(20000);
  assert.equal(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*b', s), false);
  assert.equal(globMatch('*a*a*a*a*a*a*a*a*a*a*a*a*a', s), true);
  assert.equal(globMatch('*'.repeat(50000) + 'b', s), false);
  assert.equal(globMatch('a*'.repeat(5000) + 'b', s), false);
  assert.equal(globMatch('*?'.repeat(100) + 'b', s), false);
});

test('glob: agrees with a naive model on random short inputs', () => {
  const seed = testSeed();
  const r = rng(seed);
  const palpha = ['a', 'b', 'A', '*', '?', '[', ']', '^', '-', '\\', '\x80', '\xff', '0'];
  const salpha = ['a', 'b', 'A', 'B', '*', '[', ']', '^', '-', '\\', '\x80', '\xff', '0', '_'];
  for (let i = 0; i < 30000; i++) {
    let p = '', s = '';
    const pl = Math.floor(r() * 8), sl = Math.floor(r() * 7);
    for (let j = 0; j < pl; j++) p += palpha[Math.floor(r() * palpha.length)];
    for (let j = 0; j < sl; j++) s += salpha[Math.floor(r() * salpha.length)];
    const nc = r() < 0.3;
    assert.equal(globMatch(p, s, nc), model(p, s, nc), `seed ${seed}: ${JSON.stringify(p)} vs ${JSON.stringify(s)} nocase=${nc}`);
  }
});
