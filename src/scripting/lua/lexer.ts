// Lua 5.1 lexer. Source text is a latin1 JS string (one char = one byte).
// Produces tokens on demand; the parser keeps one token of lookahead.
// Error messages follow Lua 5.1's lexer: "<chunk>:<line>: <msg> near '<token text>'".

import { POS_NAN } from './numfmt.js';

export const enum T {
  EOF = 0, NAME, NUMBER, STRING,
  // keywords
  AND, BREAK, DO, ELSE, ELSEIF, END, FALSE, FOR, FUNCTION, IF, IN, LOCAL, NIL, NOT, OR,
  REPEAT, RETURN, THEN, TRUE, UNTIL, WHILE,
  // multi-char operators
  CONCAT, DOTS, EQ, GE, LE, NE,
  // single chars are represented by CHAR with the char in `value`
  CHAR,
}

const KEYWORDS: Record<string, T> = {
  and: T.AND, break: T.BREAK, do: T.DO, else: T.ELSE, elseif: T.ELSEIF, end: T.END,
  false: T.FALSE, for: T.FOR, function: T.FUNCTION, if: T.IF, in: T.IN, local: T.LOCAL,
  nil: T.NIL, not: T.NOT, or: T.OR, repeat: T.REPEAT, return: T.RETURN, then: T.THEN,
  true: T.TRUE, until: T.UNTIL, while: T.WHILE,
};

const TOKEN_TEXT: Record<number, string> = {
  [T.EOF]: '<eof>', [T.NAME]: '<name>', [T.NUMBER]: '<number>', [T.STRING]: '<string>',
  [T.CONCAT]: '..', [T.DOTS]: '...', [T.EQ]: '==', [T.GE]: '>=', [T.LE]: '<=', [T.NE]: '~=',
};
for (const k of Object.keys(KEYWORDS)) TOKEN_TEXT[KEYWORDS[k]] = k;

export function tokenText(t: T, value?: string): string {
  if (t === T.CHAR) return value!;
  return TOKEN_TEXT[t];
}

/** A syntax error; `message` already carries the chunk/line prefix. */
export class LuaSyntaxError {
  constructor(public message: string) {}
}

/** Lua 5.1's chunk id: '@name' and '=name' display as name, anything else as [string "..."]. */
export function chunkId(source: string, idsize = 60): string {
  if (source.startsWith('=')) return source.slice(1, idsize);
  if (source.startsWith('@')) {
    const name = source.slice(1);
    const max = idsize - 8;
    return name.length > max ? '...' + name.slice(name.length - max) : name;
  }
  // [string "first line..."] with at most 43 characters of source
  let len = source.search(/[\n\r]/);
  if (len < 0) len = source.length;
  const max = idsize - 17;
  if (len > max) len = max;
  const truncated = len < source.length;
  const s = source.slice(0, len);
  return `[string "${s}${truncated ? '...' : ''}"]`;
}

function isDigit(c: number) { return c >= 48 && c <= 57; }
function isAlpha(c: number) { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; }
function isAlnum(c: number) { return isAlpha(c) || isDigit(c); }
function isSpace(c: number) { return c === 32 || (c >= 9 && c <= 13); }

/**
 * Converts a string to a number as Lua 5.1 does (C strtod, falling back to hexadecimal
 * strtoul when the text continues with 'x'); surrounding whitespace allowed.
 * Returns undefined when the text is not a number.
 */
