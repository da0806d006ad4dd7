// Compiles the Lua AST to JavaScript source: every Lua function becomes a JS generator
// function (see engine.ts for why), declared once per chunk (see ChunkCtx). Lua locals
// become JS `let` bindings (block scoped, so loop bodies get fresh upvalues each
// iteration, as in 5.1); those captured by inner functions hold a box ({v}) shared
// with the closures. Reads and writes of constant string keys (globals, t.k, o:m())
// go through per-site inline caches of the node index. Calls in `return f(...)`
// position are tail calls for the depth count (interp.ts). Operators get an inline
// fast path for the common operand types and fall back to runtime helpers (generators,
// since metamethods may call Lua code) that implement coercions, metamethods and 5.1's
// error messages. Each statement records its line in the frame's slot (S.lines[d]) so
// errors carry "chunk:line:" prefixes, and loops/function entries decrement the
// instruction budget.

import type { Expr, FuncNode, Stat, LocalDecl } from './parser.js';

const ARITH: Record<string, string> = { '+': '__add', '-': '__sub', '*': '__mul', '/': '__div', '%': '__mod', '^': '__pow' };

function q(s: string): string { return JSON.stringify(s); }

function numLit(v: number): string {
  if (v !== v) return '(0/0)';
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  if (v === 0 && 1 / v < 0) return '(-0)';
  return v < 0 ? `(${String(v)})` : String(v);
}

function isMulti(e: Expr): boolean { return e.k === 'call' || e.k === 'method' || e.k === 'vararg'; }

function localName(d: LocalDecl): string { return 'L' + d.id; }

/**
 * Per-chunk output: every Lua function (prototype) becomes one JS generator
 * function declared once at chunk level, `function* P(F, ...params)`, F being
 * the closure (LuaFunction) it runs as. A closure is thus a LuaFunction
 * object pointing at the shared generator plus its upvalues, not a new JS
 * function (V8 makes a fresh generator function cost microseconds on its first
 * call). Locals captured by inner functions live in boxes ({v}); a closure
 * gets the boxes it needs in F.u. Inline-cache slots (ic<n>, see icGet) are
 * declared at chunk level too.
 */
class ChunkCtx {
  protos: string[] = [];
  ics = 0;
  ic(): string { return 'ic' + (++this.ics); }
}

export function describe(e: Expr): string | null {
  switch (e.k) {
    case 'local': return `${e.up ? 'upvalue' : 'local'} '${e.d.name}'`;
    case 'global': return `global '${e.name}'`;
    case 'index': return e.key.k === 'str' ? `field '${e.key.v}'` : `field '?'`;
    case 'paren': return describe(e.e);
    default: return null;
  }
}

let fnCounter = 0;

class FnCompiler {
  lines: string[] = [];
  maxTemp = 0;
  temp = 0;
  uniq = 0;
  /** Name of this function's prototype (generator function) in the chunk. */
  P: string;
  indent = '  ';

  constructor(public node: FuncNode, public chunk: string, public cx: ChunkCtx) {
    this.P = `P${++fnCounter}_${(node.name || 'anon').replace(/[^A-Za-z0-9_]/g, '_')}`;
  }

  /** JS expression reading/writing local d from this function. */
  ref(d: LocalDecl): string {
    if (!d.captured) return localName(d);
    return (d.fn === this.node ? 'L' : 'U') + d.id + '.v';
  }

  /** Declarator of local d (inside a `let`): its box when captured. */
  decl(d: LocalDecl, init?: string): string {
    if (d.captured) return `${localName(d)} = { v: ${init ?? 'undefined'} }`;
    return init === undefined ? localName(d) : `${localName(d)} = ${init}`;
  }

  /**
   * Reads string key K (a JS literal) of table expression `o` (a temp or name)
   * through an inline cache: the node index where K was last found at this
   * site is tried first (valid whenever that node of this table holds K).
   */
  icGet(o: string, K: string): string {
    const ic = this.cx.ic();
    const i = this.t();
    return `(${o}.nk[${ic}] === ${K} ? ${o}.nv[${ic}] : (${i} = ${o}.find(${K})) < 0 ? undefined : ${o}.nv[${ic} = ${i}])`;
  }

