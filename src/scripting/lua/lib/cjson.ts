// cjson library with the behaviour of the lua-cjson bundled in Redis: encode/decode,
// cjson.null, the configuration functions and the library's error messages.
// Object members are emitted in table traversal order, which follows Lua 5.1's.

import type { LuaState } from '../engine.js';
import { LuaTable, LuaUserdata, type } from '../runtime.js';
import { fmtAbs, fmtNum, signedNaN } from '../numfmt.js';

const ESC: string[] = [];
for (let i = 0; i < 256; i++) {
  if (i < 32) ESC[i] = '\\u' + i.toString(16).padStart(4, '0');
  else ESC[i] = '';
}
ESC[8] = '\\b'; ESC[9] = '\\t'; ESC[10] = '\\n'; ESC[12] = '\\f'; ESC[13] = '\\r';
ESC[34] = '\\"'; ESC[92] = '\\\\'; ESC[47] = '\\/'; ESC[127] = '\\u007f';
const NEEDS_ESC = /[\x00-\x1f"\\/\x7f]/;

function escape(s: string): string {
  if (!NEEDS_ESC.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const e = c < 128 ? ESC[c] : '';
    if (e !== '') { out += s.slice(start, i) + e; start = i + 1; }
  }
  return out + s.slice(start) + '"';
}

interface Cfg {
  sparseConvert: boolean; sparseRatio: number; sparseSafe: number;
  encodeMaxDepth: number; decodeMaxDepth: number; precision: number;
  encodeInvalid: boolean | 'null'; decodeInvalid: boolean; keepBuffer: boolean;
}

export function openCjson(L: LuaState): void {
  const S = L.S;
  const G = L.globals;
  const NULL = new LuaUserdata(null);
  const makeLib = (): LuaTable => {
    const cfg: Cfg = {
      sparseConvert: false, sparseRatio: 2, sparseSafe: 10, encodeMaxDepth: 1000, decodeMaxDepth: 1000,
      precision: 14, encodeInvalid: false, decodeInvalid: true, keepBuffer: true,
    };
    const lib = new LuaTable();
    const reg = (name: string, fn: (...a: any[]) => any) => { lib.setStr(name, S.native(name, fn, G)); };

    const fmt = (n: number): string => {
      if (cfg.precision === 14) return fmtNum(n);
      if (n !== n || !Number.isFinite(n)) return fmtNum(n);
      const neg = n < 0 || (n === 0 && 1 / n < 0);
      const s = fmtAbs(Math.abs(n), 'g', cfg.precision, false);
      return neg ? '-' + s : s;
    };

    const encodeNumber = (n: number): string => {
      if (!Number.isFinite(n)) {
        if (cfg.encodeInvalid === false) S.rterror('Cannot serialise number: must not be NaN or Inf');
        if (cfg.encodeInvalid === 'null') return 'null';
        return n !== n ? 'nan' : n > 0 ? 'inf' : '-inf';
      }
      return fmt(n);
    };

    /**
     * Length of t as a JSON array, or -1 for an object. The C code keeps the largest
     * key in an int: a key of 2^31 or more is stored as INT_MIN (x86's conversion),
     * so it turns the table into an object unless a later key raises the maximum again.
     */
    const arrayLength = (t: LuaTable): number => {
      let max = 0, items = 0;
      let k: unknown = undefined;
      for (;;) {
        const e = t.next(k);
        if (!e) break;
        k = e[0];
        if (typeof k === 'number' && Math.floor(k) === k && k >= 1) {
          if (k > max) max = k < 2147483648 ? k : -2147483648;
          items++;
        } else return -1;
      }
      if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
        if (!cfg.sparseConvert) S.rterror('Cannot serialise table: excessively sparse array');
        return -1;
      }
      return max;
    };

    const encode = (v: unknown, depth: number, out: string[]): void => {
      switch (typeof v) {
        case 'string': out.push(escape(v)); return;
        case 'number': out.push(encodeNumber(v)); return;
        case 'boolean': out.push(v ? 'true' : 'false'); return;
        case 'undefined': out.push('null'); return;
      }
      if (v === NULL) { out.push('null'); return; }
      if (v instanceof LuaTable) {
        depth++;
        if (depth > cfg.encodeMaxDepth) S.rterror(`Cannot serialise, excessive nesting (${depth})`);
        const len = arrayLength(v);
        if (len > 0) {
          out.push('[');
          for (let i = 1; i <= len; i++) {
            if (i > 1) out.push(',');
            encode(v.getInt(i), depth, out);
          }
          out.push(']');
          return;
        }
        out.push('{');
        let first = true;
        let k: unknown = undefined;
        for (;;) {
          const e = v.next(k);
          if (!e) break;
          k = e[0];
          if (!first) out.push(',');
          first = false;
          if (typeof k === 'string') out.push(escape(k));
          else if (typeof k === 'number') out.push('"' + encodeNumber(k) + '"');
          else S.rterror(`Cannot serialise ${type(k)}: table key must be a number or string`);
          out.push(':');
          encode(e[1], depth, out);
        }
        out.push('}');
        return;
      }
      S.rterror(`Cannot serialise ${type(v)}: type not supported`);
    };

    reg('encode', (...a) => {
      if (a.length !== 1) S.argError(1, 'expected 1 argument');
      const out: string[] = [];
      encode(a[0], 0, out);
      return [out.join('')];
    });

    reg('decode', (...a) => {
      if (a.length !== 1) S.argError(1, 'expected 1 argument');
      const s = S.checkString(a, 1);
      return [decode(s)];
    });

    // ---- decoder ----
    const decode = (src: string): unknown => {
      if (src.length >= 2 && (src.charCodeAt(0) === 0 || src.charCodeAt(1) === 0)) {
        S.rterror('JSON parser does not support UTF-16 or UTF-32');
      }
      let pos = 0;
      let depth = 0;
      type Tok = { t: string; i: number; v?: unknown; err?: string };
      const next = (): Tok => {
        while (pos < src.length) {
          const c = src.charCodeAt(pos);
          if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
          else break;
        }
        const i = pos;
        // The C decoder works on a NUL-terminated buffer: a NUL byte ends the text.
        if (pos >= src.length || src.charCodeAt(pos) === 0) return { t: 'T_END', i };
        const ch = src[pos];
        switch (ch) {
          case '{': pos++; return { t: 'T_OBJ_BEGIN', i };
          case '}': pos++; return { t: 'T_OBJ_END', i };
          case '[': pos++; return { t: 'T_ARR_BEGIN', i };
          case ']': pos++; return { t: 'T_ARR_END', i };
          case ':': pos++; return { t: 'T_COLON', i };
          case ',': pos++; return { t: 'T_COMMA', i };
          case '"': return stringTok(i);
        }
        const c = src.charCodeAt(pos);
        if (ch === '-' || (c >= 48 && c <= 57)) {
          if (!cfg.decodeInvalid && invalidNumber(pos)) return { t: 'T_ERROR', i, err: 'invalid number' };
          return numberTok(i);
        }
        if (src.startsWith('true', pos)) { pos += 4; return { t: 'T_BOOLEAN', i, v: true }; }
        if (src.startsWith('false', pos)) { pos += 5; return { t: 'T_BOOLEAN', i, v: false }; }
        if (src.startsWith('null', pos)) { pos += 4; return { t: 'T_NULL', i }; }
        // other starts of numbers JSON does not allow (+1, inf, nan) only when enabled
        if (cfg.decodeInvalid && invalidNumber(pos)) return numberTok(i);
        return { t: 'T_ERROR', i, err: 'invalid token' };
      };
      /**
       * Whether the number at p uses syntax JSON forbids but strtod accepts: a '+'
       * sign, hex, leading zeros, inf or nan (after an optional '-').
       */
      const invalidNumber = (p: number): boolean => {
        const s0 = src.charCodeAt(p);
        if (s0 === 43) return true;
        if (s0 === 45) p++;
        const c = src.charCodeAt(p);
        if (c === 48) {
          const d = src.charCodeAt(p + 1);
          return (d | 0x20) === 0x78 || (d >= 48 && d <= 57);
        }
        if (!(c > 57)) return false;
        const w = src.slice(p, p + 3).toLowerCase();
        return w === 'inf' || w === 'nan';
      };
      /** A number token: the longest prefix strtod reads. */
      const numberTok = (i: number): Tok => {
        const m = strtodPrefix(src, pos);
        if (m === null) return { t: 'T_ERROR', i, err: 'invalid number' };
        pos = m[1];
        return { t: 'T_NUMBER', i, v: m[0] };
      };
      const stringTok = (i: number): Tok => {
        pos++;
        let out = '';
        let start = pos;
        for (;;) {
          const c = src.charCodeAt(pos);
          // (a NUL byte ends the C buffer too)
          if (pos >= src.length || c === 0) return { t: 'T_ERROR', i: pos, err: 'unexpected end of string' };
          if (c === 34) { out += src.slice(start, pos); pos++; return { t: 'T_STRING', i, v: out }; }
          if (c !== 92) { pos++; continue; }
          out += src.slice(start, pos);
          const e = src[pos + 1];
          switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
              const u = unicode(pos);
              if (u === null) return { t: 'T_ERROR', i: pos, err: 'invalid unicode escape code' };
              out += u[0];
              pos = u[1];
              start = pos;
              continue;
            }
            default: return { t: 'T_ERROR', i: pos, err: 'invalid escape code' };
          }
          pos += 2;
          start = pos;
        }
      };
      const hex4 = (p: number): number => {
        const h = src.slice(p, p + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) return -1;
        return parseInt(h, 16);
      };
      const unicode = (p: number): [string, number] | null => {
        let cp = hex4(p + 2);
        if (cp < 0) return null;
        let end = p + 6;
        if (cp >= 0xd800 && cp <= 0xdbff) {
          if (src[end] !== '\\' || src[end + 1] !== 'u') return null;
          const lo = hex4(end + 2);
          if (lo < 0xdc00 || lo > 0xdfff) return null;
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          end += 6;
        } else if (cp >= 0xdc00 && cp <= 0xdfff) return null;
        return [utf8(cp), end];
      };
      const fail = (what: string, tok: Tok): never => {
        const found = tok.t === 'T_ERROR' ? tok.err! : tok.t;
        return S.rterror(`Expected ${what} but found ${found} at character ${tok.i + 1}`);
      };
      const value = (tok: Tok): unknown => {
        switch (tok.t) {
          case 'T_STRING': case 'T_NUMBER': case 'T_BOOLEAN': return tok.v;
          case 'T_NULL': return NULL;
          case 'T_OBJ_BEGIN': return object(tok);
          case 'T_ARR_BEGIN': return array(tok);
          default: return fail('value', tok);
        }
      };
      const enter = (tok: Tok) => {
        if (++depth > cfg.decodeMaxDepth) S.rterror(`Found too many nested data structures (${depth}) at character ${tok.i + 1}`);
      };
      const object = (open: Tok): LuaTable => {
        enter(open);
        const t = new LuaTable();
        let tok = next();
        if (tok.t === 'T_OBJ_END') { depth--; return t; }
        for (;;) {
          if (tok.t !== 'T_STRING') fail('object key string', tok);
          const key = tok.v as string;
          tok = next();
          if (tok.t !== 'T_COLON') fail('colon', tok);
          t.set(key, value(next()));
          tok = next();
          if (tok.t === 'T_OBJ_END') { depth--; return t; }
          if (tok.t !== 'T_COMMA') fail('comma or object end', tok);
          tok = next();
        }
      };
      const array = (open: Tok): LuaTable => {
        enter(open);
        const t = new LuaTable();
        let tok = next();
        if (tok.t === 'T_ARR_END') { depth--; return t; }
        for (let i = 1; ; i++) {
          t.set(i, value(tok));
          tok = next();
          if (tok.t === 'T_ARR_END') { depth--; return t; }
          if (tok.t !== 'T_COMMA') fail('comma or array end', tok);
          tok = next();
        }
      };
      const v = value(next());
      const end = next();
      if (end.t !== 'T_END') fail('the end', end);
      return v;
    };

    // ---- configuration ----
    const bool = (v: unknown, i: number, _a: any[]): boolean => {
      if (v === true || v === false) return v;
      if (v === 'on') return true;
      if (v === 'off') return false;
      // any other value is read with luaL_checkstring (numbers convert, the rest is a type error)
      return S.argError(i, `invalid option '${typeof v === 'number' ? fmtNum(v) : S.checkString(_a, i)}'`);
    };
    reg('encode_sparse_array', (...a) => {
      if (a[0] !== undefined) cfg.sparseConvert = bool(a[0], 1, a);
      if (a[1] !== undefined) cfg.sparseRatio = S.checkInt(a, 2);
      if (a[2] !== undefined) cfg.sparseSafe = S.checkInt(a, 3);
      return [cfg.sparseConvert, cfg.sparseRatio, cfg.sparseSafe];
    });
    reg('encode_max_depth', (...a) => { if (a[0] !== undefined) cfg.encodeMaxDepth = S.checkInt(a, 1); return [cfg.encodeMaxDepth]; });
    reg('decode_max_depth', (...a) => { if (a[0] !== undefined) cfg.decodeMaxDepth = S.checkInt(a, 1); return [cfg.decodeMaxDepth]; });
    reg('encode_number_precision', (...a) => {
      if (a[0] !== undefined) {
        const p = S.checkInt(a, 1);
        if (p < 1 || p > 14) S.argError(1, 'expected integer between 1 and 14');
        cfg.precision = p;
      }
      return [cfg.precision];
    });
    reg('encode_keep_buffer', (...a) => { if (a[0] !== undefined) cfg.keepBuffer = bool(a[0], 1, a); return [cfg.keepBuffer]; });
    reg('encode_invalid_numbers', (...a) => {
      if (a[0] !== undefined) cfg.encodeInvalid = a[0] === 'null' ? 'null' : bool(a[0], 1, a);
      return [cfg.encodeInvalid === 'null' ? 'null' : cfg.encodeInvalid];
    });
    reg('decode_invalid_numbers', (...a) => { if (a[0] !== undefined) cfg.decodeInvalid = bool(a[0], 1, a); return [cfg.decodeInvalid]; });
    reg('new', () => [makeLib()]);
    lib.setStr('null', NULL);
    lib.setStr('_NAME', 'cjson');
    lib.setStr('_VERSION', '2.1.0');
    return lib;
  };
  G.setStr('cjson', makeLib());
}