export function str2number(s: string): number | undefined {
  // fast path: an optional sign and up to 15 decimal digits (exact in a double, as strtod gives)
  const len = s.length;
  if (len > 0 && len <= 16) {
    let j = 0, neg = false;
    const c0 = s.charCodeAt(0);
    if (c0 === 45 || c0 === 43) { j = 1; neg = c0 === 45; }
    if (j < len && len - j <= 15) {
      let v = 0;
      for (; j < len; j++) {
        const d = s.charCodeAt(j) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (j === len) return neg ? -v : v;
    }
  }
  let i = 0, n = s.length;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  while (n > i && isSpace(s.charCodeAt(n - 1))) n--;
  if (i >= n) return undefined;
  const body = s.slice(i, n);
  // decimal forms strtod accepts
  const m = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.exec(body);
  if (m) return Number(body);
  // hexadecimal (strtod's hex floats, or strtoul)
  const h = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(body);
  if (h) {
    const ip = h[2], fp = h[3];
    if (ip === '' && (fp === undefined || fp === '')) return undefined;
    let v = 0;
    for (const ch of ip) v = v * 16 + parseInt(ch, 16);
    if (fp !== undefined) { let scale = 1 / 16; for (const ch of fp) { v += parseInt(ch, 16) * scale; scale /= 16; } }
    if (h[4] !== undefined) v = v * Math.pow(2, parseInt(h[4], 10));
    return h[1] === '-' ? -v : v;
  }
  const lower = body.toLowerCase();
  const sign = lower[0] === '-' ? -1 : 1;
  const rest = lower[0] === '-' || lower[0] === '+' ? lower.slice(1) : lower;
  if (rest === 'inf' || rest === 'infinity') return sign * Infinity;
  if (rest === 'nan' || /^nan\([0-9a-z_]*\)$/.test(rest)) return sign < 0 ? -POS_NAN : POS_NAN;
  return undefined;
}

export class Lexer {
  pos = 0;
  line = 1;
  // current token
  t: T = T.EOF;
  v = '';          // raw text (names, chars) or decoded string value
  n = 0;           // number value
  raw = '';        // raw source text of the token (for error messages)
  tline = 1;       // line of the current token
  lastLine = 1;    // line of the previously consumed token
  // lookahead
  private la: { t: T; v: string; n: number; raw: string; line: number } | null = null;

  constructor(public src: string, public chunk: string) {
    // skip a first line starting with '#'
    if (src.charCodeAt(0) === 35) {
      while (this.pos < src.length && src.charCodeAt(this.pos) !== 10) this.pos++;
    }
  }

  error(msg: string, near?: string | null, line?: number): never {
    let m = `${this.chunk}:${line ?? this.line}: ${msg}`;
    if (near !== null) m += ` near '${near ?? this.nearText()}'`;
    throw new LuaSyntaxError(m);
  }

  nearText(): string {
    switch (this.t) {
      case T.NAME: case T.NUMBER: case T.STRING: return this.raw;
      default: return tokenText(this.t, this.v);
    }
  }

  next(): void {
    this.lastLine = this.tline;
    if (this.la) {
      const l = this.la; this.la = null;
      this.t = l.t; this.v = l.v; this.n = l.n; this.raw = l.raw; this.tline = l.line;
      return;
    }
    this.scan();
  }

  peek(): T {
    if (!this.la) {
      const save = { t: this.t, v: this.v, n: this.n, raw: this.raw, line: this.tline };
      this.scan();
      this.la = { t: this.t, v: this.v, n: this.n, raw: this.raw, line: this.tline };
      this.t = save.t; this.v = save.v; this.n = save.n; this.raw = save.raw; this.tline = save.line;
    }
    return this.la.t;
  }

  private newline(): void {
    const s = this.src;
    const c = s.charCodeAt(this.pos);
    this.pos++;
    const d = s.charCodeAt(this.pos);
    if ((d === 10 || d === 13) && d !== c) this.pos++;
    this.line++;
  }

  /** Counts '=' of a long bracket at pos ('[' or ']'); returns count or -1 if not a bracket. */
  private sep(): number {
    const s = this.src;
    const open = s.charCodeAt(this.pos);
    let p = this.pos + 1, count = 0;
    while (s.charCodeAt(p) === 61) { p++; count++; }
    if (s.charCodeAt(p) === open) return count;
    return -count - 1;
  }

  private longString(sepCount: number, isComment: boolean): string {
    const s = this.src;
    const start = this.pos;
    this.pos += sepCount + 2; // skip [==[
    if (s.charCodeAt(this.pos) === 10 || s.charCodeAt(this.pos) === 13) this.newline();
    let out = '';
    let segStart = this.pos;
    for (;;) {
      if (this.pos >= s.length) {
        this.t = T.EOF;
        this.error(isComment ? 'unfinished long comment' : 'unfinished long string', '<eof>');
      }
      const c = s.charCodeAt(this.pos);
      if (c === 93) { // ]
        if (this.sep() === sepCount) {
          out += s.slice(segStart, this.pos);
          this.pos += sepCount + 2;
          this.raw = s.slice(start, this.pos);
          return out;
        }
        this.pos++;
      } else if (c === 91) { // [
        if (sepCount === 0 && this.sep() === 0) this.error('nesting of [[...]] is deprecated', '[');
        this.pos++;
      } else if (c === 10 || c === 13) {
        out += s.slice(segStart, this.pos) + '\n';
        this.newline();
        segStart = this.pos;
      } else this.pos++;
    }
  }

  private scan(): void {
    const s = this.src;
    for (;;) {
      this.tline = this.line;
      if (this.pos >= s.length) { this.t = T.EOF; this.raw = '<eof>'; return; }
      const c = s.charCodeAt(this.pos);
      switch (c) {
        case 10: case 13: this.newline(); continue;
        case 32: case 9: case 11: case 12: this.pos++; continue;
        case 45: { // -
          if (s.charCodeAt(this.pos + 1) !== 45) { this.char('-'); return; }
          this.pos += 2;
          if (s.charCodeAt(this.pos) === 91) {
            const sc = this.sep();
            if (sc >= 0) { this.longString(sc, true); continue; }
          }
          while (this.pos < s.length && s.charCodeAt(this.pos) !== 10 && s.charCodeAt(this.pos) !== 13) this.pos++;
          continue;
        }
        case 91: { // [
          const sc = this.sep();
          if (sc >= 0) {
            const v = this.longString(sc, false);
            this.t = T.STRING; this.v = v; return;
          }
          if (sc !== -1) this.error('invalid long string delimiter', '[');
          this.char('['); return;
        }
        case 61: this.two(61, T.EQ, '='); return;
        case 60: this.two(61, T.LE, '<'); return;
        case 62: this.two(61, T.GE, '>'); return;
        case 126: this.two(61, T.NE, '~'); return;
        case 34: case 39: this.readString(c); return;
        case 46: { // .
          if (s.charCodeAt(this.pos + 1) === 46) {
            if (s.charCodeAt(this.pos + 2) === 46) { this.pos += 3; this.t = T.DOTS; this.raw = '...'; return; }
            this.pos += 2; this.t = T.CONCAT; this.raw = '..'; return;
          }
          if (!isDigit(s.charCodeAt(this.pos + 1))) { this.char('.'); return; }
          this.readNumber(); return;
        }
        default:
          if (isDigit(c)) { this.readNumber(); return; }
          if (isAlpha(c)) {
            const st = this.pos;
            while (this.pos < s.length && isAlnum(s.charCodeAt(this.pos))) this.pos++;
            const w = s.slice(st, this.pos);
            const kw = KEYWORDS[w];
            if (kw !== undefined && Object.prototype.hasOwnProperty.call(KEYWORDS, w)) { this.t = kw; this.raw = w; }
            else { this.t = T.NAME; this.v = w; this.raw = w; }
            return;
          }
          this.char(s[this.pos]);
          return;
      }
    }
  }

  private char(ch: string): void {
    this.pos++;
    this.t = T.CHAR; this.v = ch; this.raw = ch;
  }

  private two(next: number, t: T, single: string): void {
    if (this.src.charCodeAt(this.pos + 1) === next) {
      this.pos += 2; this.t = t; this.raw = TOKEN_TEXT[t];
    } else this.char(single);
  }

  private readNumber(): void {
    const s = this.src;
    const st = this.pos;
    while (isDigit(s.charCodeAt(this.pos)) || s.charCodeAt(this.pos) === 46) this.pos++;
    const e = s.charCodeAt(this.pos);
    if (e === 69 || e === 101) {
      this.pos++;
      const sg = s.charCodeAt(this.pos);
      if (sg === 43 || sg === 45) this.pos++;
    }
    while (isAlnum(s.charCodeAt(this.pos))) this.pos++;
    const text = s.slice(st, this.pos);
    this.raw = text;
    const v = str2number(text);
    if (v === undefined || /^(?:inf|nan)/i.test(text)) {
      this.t = T.NUMBER;
      this.error('malformed number', text);
    }
    this.t = T.NUMBER; this.n = v;
  }

  private readString(q: number): void {
    const s = this.src;
    const st = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= s.length) {
        this.t = T.EOF;
        this.error('unfinished string', '<eof>');
      }
      const c = s.charCodeAt(this.pos);
      if (c === q) { this.pos++; break; }
      if (c === 10 || c === 13) {
        this.t = T.STRING; this.raw = String.fromCharCode(q) + out;
        this.error('unfinished string');
      }
      if (c === 92) { // backslash
        this.pos++;
        const d = s.charCodeAt(this.pos);
        switch (d) {
          case 97: out += '\x07'; this.pos++; break;
          case 98: out += '\b'; this.pos++; break;
          case 102: out += '\f'; this.pos++; break;
          case 110: out += '\n'; this.pos++; break;
          case 114: out += '\r'; this.pos++; break;
          case 116: out += '\t'; this.pos++; break;
          case 118: out += '\v'; this.pos++; break;
          case 10: case 13: out += '\n'; this.newline(); break;
          default:
            if (this.pos >= s.length) continue; // reported as unfinished
            if (!isDigit(d)) { out += s[this.pos]; this.pos++; break; }
            {
              let v = 0, k = 0;
              while (k < 3 && isDigit(s.charCodeAt(this.pos))) { v = v * 10 + s.charCodeAt(this.pos) - 48; this.pos++; k++; }
              if (v > 255) {
                this.t = T.STRING; this.raw = String.fromCharCode(q) + out;
                this.error('escape sequence too large');
              }
              out += String.fromCharCode(v);
            }
        }
        continue;
      }
      out += s[this.pos];
      this.pos++;
    }
    this.t = T.STRING; this.v = out; this.raw = s.slice(st, st + 1) + out + s.slice(st, st + 1);
  }
}