  /** Stores v (a temp) under string key K of LuaTable o (raw, no metatable) through an inline cache. */
  icSet(o: string, K: string, v: string): string {
    const ic = this.cx.ic();
    const i = this.t();
    return `(${o}.nk[${ic}] === ${K} ? ${o}.nv[${ic}] = ${v} : (${i} = ${o}.find(${K})) >= 0 ? ${o}.nv[${ic} = ${i}] = ${v} : ${o}.setStr(${K}, ${v}))`;
  }

  t(): string {
    const n = ++this.temp;
    if (n > this.maxTemp) this.maxTemp = n;
    return '$' + n;
  }

  u(prefix: string): string { return prefix + (++this.uniq); }

  /** Lua 5.1 shares one constant slot for 0 and -0 within a function: the first seen wins. */
  zero: number | undefined = undefined;
  konst(v: number): number {
    if (v !== 0) return v;
    if (this.zero === undefined) this.zero = v;
    return this.zero;
  }

  emit(s: string): void { this.lines.push(this.indent + s); }

  /** Line of the statement being compiled (already stored in S.lines[d]). */
  curLine = 0;
  /** Prefix storing an operation's line when it differs from the statement's. */
  ln(line: number | undefined): string {
    return line === undefined || line === this.curLine ? '' : `S.lines[d] = ${line}, `;
  }

  /** Compiles the function into the chunk's prototypes; returns its name. */
  compileFunction(): string {
    const n = this.node;
    // captured parameters arrive as p<id> and are boxed at entry
    const params = n.params.map(d => d.captured ? 'p' + d.id : localName(d));
    if (n.vararg) params.push('...VA');
    const bodyLines = this.lines;
    this.indent = '  ';
    for (const d of n.params) if (d.captured) this.emit(`let ${this.decl(d, 'p' + d.id)};`);
    if (n.argLocal) {
      this.emit(n.usesVararg ? `let ${this.decl(n.argLocal)};` : `let ${this.decl(n.argLocal, 'S.argTable(VA)')};`);
    }
    this.block(n.body);
    this.emit('S.top = d - 1; return EMPTY;');
    const temps: string[] = [];
    for (let i = 1; i <= this.maxTemp; i++) temps.push('$' + i);
    const ups = n.upvals ?? [];
    const head = [
      `function* ${this.P}(F${params.length ? ', ' + params.join(', ') : ''}) {`,
      temps.length ? `  let ${temps.join(', ')};` : '',
      // beyond the segment (or the depth limit): re-run as a new segment from the driver (or overflow)
      `  const d = ++S.top; if (d >= S.lim && S.enter(d)) return yield S.bounce(F.g(F${params.length ? ', ' + params.join(', ') : ''}));`,
      `  S.fs[d] = F; if (--S.budget <= 0) yield* S.tick();`,
      ups.length ? `  const u = F.u, ${ups.map((d, i) => `U${d.id} = u[${i}]`).join(', ')};` : '',
    ];
    this.cx.protos.push(head.concat(bodyLines, ['}']).join('\n'));
    return this.P;
  }

  block(body: Stat[]): void {
    for (const s of body) this.stat(s);
  }

  budget(): void { this.emit('if (--S.budget <= 0) yield* S.tick();'); }

