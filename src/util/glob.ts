/**
 * Glob matching with Redis's rules (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET,
 * COMMAND LIST PATTERN ...), byte-wise over latin1 strings:
 *
 *  - `*` any run of bytes, `?` one byte, `\x` the byte x literally (a `\` at
 *    the very end of the pattern is an ordinary byte).
 *  - `[...]` one byte from a class; `[^...]` negates (only `^`, not `!`).
 *    Inside a class `\x` is x literally (compared exactly, even with nocase),
 *    `a-z` is a range (given in either order); ranges compare bytes as C's
 *    signed char does, so bytes >= 0x80 sort below 0x00 there. A class that
 *    is never closed simply ends with the pattern. `-` just before `]` makes a
 *    range up to `]` (so "[a-]" is the range "]".."a", left open), as in Redis.
 *  - nocase folds ASCII A-Z only.
 *  - A non-empty pattern never matches the empty string, not even "*" (the
 *    callers special-case the pattern "*" as "everything").
 *
 * Every token other than `*` consumes exactly one byte, so the match runs as
 * one left-to-right scan that, on a mismatch, resumes just after the most
 * recent `*` with that star absorbing one more byte. An earlier star never
 * needs to be revisited (whatever it could absorb, the later star can absorb
 * too), so the worst case is O(pattern * string) with no recursion, e.g.
 * "*a*a*a*a*a*a*b" against a long run of "a" stays quadratic at most.
 */

function lower(c: number): number { return c >= 65 && c <= 90 ? c + 32 : c; }

/** A byte as C's signed char. */
function sch(c: number): number { return c >= 128 ? c - 256 : c; }

/**
 * Matches the single-byte token starting at p[pi] against byte sc.
 * Returns the index just after the token when it matches, or -(that index) - 1
 * when it does not (the token's length is needed either way).
 */
function matchToken(p: string, pi: number, sc: number, nocase: boolean): number {
  const plen = p.length;
  const pc = p.charCodeAt(pi);
  if (pc === 63 /* ? */) return pi + 1;
  if (pc === 91 /* [ */) {
    pi++;
    let not = false;
    if (pi < plen && p.charCodeAt(pi) === 94 /* ^ */) { not = true; pi++; }
    let match = false;
    for (;;) {
      if (pi >= plen) break; // unterminated class: ends with the pattern
      const c = p.charCodeAt(pi);
      if (c === 92 /* \ */ && plen - pi >= 2) {
        pi++;
        if (p.charCodeAt(pi) === sc) match = true;
      } else if (c === 93 /* ] */) {
        break;
      } else if (plen - pi >= 3 && p.charCodeAt(pi + 1) === 45 /* - */) {
        let start = sch(c), end = sch(p.charCodeAt(pi + 2));
        let x = sch(sc);
        if (start > end) { const t = start; start = end; end = t; }
        if (nocase) { start = lower(start); end = lower(end); x = lower(x); }
        pi += 2;
        if (x >= start && x <= end) match = true;
      } else if (nocase ? lower(c) === lower(sc) : c === sc) {
        match = true;
      }
      pi++;
    }
    // pi is at the closing ']' or at the end of the pattern
    const after = pi < plen ? pi + 1 : plen;
    return match !== not ? after : -after - 1;
  }
  let lit = pc;
  if (pc === 92 /* \ */ && plen - pi >= 2) { pi++; lit = p.charCodeAt(pi); }
  const ok = nocase ? lower(lit) === lower(sc) : lit === sc;
  return ok ? pi + 1 : -(pi + 1) - 1;
}

export function globMatch(pattern: string, str: string, nocase = false): boolean {
  const plen = pattern.length, slen = str.length;
  if (slen === 0) return plen === 0;
  let pi = 0, si = 0;
  let starP = -1, starS = 0; // resume point after the latest '*'
  while (si < slen) {
    if (pi < plen && pattern.charCodeAt(pi) === 42 /* * */) {
      while (pi < plen && pattern.charCodeAt(pi) === 42) pi++;
      if (pi === plen) return true;
      starP = pi; starS = si;
      continue;
    }
    if (pi < plen) {
      const r = matchToken(pattern, pi, str.charCodeAt(si), nocase);
      if (r >= 0) { pi = r; si++; continue; }
    }
    if (starP === -1) return false;
    // let the latest star absorb one more byte and retry what follows it
    starS++;
    si = starS;
    pi = starP;
  }
  while (pi < plen && pattern.charCodeAt(pi) === 42) pi++;
  return pi === plen;
}