function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/** Longest prefix of s at p that C strtod accepts: [value, end] or null. */
export function strtodPrefix(s: string, p: number): [number, number] | null {
  const rest = s.slice(p, p + 400);
  let m = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?/.exec(rest);
  if (m) {
    const body = m[0];
    const neg = body[0] === '-';
    const h = body.replace(/^[+-]?0[xX]/, '');
    const [mant, exp] = h.split(/[pP]/);
    const [ip, fp = ''] = mant.split('.');
    let v = 0;
    for (const ch of ip) v = v * 16 + parseInt(ch, 16);
    let sc = 1 / 16;
    for (const ch of fp) { v += parseInt(ch, 16) * sc; sc /= 16; }
    if (exp !== undefined) v *= Math.pow(2, parseInt(exp, 10));
    return [neg ? -v : v, p + body.length];
  }
  m = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
  if (m) return [Number(m[0]), p + m[0].length];
  m = /^([+-]?)(infinity|inf|nan(?:\([0-9a-zA-Z_]*\))?)/i.exec(rest);
  if (m) {
    // strtod's "nan" is a positive NaN, "-nan" a negative one
    const v = m[2].toLowerCase().startsWith('nan') ? signedNaN(m[1] === '-') : m[1] === '-' ? -Infinity : Infinity;
    return [v, p + m[0].length];
  }
  return null;
}