  stat(s: Stat): void {
    this.temp = 0;
    this.curLine = s.line;
    this.emit(`S.lines[d] = ${s.line};`);
    switch (s.k) {
      case 'local': {
        const ds = s.names;
        const ex = s.exprs;
        if (ex.length === 0) { this.emit(`let ${ds.map(d => this.decl(d)).join(', ')};`); return; }
        const parts: string[] = [];
        const last = ex[ex.length - 1];
        if (ex.length < ds.length && isMulti(last)) {
          for (let i = 0; i < ex.length - 1; i++) parts.push(this.decl(ds[i], this.exp(ex[i])));
          const m = this.t();
          const base = ex.length - 1;
          parts.push(this.decl(ds[base], `(${m} = ${this.multi(last)})[0]`));
          for (let i = base + 1; i < ds.length; i++) parts.push(this.decl(ds[i], `${m}[${i - base}]`));
          this.emit(`let ${parts.join(', ')};`);
          return;
        }
        const names = ds;
        for (let i = 0; i < names.length; i++) {
          parts.push(i < ex.length ? this.decl(ds[i], this.exp(ex[i])) : this.decl(ds[i]));
        }
        this.emit(`let ${parts.join(', ')};`);
        for (let i = names.length; i < ex.length; i++) this.emit(`${this.exp(ex[i])};`);
        return;
      }
      case 'localfunc': {
        this.emit(`let ${this.decl(s.d)};`);
        this.emit(`${this.ref(s.d)} = ${this.func(s.f)};`);
        return;
      }
      case 'assign': this.storeLine = s.sline; this.assign(s.targets, s.exprs); this.storeLine = undefined; return;
      case 'callstat': this.emit(`${this.callExpr(s.call, false, true)};`); return;
      case 'do': this.emit('{'); this.nested(s.body); this.emit('}'); return;
      case 'while': {
        this.emit(`while (${this.cond(s.cond)}) {`);
        this.indent += '  ';
        this.budget();
        this.block(s.body);
        this.indent = this.indent.slice(2);
        this.emit('}');
        return;
      }
      case 'repeat': {
        this.emit('while (true) {');
        this.indent += '  ';
        this.budget();
        this.block(s.body);
        this.temp = 0;
        this.emit(`if (${this.cond(s.cond)}) break;`);
        this.indent = this.indent.slice(2);
        this.emit('}');
        return;
      }
      case 'if': {
        for (let i = 0; i < s.conds.length; i++) {
          this.temp = 0;
          const c = this.cond(s.conds[i]);
          this.emit(i === 0 ? `if (${c}) {` : `} else if (${c}) {`);
          this.nested(s.blocks[i]);
          // nested else-if conditions need the line of the elseif; keep the if's line
        }
        if (s.els) { this.emit('} else {'); this.nested(s.els); }
        this.emit('}');
        return;
      }
      case 'numfor': {
        const v0 = this.u('fs'), lim = this.u('fl'), st = this.u('fp');
        this.emit(`{ let ${v0} = S.forNum(${this.exp(s.start)}, "initial"), ${lim} = S.forNum(${this.exp(s.limit)}, "limit"), ${st} = ${s.step ? `S.forNum(${this.exp(s.step)}, "step")` : '1'};`);
        let cond: string;
        if (!s.step) cond = `${v0} <= ${lim}`;
        else if (s.step.k === 'num') cond = s.step.v > 0 ? `${v0} <= ${lim}` : `${v0} >= ${lim}`;
        else cond = `(${st} > 0 ? ${v0} <= ${lim} : ${v0} >= ${lim})`;
        this.emit(`for (; ${cond}; ${v0} += ${st}) {`);
        this.indent += '  ';
        this.budget();
        this.emit(`let ${this.decl(s.v, v0)};`);
        this.block(s.body);
        this.indent = this.indent.slice(2);
        this.emit('} }');
        return;
      }
      case 'genfor': {
        const f = this.u('gf'), st = this.u('gs'), c = this.u('gc'), r = this.u('gr'), k = this.u('gk'), v = this.u('gv'), fast = this.u('gx'), pos = this.u('gp');
        const vals = this.explist(s.exprs, 3);
        const names = s.names;
        this.emit(`{ let [${f}, ${st}, ${c}] = ${vals}, ${r}, ${k}, ${v}, ${pos} = -1;`);
        // iteration with the built-in next / ipairs iterator is done inline
        this.emit(`const ${fast} = ${st} instanceof LT ? (${f} === S.nextFn ? 1 : ${f} === S.ipairsFn ? 2 : 0) : 0;`);
        this.emit('while (true) {');
        this.indent += '  ';
        this.budget();
        this.temp = 0;
        const extra = names.length > 2 ? `${r} = null; ` : '';
        this.emit(`if (${fast} === 2) { ${extra}${k} = ${c} + 1; ${v} = ${st}.getInt(${k}); if (${v} === undefined) break; }`);
        // next() by position: the previous key's slot is checked, not looked up (LuaTable.iter)
        this.emit(`else if (${fast} === 1) { ${extra}${pos} = ${st}.iter(${c}, ${pos}); if (${pos} < 0) { if (${pos} === -2) S.badNext(); break; } ${k} = ${st}.keyAt(${pos}); ${v} = ${st}.valAt(${pos}); }`);
        // (an error in the iterator's call is at the line of the `for`)
        this.emit(`else { S.lines[d] = ${s.line}; ${r} = ${this.callCode(f, [st, c], null, null, '"?"')}; ${k} = ${r}[0]; if (${k} === undefined) break; ${v} = ${r}[1]; }`);
        const decl = names.map((n, i) => this.decl(n, i === 0 ? k : i === 1 ? v : `(${r} === null ? undefined : ${r}[${i}])`));
        this.emit(`${c} = ${k};`);
        this.emit(`let ${decl.join(', ')};`);
        this.block(s.body);
        this.indent = this.indent.slice(2);
        this.emit('} }');
        return;
      }
      case 'return': {
        const ex = s.exprs;
        let val: string;
        if (ex.length === 0) val = 'EMPTY';
        else if (ex.length === 1 && (ex[0].k === 'call' || ex[0].k === 'method')) val = this.callExpr(ex[0], true);
        else if (ex.length === 1 && isMulti(ex[0])) val = this.multi(ex[0]);
        else val = this.arrayOf(ex);
        const r = this.t();
        this.emit(`${r} = ${val}; S.top = d - 1; return ${r};`);
        return;
      }
      case 'break': this.emit('break;'); return;
    }
  }

