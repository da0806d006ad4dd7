// Runtime values and operations of the Lua 5.1 engine.
//
// Value representation:
//   nil -> undefined, boolean -> boolean, number -> number (double),
//   string -> latin1 JS string (one char per byte), table -> LuaTable,
//   function -> LuaFunction, coroutine -> Coroutine, userdata -> LuaUserdata.
//
// LuaTable keeps an array part `arr` (arr[i] holds key i+1; may contain holes
// (undefined) but never ends with one) and a hash part `h` (a Map; nil values are
// never stored). Integer keys n with n === arr.length+1 are appended to the array and
// following keys migrate from the hash, so #t is arr.length (a border, as in 5.1).
//
// Calling convention: a Lua function compiled by the engine is a JS generator
// function taking its arguments positionally and returning an array of results;
// callers use `yield*` so any callee can suspend the whole Lua stack (budget pause,
// coroutine.yield). Native (host) functions are plain JS functions `n(...args)`
// returning an array, or generator functions `g` when they must call back into Lua.

import { fmtNum } from './numfmt.js';
import { str2number } from './lexer.js';

export type LuaValue = undefined | boolean | number | string | LuaTable | LuaFunction | Coroutine | LuaUserdata;
export type GenFn = (...args: any[]) => Generator<any, any[], any>;
export type NativeFn = (...args: any[]) => any;

let idCounter = 0x5a0e10;
function nextId(): number { idCounter += 2; return idCounter; }

export class LuaTable {
  arr: any[] = [];
  h: Map<any, any> = new Map();
  mt: LuaTable | null = null;
  /** Largest array part length reached (5.1 keeps its array size until a rehash). */
  amax = 0;
  /** Read-only (Redis sandbox): every modification raises an error. */
  ro = false;
  id = 0;
  // cached iterator for next(): the key last returned and the Map iterator positioned after it
  itKey: any = undefined;
  it: Iterator<[any, any]> | null = null;

  get(k: any): any {
    if (typeof k === 'number') {
      const a = this.arr;
      if (k >= 1 && k <= a.length && (k | 0) === k) return a[k - 1];
    }
    return this.h.get(k);
  }

  getStr(k: string): any { return this.h.get(k); }

  getInt(k: number): any {
    const a = this.arr;
    if (k >= 1 && k <= a.length) return a[k - 1];
    return this.h.get(k);
  }

  /** Raw set; the caller has checked k is not nil/NaN. */
  set(k: any, v: any): void {
    if (typeof k === 'number' && (k | 0) === k && k >= 1) {
      const a = this.arr;
      const n = a.length;
      if (k <= n) {
        a[k - 1] = v;
        if (v === undefined && k === n) {
          let e = n - 1;
          while (e > 0 && a[e - 1] === undefined) e--;
          a.length = e;
        }
        return;
      }
      if (k === n + 1) {
        if (v === undefined) { this.h.delete(k); return; }
        a.push(v);
        if (k > this.amax) this.amax = k;
        const h = this.h;
        if (h.size > 0) {
          h.delete(k);
          let nk = k + 1;
          let nv;
          while ((nv = h.get(nk)) !== undefined) { a.push(nv); h.delete(nk); nk++; }
        }
        return;
      }
    }
    if (v === undefined) this.h.delete(k);
    else this.h.set(k, v);
  }

  setStr(k: string, v: any): void {
    if (v === undefined) this.h.delete(k);
    else this.h.set(k, v);
  }

  length(): number {
    return this.arr.length;
  }

  /** next(): returns [key, value] or undefined at the end; throws on invalid key. */
  next(k: any): [any, any] | undefined | null {
    const a = this.arr;
    let i = 0;
    if (k !== undefined) {
      if (typeof k === 'number' && (k | 0) === k && k >= 1 && k <= a.length) i = k;
      else {
        let it: Iterator<[any, any]>;
        if (this.it !== null && this.itKey === k && (k === k)) it = this.it;
        else {
          if (!this.h.has(k)) {
            // an array index whose slot was cleared during traversal (the array
            // part may have shrunk): continue after it
            if (typeof k === 'number' && (k | 0) === k && k >= 1 && k <= this.amax) {
              for (i = k; i < a.length; i++) if (a[i] !== undefined) return [i + 1, a[i]];
              return this.nextHash(this.h.entries());
            }
            return null;
          }
          it = this.h.entries();
          for (;;) {
            const r = it.next();
            if (r.done) return null;
            if (r.value[0] === k || (k !== k && r.value[0] !== r.value[0])) break;
          }
        }
        return this.nextHash(it);
      }
    }
    for (; i < a.length; i++) {
      if (a[i] !== undefined) return [i + 1, a[i]];
    }
    return this.nextHash(this.h.entries());
  }

  private nextHash(it: Iterator<[any, any]>): [any, any] | undefined {
    const r = it.next();
    if (r.done) { this.it = null; this.itKey = undefined; return undefined; }
    this.it = it; this.itKey = r.value[0];
    return r.value;
  }
}

export class LuaFunction {
  g: GenFn | null = null;
  n: NativeFn | null = null;
  env: LuaTable;
  name: string;
  chunk: string | undefined = undefined;
  id = 0;
  constructor(env: LuaTable, name: string) { this.env = env; this.name = name; }
}

export class LuaUserdata {
  mt: LuaTable | null = null;
  id = 0;
  constructor(public data: unknown) {}
}

export class Coroutine {
  status: 'suspended' | 'running' | 'normal' | 'dead' = 'suspended';
  gen: Generator<any, any[], any> | null = null;
  lines: number[] = [];
  fs: (LuaFunction | null)[] = [];
  top = 0;
  id = 0;
  constructor(public fn: LuaFunction) {}
}

/** A Lua error carrying any Lua value. */
export class LuaError {
  traceback?: string;
  constructor(public value: any) {}
  get message(): string { return typeof this.value === 'string' ? this.value : tostr(this.value); }
  toString(): string { return this.message; }
}

/** An error pcall cannot catch (script killed by the host). */
export class LuaFatal extends LuaError {}

/** Marker yielded through the generator stack to suspend the whole script. */
export const PAUSE = { pause: true };

export function type(v: any): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return 'boolean';
    case 'number': return 'number';
    case 'string': return 'string';
  }
  if (v instanceof LuaTable) return 'table';
  if (v instanceof LuaFunction) return 'function';
  if (v instanceof Coroutine) return 'thread';
  return 'userdata';
}

function addr(o: { id: number }): string {
  if (o.id === 0) o.id = nextId();
  return '0x' + (0x55d0a0000000 + o.id * 32).toString(16);
}

/** tostring without metamethods. */
export function tostr(v: any): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return v ? 'true' : 'false';
    case 'number': return fmtNum(v);
    case 'string': return v;
  }
  if (v instanceof LuaTable) return 'table: ' + addr(v);
  if (v instanceof LuaFunction) return 'function: ' + addr(v);
  if (v instanceof Coroutine) return 'thread: ' + addr(v);
  if (v instanceof LuaUserdata) return 'userdata: ' + addr(v);
  return String(v);
}

/** Number coercion of arithmetic operands (numbers and numeric strings). */
export function tonum(v: any): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

export function truthy(v: any): boolean { return v !== undefined && v !== false; }

export const EMPTY: any[] = [];
