// Lua 5.1 pattern matching over latin1 strings (backtracking matcher).
// Captures: start index and length (length -1 = position capture, -2 = unfinished).

const L_ESC = 37; // '%'
const MAXCAPTURES = 32;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

export class MatchState {
  level = 0;
  capStart: number[] = new Array(MAXCAPTURES);
  capLen: number[] = new Array(MAXCAPTURES);
  constructor(public src: string, public pat: string, public err: (msg: string) => never) {}

  /** Returns end index of match starting at s for pattern from p, or -1. */
  match(s: number, p: number): number {
    const pat = this.pat, src = this.src;
    const plen = pat.length;
    for (;;) {
      if (p === plen) return s;
      const pc = pat.charCodeAt(p);
      switch (pc) {
        case 40: { // '('
          if (pat.charCodeAt(p + 1) === 41) return this.startCapture(s, p + 2, CAP_POSITION);
          return this.startCapture(s, p + 1, CAP_UNFINISHED);
        }
        case 41: // ')'
          return this.endCapture(s, p + 1);
        case L_ESC: {
          const nc = pat.charCodeAt(p + 1);
          if (nc === 98) { // %b
            s = this.matchBalance(s, p + 2);
            if (s === -1) return -1;
            p += 4;
            continue;
          }
          if (nc === 102) { // %f
            p += 2;
            if (pat.charCodeAt(p) !== 91) this.err("missing '[' after '%f' in pattern");
            const ep = this.classEnd(p);
            const prev = s === 0 ? 0 : src.charCodeAt(s - 1);
            const cur = s < src.length ? src.charCodeAt(s) : 0;
            if (!this.matchBracket(prev, p, ep - 1) && this.matchBracket(cur, p, ep - 1)) { p = ep; continue; }
            return -1;
          }
          if (nc >= 48 && nc <= 57) { // %0-9 back reference
            s = this.matchCapture(s, nc);
            if (s === -1) return -1;
            p += 2;
            continue;
          }
          break; // default
        }
        case 36: // '$'
          if (p + 1 === plen) return s === src.length ? s : -1;
          break;
      }
      // default: single char class with optional quantifier
      const ep = this.classEnd(p);
      const m = s < src.length && this.single(src.charCodeAt(s), p, ep);
      const q = ep < plen ? pat.charCodeAt(ep) : 0;
      switch (q) {
        case 63: { // '?'
          if (m) {
            const r = this.match(s + 1, ep + 1);
            if (r !== -1) return r;
          }
          p = ep + 1;
          continue;
        }
        case 42: return this.maxExpand(s, p, ep); // '*'
        case 43: return m ? this.maxExpand(s + 1, p, ep) : -1; // '+'
        case 45: return this.minExpand(s, p, ep); // '-'
        default:
          if (!m) return -1;
          s++; p = ep;
          continue;
      }
    }
  }

  private maxExpand(s: number, p: number, ep: number): number {
    const src = this.src;
    let i = 0;
    while (s + i < src.length && this.single(src.charCodeAt(s + i), p, ep)) i++;
    while (i >= 0) {
      const r = this.match(s + i, ep + 1);
      if (r !== -1) return r;
      i--;
    }
    return -1;
  }

  private minExpand(s: number, p: number, ep: number): number {
    const src = this.src;
    for (;;) {
      const r = this.match(s, ep + 1);
      if (r !== -1) return r;
      if (s < src.length && this.single(src.charCodeAt(s), p, ep)) s++;
      else return -1;
    }
  }

  private startCapture(s: number, p: number, what: number): number {
    if (this.level >= MAXCAPTURES) this.err('too many captures');
    this.capStart[this.level] = s;
    this.capLen[this.level] = what;
    this.level++;
    const r = this.match(s, p);
    if (r === -1) this.level--;
    return r;
  }

  private endCapture(s: number, p: number): number {
    const l = this.captureToClose();
    this.capLen[l] = s - this.capStart[l];
    const r = this.match(s, p);
    if (r === -1) this.capLen[l] = CAP_UNFINISHED;
    return r;
  }

  private captureToClose(): number {
    let level = this.level;
    for (level--; level >= 0; level--) if (this.capLen[level] === CAP_UNFINISHED) return level;
    this.err('invalid pattern capture');
  }