  nested(body: Stat[]): void {
    this.indent += '  ';
    this.block(body);
    this.indent = this.indent.slice(2);
  }

  /** JS array expression holding all values of an expression list. */
  arrayOf(ex: Expr[]): string {
    if (ex.length === 0) return '[]';
    const parts: string[] = [];
    for (let i = 0; i < ex.length - 1; i++) parts.push(this.exp(ex[i]));
    const last = ex[ex.length - 1];
    if (isMulti(last)) {
      if (parts.length === 0) return this.multi(last);
      parts.push('...' + this.multi(last));
    } else parts.push(this.exp(last));
    return `[${parts.join(', ')}]`;
  }

  /** Array expression for an explist adjusted to n values (may return more). */
  explist(ex: Expr[], _n: number): string {
    const a = this.arrayOf(ex);
    return a;
  }

  assign(targets: Expr[], exprs: Expr[]): void {
    if (targets.length === 1 && exprs.length === 1) {
      const tg = targets[0];
      let v = this.exp(exprs[0]);
      if (tg.k === 'index') {
        const o = this.t(); const k = this.t();
        this.emit(`${o} = ${this.exp(tg.o)}; ${k} = ${this.exp(tg.key)};`);
        this.emit(this.store(tg, o, k, v) + ';');
        return;
      }
      this.emit(this.store(tg, null, null, v) + ';');
      return;
    }
    // evaluate table/key operands of targets, then all values, then store
    const pre: { o: string | null; k: string | null }[] = [];
    for (const tg of targets) {
      if (tg.k === 'index') {
        const o = this.t(); const k = this.t();
        this.emit(`${o} = ${this.exp(tg.o)}; ${k} = ${this.exp(tg.key)};`);
        pre.push({ o, k });
      } else pre.push({ o: null, k: null });
    }
    const vals: string[] = [];
    const last = exprs[exprs.length - 1];
    if (isMulti(last) && exprs.length <= targets.length) {
      for (let i = 0; i < exprs.length - 1; i++) { const tv = this.t(); this.emit(`${tv} = ${this.exp(exprs[i])};`); vals.push(tv); }
      const m = this.t();
      this.emit(`${m} = ${this.multi(last)};`);
      for (let i = exprs.length - 1; i < targets.length; i++) vals.push(`${m}[${i - (exprs.length - 1)}]`);
    } else {
      for (let i = 0; i < exprs.length; i++) {
        const tv = this.t();
        this.emit(`${tv} = ${this.exp(exprs[i])};`);
        vals.push(tv);
      }
      while (vals.length < targets.length) vals.push('undefined');
    }
    // Lua 5.1 assigns from right to left
    for (let i = targets.length - 1; i >= 0; i--) {
      this.emit(this.store(targets[i], pre[i].o, pre[i].k, vals[i]) + ';');
    }
  }

