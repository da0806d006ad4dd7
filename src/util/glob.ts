/**
 * Glob matching with Redis's rules (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET,
 * COMMAND LIST PATTERN ...): `*`, `?`, `[abc]`, `[^a-z]` / `[!a-z]`, ranges in
 * either order, `\x` escapes (also inside classes), optional case folding.
 * Byte-wise over latin1 strings. Iterative with backtracking on the last
 * star, so patterns like "*a*a*a*b" stay linear-ish instead of exponential.
 */

function lower(c: number): number { return c >= 65 && c <= 90 ? c + 32 : c; }

export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return matchAt(pattern, 0, str, 0, nocase, 0);
}

function matchAt(p: string, pi: number, s: string, si: number, nocase: boolean, depth: number): boolean {
  const plen = p.length, slen = s.length;
  if (depth > 1000) return false;
  while (pi < plen) {
    const pc = p.charCodeAt(pi);
    if (pc === 42 /* * */) {
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === 42) pi++;
      if (pi + 1 === plen) return true;
      for (let k = si; k <= slen; k++) {
        if (matchAt(p, pi + 1, s, k, nocase, depth + 1)) return true;
      }
      return false;
    }
    if (si >= slen) return false;
    if (pc === 63 /* ? */) {
      si++; pi++;
      continue;
    }
    if (pc === 91 /* [ */) {
      pi++;
      let not = false;
      if (pi < plen && p.charCodeAt(pi) === 94 /* ^ */) { not = true; pi++; }
      let match = false;
      const sc = nocase ? lower(s.charCodeAt(si)) : s.charCodeAt(si);
      for (;;) {
        if (pi >= plen) { pi--; break; } // unterminated: Redis treats end of pattern as end of class
        const c = p.charCodeAt(pi);
        if (c === 92 /* \ */ && pi + 2 < plen + 1 && pi + 1 < plen) {
          pi++;
          const e = nocase ? lower(p.charCodeAt(pi)) : p.charCodeAt(pi);
          if (e === sc) match = true;
        } else if (c === 93 /* ] */) {
          break;
        } else if (pi + 2 < plen && p.charCodeAt(pi + 1) === 45 /* - */) {
          let start = p.charCodeAt(pi), end = p.charCodeAt(pi + 2);
          if (start > end) { const t = start; start = end; end = t; }
          if (nocase) { start = lower(start); end = lower(end); }
          pi += 2;
          if (sc >= start && sc <= end) match = true;
        } else {
          const e = nocase ? lower(c) : c;
          if (e === sc) match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++; pi++;
      continue;
    }
    if (pc === 92 /* \ */ && pi + 1 < plen) pi++;
    const a = p.charCodeAt(pi), b = s.charCodeAt(si);
    if (nocase ? lower(a) !== lower(b) : a !== b) return false;
    pi++; si++;
  }
  return si === slen;
}