  private matchBalance(s: number, p: number): number {
    const pat = this.pat, src = this.src;
    if (p + 1 >= pat.length) this.err('unbalanced pattern');
    if (s >= src.length || src.charCodeAt(s) !== pat.charCodeAt(p)) return -1;
    const b = pat.charCodeAt(p), e = pat.charCodeAt(p + 1);
    let cont = 1;
    let i = s + 1;
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === e) { if (--cont === 0) return i + 1; }
      else if (c === b) cont++;
      i++;
    }
    return -1;
  }

  private matchCapture(s: number, lc: number): number {
    const l = this.checkCapture(lc);
    const len = this.capLen[l];
    // a back-reference to a position capture never matches in 5.1 (its length,
    // -2 read as an unsigned size, is longer than any subject)
    if (len === CAP_POSITION) return -1;
    const cap = this.src.substr(this.capStart[l], len);
    if (this.src.length - s >= len && this.src.substr(s, len) === cap) return s + len;
    return -1;
  }

  private checkCapture(lc: number): number {
    const l = lc - 49; // '1'
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) this.err('invalid capture index');
    return l;
  }

  classEnd(p: number): number {
    const pat = this.pat;
    const c = pat.charCodeAt(p++);
    if (c === L_ESC) {
      if (p >= pat.length) this.err("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === 91) { // '['
      if (pat.charCodeAt(p) === 94) p++;
      do {
        if (p >= pat.length) this.err("malformed pattern (missing ']')");
        const cc = pat.charCodeAt(p++);
        if (cc === L_ESC && p < pat.length) p++;
      } while (pat.charCodeAt(p) !== 93);
      return p + 1;
    }
    return p;
  }

  private single(c: number, p: number, ep: number): boolean {
    const pc = this.pat.charCodeAt(p);
    switch (pc) {
      case 46: return true; // '.'
      case L_ESC: return matchClass(c, this.pat.charCodeAt(p + 1));
      case 91: return this.matchBracket(c, p, ep - 1);
      default: return pc === c;
    }
  }

  /** p points at '[', ec at the closing ']'. */
  private matchBracket(c: number, p: number, ec: number): boolean {
    const pat = this.pat;
    let sig = true;
    if (pat.charCodeAt(p + 1) === 94) { sig = false; p++; }
    while (++p < ec) {
      const pc = pat.charCodeAt(p);
      if (pc === L_ESC) {
        p++;
        if (matchClass(c, pat.charCodeAt(p))) return sig;
      } else if (pat.charCodeAt(p + 1) === 45 && p + 2 < ec) {
        p += 2;
        if (pc <= c && c <= pat.charCodeAt(p)) return sig;
      } else if (pc === c) return sig;
    }
    return !sig;
  }

  /** Value of capture i (string or position number). */
  capture(i: number, s: number, e: number): string | number {
    if (i >= this.level) {
      if (i === 0) return this.src.slice(s, e);
      this.err('invalid capture index');
    }
    const l = this.capLen[i];
    if (l === CAP_UNFINISHED) this.err('unfinished capture');
    if (l === CAP_POSITION) return this.capStart[i] + 1;
    return this.src.substr(this.capStart[i], l);
  }

  /** All captures (or the whole match when there are none). */
  captures(s: number, e: number, wholeIfNone: boolean): (string | number)[] {
    const n = this.level === 0 && wholeIfNone ? 1 : this.level;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.capture(i, s, e);
    return out;
  }
}

function isalpha(c: number) { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }
function isdigit(c: number) { return c >= 48 && c <= 57; }
function islower(c: number) { return c >= 97 && c <= 122; }
function isupper(c: number) { return c >= 65 && c <= 90; }
function isspace(c: number) { return c === 32 || (c >= 9 && c <= 13); }
function iscntrl(c: number) { return c < 32 || c === 127; }
function ispunct(c: number) { return c > 32 && c < 127 && !isalpha(c) && !isdigit(c); }
function isxdigit(c: number) { return isdigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70); }

function matchClass(c: number, cl: number): boolean {
  let res: boolean;
  switch (cl | 0x20) {
    case 97: res = isalpha(c); break; // a
    case 99: res = iscntrl(c); break; // c
    case 100: res = isdigit(c); break; // d
    case 108: res = islower(c); break; // l
    case 112: res = ispunct(c); break; // p
    case 115: res = isspace(c); break; // s
    case 117: res = isupper(c); break; // u
    case 119: res = isalpha(c) || isdigit(c); break; // w
    case 120: res = isxdigit(c); break; // x
    case 122: res = c === 0; break; // z
    default: return cl === c;
  }
  if (isupper(cl)) res = !res;
  return res;
}

export const SPECIALS = /[\^$*+?.(\[%-]/;