  storeLine: number | undefined = undefined;

  store(tg: Expr, o: string | null, k: string | null, v: string): string {
    const ln = this.ln(this.storeLine);
    switch (tg.k) {
      case 'local': return `${this.ref(tg.d)} = ${v}`;
      case 'global': {
        const e = this.t();
        const tv = this.t();
        return `(${tv} = ${v}, (${e} = F.env).mt === null && !${e}.ro ? ${this.icSet(e, q(tg.name), tv)} : (${ln}yield* S.setindex(${e}, ${q(tg.name)}, ${tv}, null)))`;
      }
      case 'index': {
        const tv = this.t();
        const desc = q(describe(tg.o) as string);
        if (tg.key.k === 'str') {
          return `(${tv} = ${v}, ${o} instanceof LT && ${o}.mt === null && !${o}.ro ? ${this.icSet(o!, k!, tv)} : (${ln}S.setidx(${o}, ${k}, ${tv}, ${desc}) || (yield* S.setindex(${o}, ${k}, ${tv}, ${desc}))))`;
        }
        return `(${tv} = ${v}, ${o} instanceof LT && ${o}.mt === null && !${o}.ro && (typeof ${k} === 'number' ? ${k} === ${k} : typeof ${k} === 'string') ? ${o}.set(${k}, ${tv}) : (${ln}S.setidx(${o}, ${k}, ${tv}, ${desc}) || (yield* S.setindex(${o}, ${k}, ${tv}, ${desc}))))`;
      }
      default: throw new Error('bad assignment target');
    }
  }

  /** A JS boolean expression for a Lua condition. */
  cond(e: Expr): string {
    switch (e.k) {
      case 'true': return 'true';
      case 'false': case 'nil': return 'false';
      case 'bin':
        if (e.op === '==' || e.op === '~=' || e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=') return this.exp(e);
        if (e.op === 'and') return `(${this.cond(e.a)} && ${this.cond(e.b)})`;
        if (e.op === 'or') return `(${this.cond(e.a)} || ${this.cond(e.b)})`;
        break;
      case 'un':
        if (e.op === 'not') return `!${this.cond(e.a)}`;
        break;
    }
    const t = this.t();
    return `((${t} = ${this.exp(e)}) !== undefined && ${t} !== false)`;
  }

  multi(e: Expr): string {
    if (e.k === 'vararg') return 'VA';
    if (e.k === 'call' || e.k === 'method') return this.callExpr(e);
    return `[${this.exp(e)}]`;
  }

  /**
   * A call expression (all results); `tail`: in `return f(...)` position (a Lua callee then reuses
   * the frame's slot in the depth count); `stat`: a call statement (results dropped: see LuaFunction.nd);
   * `one`: only the first result, as the expression's value (see LuaFunction.n1).
   */
  callExpr(e: Expr, tail = false, stat = false, one = false): string {
    if (e.k === 'call') {
      const f = this.t();
      const pre = `${f} = ${this.exp(e.f)}`; // (callee kept in a temp: it is tested then called)
      const desc = describe(e.f);
      const name = e.f.k === 'global' ? e.f.name : e.f.k === 'local' ? e.f.d.name : (e.f.k === 'index' && e.f.key.k === 'str') ? e.f.key.v : '?';
      return `(${pre}, ${this.ln(e.line)}${this.callWithArgs(f, null, e.args, desc, q(name), tail, stat, one)})`;
    }
    if (e.k === 'method') {
      const o = this.t(); const f = this.t();
      const pre = `${o} = ${this.exp(e.o)}, ${f} = ${o} instanceof LT && (${f} = ${this.icGet(o, q(e.name))}) !== undefined ? ${f} : (${f} = S.idx(${o}, ${q(e.name)}, ${q(describe(e.o) as string)})) !== S.NEED ? ${f} : yield* S.index(${o}, ${q(e.name)}, ${q(describe(e.o) as string)})`;
      return `(${pre}, ${this.ln(e.line)}${this.callWithArgs(f, o, e.args, `method '${e.name}'`, q(':' + e.name), tail, stat, one)})`;
    }
    throw new Error('not a call');
  }

  callWithArgs(f: string, self: string | null, args: Expr[], desc: string | null, cn: string, tail = false, stat = false, one = false): string {
    const names: string[] = [];
    const pre: string[] = [];
    if (self) names.push(self);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const t = this.t();
      if (i === args.length - 1 && isMulti(a)) {
        pre.push(`${t} = ${this.multi(a)}`);
        names.push('...' + t);
      } else {
        if (a.k === 'num' || a.k === 'str' || a.k === 'nil' || a.k === 'true' || a.k === 'false' || (a.k === 'local' && i === args.length - 1)) { names.push(this.exp(a)); this.temp--; continue; }
        pre.push(`${t} = ${this.exp(a)}`);
        names.push(t);
      }
    }
    const call = this.callCode(f, names, desc, null, cn, tail, stat, one);
    return pre.length ? `${pre.join(', ')}, ${call}` : call;
  }

  callCode(f: string, args: string[], desc: string | null, _what: string | null, cn: string, tail = false, stat = false, one = false): string {
    const a = args.join(', ');
    if (one) {
      // the first result only: a native's n1 variant, when it has one, returns it without a results array
      return `(${f} instanceof LF ? (${f}.g !== null ? (yield* ${f}.g(${f}${a ? ', ' + a : ''}))[0] : (S.cn = ${cn}, ${f}.n1 !== null ? ${f}.n1(${a}) : (${f}.n !== null ? ${f}.n(${a}) : yield* ${f}.ng(${a}))[0])) : (yield* S.callv(${f}, [${a}], ${q(desc as string)}))[0])`;
    }
    if (stat) {
      // a statement: a native's results are dropped (its nd variant, when it has one, does not build them)
      return `(${f} instanceof LF ? (${f}.g !== null ? yield* ${f}.g(${f}${a ? ', ' + a : ''}) : (S.cn = ${cn}, ${f}.nd !== null ? ${f}.nd(${a}) : ${f}.n !== null ? ${f}.n(${a}) : yield* ${f}.ng(${a}))) : yield* S.callv(${f}, [${a}], ${q(desc as string)}))`;
    }
    let lua = `yield* ${f}.g(${f}${a ? ', ' + a : ''})`;
    if (tail) {
      // Lua 5.1 replaces the caller's frame by the callee's: here the frame stays
      // (marked by a negated line, for error levels) but leaves the depth count
      const r = this.t();
      lua = `(S.lines[d] = -S.lines[d], S.tailIn(), ${r} = ${lua}, S.tailOut(), ${r})`;
    }
    return `(${f} instanceof LF ? (${f}.g !== null ? ${lua} : (S.cn = ${cn}, ${f}.n !== null ? ${f}.n(${a}) : yield* ${f}.ng(${a}))) : yield* S.callv(${f}, [${a}], ${q(desc as string)}))`;
  }

  func(f: FuncNode): string {
    const c = new FnCompiler(f, this.chunk, this.cx);
    const proto = c.compileFunction();
    // the closure's upvalue boxes: this function's own captured locals or its upvalues
    const ups = (f.upvals ?? []).map(d => (d.fn === this.node ? 'L' : 'U') + d.id);
    return `S.mk(${proto}, ${ups.length ? `[${ups.join(', ')}]` : 'EMPTY'}, F.env, ${q(f.name)}, ${q(this.chunk)})`;
  }

  exp(e: Expr): string {
    switch (e.k) {
      case 'nil': return 'undefined';
      case 'true': return 'true';
      case 'false': return 'false';
      case 'num': return numLit(this.konst(e.v));
      case 'str': return q(e.v);
      case 'vararg': return 'VA[0]';
      case 'func': return this.func(e);
      case 'paren': return this.exp(e.e);
      case 'local': return this.ref(e.d);
      case 'global': {
        const t = this.t();
        const g = this.t();
        return `((${g} = F.env, ${t} = ${this.icGet(g, q(e.name))}) !== undefined ? ${t} : yield* S.gget(${g}, ${q(e.name)}))`;
      }
      case 'index': {
        const o = this.t(); const t = this.t();
        const desc = q(describe(e.o) as string);
        if (e.key.k === 'str') {
          return `(${o} = ${this.exp(e.o)}, ${o} instanceof LT && (${t} = ${this.icGet(o, q(e.key.v))}) !== undefined ? ${t} : (${this.ln(e.line)}${t} = S.idx(${o}, ${q(e.key.v)}, ${desc})) !== S.NEED ? ${t} : yield* S.index(${o}, ${q(e.key.v)}, ${desc}))`;
        }
        const k = this.t();
        return `(${o} = ${this.exp(e.o)}, ${k} = ${this.exp(e.key)}, ${o} instanceof LT && (${t} = ${o}.get(${k})) !== undefined ? ${t} : (${this.ln(e.line)}${t} = S.idx(${o}, ${k}, ${desc})) !== S.NEED ? ${t} : yield* S.index(${o}, ${k}, ${desc}))`;
      }
      case 'call': case 'method': return this.callExpr(e, false, false, true);
      case 'table': return this.table(e.items);
      case 'un': return this.unary(e.op, e.a, e.line);
      case 'bin': return this.binary(e.op, e.a, e.b, e.line);
    }
    throw new Error('unknown expression');
  }

  table(items: import('./parser.js').TableItem[]): string {
    if (items.length === 0) return 'new LT()';
    let hasKeyed = false;
    let npos = 0, nkeyed = 0;
    for (const it of items) { if (it.t === 'key') { hasKeyed = true; nkeyed++; } else npos++; }
    const last = items[items.length - 1];
    const fixed = last.t === 'pos' && isMulti(last.v) ? npos - 1 : npos;
    if (!hasKeyed) {
      const pos = items.map(it => it.v);
      return `S.tbl(${this.arrayOf(pos)}, ${fixed})`;
    }
    // record fields are stored as they are evaluated; list items at the end (SETLIST)
    const t = this.t();
    const parts: string[] = [`${t} = S.newtbl(${fixed}, ${nkeyed})`];
    const posVals: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (it.t === 'key') {
        if (it.key.k === 'str') { parts.push(`${t}.setStr(${q(it.key.v)}, ${this.exp(it.v)})`); continue; }
        const kt = this.t();
        parts.push(`${kt} = ${this.exp(it.key)}`);
        parts.push(`S.rawset(${t}, ${kt}, ${this.exp(it.v)})`);
      } else {
        const vt = this.t();
        if (i === items.length - 1 && isMulti(it.v)) {
          parts.push(`${vt} = ${this.multi(it.v)}`);
          posVals.push('...' + vt);
        } else {
          parts.push(`${vt} = ${this.exp(it.v)}`);
          posVals.push(vt);
        }
      }
    }
    parts.push(`S.setlist(${t}, [${posVals.join(', ')}])`);
    return `(${parts.join(', ')})`;
  }

  unary(op: string, a: Expr, line?: number): string {
    if (op === 'not') return `!${this.cond(a)}`;
    const t = this.t();
    const desc = q(describe(a) as string);
    const ln = this.ln(line);
    if (op === '-') return `(${t} = ${this.exp(a)}, typeof ${t} === 'number' ? -${t} : (${ln}yield* S.unm(${t}, ${desc})))`;
    // '#'
    return `(${t} = ${this.exp(a)}, typeof ${t} === 'string' ? ${t}.length : ${t} instanceof LT ? ${t}.length() : (${ln}yield* S.len(${t}, ${desc})))`;
  }

  /** Operand held in a temp unless it is a constant or a local (safe to re-read). */
  operand(e: Expr): [string, string | null] {
    if (e.k === 'num' || e.k === 'str' || e.k === 'nil' || e.k === 'true' || e.k === 'false' || (e.k === 'local')) {
      return [this.exp(e), null];
    }
    const t = this.t();
    return [t, `${t} = ${this.exp(e)}`];
  }

  binary(op: string, a: Expr, b: Expr, line?: number): string {
    const ln = this.ln(line);
    if (op === 'and') {
      const t = this.t();
      return `((${t} = ${this.exp(a)}) === undefined || ${t} === false ? ${t} : ${this.exp(b)})`;
    }
    if (op === 'or') {
      const t = this.t();
      return `((${t} = ${this.exp(a)}) !== undefined && ${t} !== false ? ${t} : ${this.exp(b)})`;
    }
    // 5.1 adds an arithmetic operation's constants right operand first when the
    // left one is a numeral; the order decides whether a function's shared zero
    // constant is 0 or -0 (see konst)
    let A: string, pa: string | null, B: string, pb: string | null;
    if (ARITH[op] && a.k === 'num') { [B, pb] = this.operand(b); [A, pa] = this.operand(a); }
    else { [A, pa] = this.operand(a); [B, pb] = this.operand(b); }
    const da = q(describe(a) as string), db = q(describe(b) as string);
    const ev = [pa, pb].filter(x => x !== null).join(', ') || 'void 0';
    const ev2 = ARITH[op];
    if (ev2) {
      let fast: string;
      switch (op) {
        case '%': fast = `${A} - Math.floor(${A} / ${B}) * ${B}`; break;
        case '^': fast = `S.pow(${A}, ${B})`; break;
        default: fast = `${A} ${op} ${B}`;
      }
      const check = b.k === 'num' ? `typeof ${A} === 'number'` : a.k === 'num' ? `typeof ${B} === 'number'` : `typeof ${A} === 'number' && typeof ${B} === 'number'`;
      return `(${ev}, ${check} ? ${fast} : (${ln}yield* S.arith(${A}, ${B}, ${q(ev2)}, ${da}, ${db})))`;
    }
    const isConst = (e: Expr) => e.k === 'num' || e.k === 'str' || e.k === 'nil' || e.k === 'true' || e.k === 'false';
    const isStr = (e: Expr) => e.k === 'str';
    const isNum = (e: Expr) => e.k === 'num';
    const pre = ev === 'void 0' ? '' : ev + ', ';
    const bothNum = isNum(a) && isNum(b) ? 'true' : isNum(a) ? `typeof ${B} === 'number'` : isNum(b) ? `typeof ${A} === 'number'` : `typeof ${A} === 'number' && typeof ${B} === 'number'`;
    switch (op) {
      case '..': {
        const check = isStr(a) && isStr(b) ? 'true' : isStr(a) ? `typeof ${B} === 'string'` : isStr(b) ? `typeof ${A} === 'string'` : `typeof ${A} === 'string' && typeof ${B} === 'string'`;
        return `(${pre}${check} ? ${A} + ${B} : (${ln}yield* S.concat(${A}, ${B}, ${da}, ${db})))`;
      }
      case '==': case '~=': {
        const neg = op === '~=' ? '!' : '';
        if (isConst(a) || isConst(b)) return `${neg}(${pre}${A} === ${B})`;
        return `${neg}(${pre}${A} === ${B} || (typeof ${A} === 'object' && typeof ${B} === 'object' && (yield* S.eq(${A}, ${B}))))`;
      }
      case '<':
        return `(${pre}${bothNum} ? ${A} < ${B} : (${ln}yield* S.lt(${A}, ${B})))`;
      case '<=':
        return `(${pre}${bothNum} ? ${A} <= ${B} : (${ln}yield* S.le(${A}, ${B})))`;
      case '>':
        return `(${pre}${bothNum} ? ${A} > ${B} : (${ln}yield* S.lt(${B}, ${A})))`;
      case '>=':
        return `(${pre}${bothNum} ? ${A} >= ${B} : (${ln}yield* S.le(${B}, ${A})))`;
    }
    throw new Error('unknown operator ' + op);
  }
}

/**
 * Returns the JS source of a chunk: its prototypes (generator functions taking
 * the closure first, see ChunkCtx) and `return <main chunk's prototype>`.
 */
export function compileChunk(node: FuncNode, chunk: string): string {
  const cx = new ChunkCtx();
  const main = new FnCompiler(node, chunk, cx).compileFunction();
  const ics: string[] = [];
  for (let i = 1; i <= cx.ics; i++) ics.push(`ic${i} = 0`);
  return (ics.length ? `let ${ics.join(', ')};\n` : '') + cx.protos.join('\n') + `\nreturn ${main};`;
}
