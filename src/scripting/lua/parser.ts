// Lua 5.1 recursive-descent parser producing an AST with resolved variables
// (each local gets a unique declaration object; names are classified as local,
// upvalue or global at parse time, which the compiler uses for variable access and
// for 5.1's runtime error descriptions such as "local 'x'" / "upvalue 'x'").

import { Lexer, T, LuaSyntaxError } from './lexer.js';
import { luaPow } from './numfmt.js';

export interface LocalDecl { name: string; id: number; fn: FuncNode; captured: boolean }

export type Expr =
  | { k: 'nil' } | { k: 'true' } | { k: 'false' }
  | { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'vararg' }
  | FuncNode
  | { k: 'table'; items: TableItem[]; line: number }
  | { k: 'bin'; op: string; a: Expr; b: Expr; line: number }
  | { k: 'un'; op: string; a: Expr; line: number }
  | { k: 'local'; d: LocalDecl; up: boolean }
  | { k: 'global'; name: string }
  | { k: 'index'; o: Expr; key: Expr; line: number }
  | { k: 'call'; f: Expr; args: Expr[]; line: number }
  | { k: 'method'; o: Expr; name: string; args: Expr[]; line: number }
  | { k: 'paren'; e: Expr };

export type TableItem = { t: 'pos'; v: Expr } | { t: 'key'; key: Expr; v: Expr };

export interface FuncNode {
  k: 'func';
  params: LocalDecl[];
  vararg: boolean;
  body: Stat[];
  line: number;
  endLine: number;
  name: string;
  parent: FuncNode | null;
  /** LUA_COMPAT_VARARG: the implicit `arg` local of vararg functions. */
  argLocal?: LocalDecl;
  /** Locals of enclosing functions this function uses (directly or for inner functions), in first-use order. */
  upvals?: LocalDecl[];
  usesVararg?: boolean;
}

export type Stat =
  | { k: 'local'; names: LocalDecl[]; exprs: Expr[]; line: number }
  | { k: 'assign'; targets: Expr[]; exprs: Expr[]; line: number; sline?: number }
  | { k: 'callstat'; call: Expr; line: number }
  | { k: 'do'; body: Stat[]; line: number }
  | { k: 'while'; cond: Expr; body: Stat[]; line: number }
  | { k: 'repeat'; body: Stat[]; cond: Expr; line: number }
  | { k: 'if'; conds: Expr[]; blocks: Stat[][]; els: Stat[] | null; line: number }
  | { k: 'numfor'; v: LocalDecl; start: Expr; limit: Expr; step: Expr | null; body: Stat[]; line: number }
  | { k: 'genfor'; names: LocalDecl[]; exprs: Expr[]; body: Stat[]; line: number }
  | { k: 'localfunc'; d: LocalDecl; f: FuncNode; line: number }
  | { k: 'return'; exprs: Expr[]; line: number }
  | { k: 'break'; line: number };

interface FuncState {
  node: FuncNode;
  parent: FuncState | null;
  scopes: Map<string, LocalDecl>[];
  /** Active local count when each scope was opened (parallel to scopes). */
  bases: number[];
  /** Active locals (Lua's nactvar), including hidden for-loop state. */
  nact: number;
  upvals: Set<LocalDecl>;
  loops: number;
}

const MAXVARS = 200;
const MAXUPVALUES = 60;

const BINPRI: Record<string, [number, number]> = {
  '+': [6, 6], '-': [6, 6], '*': [7, 7], '/': [7, 7], '%': [7, 7],
  '^': [10, 9], '..': [5, 4],
  '==': [3, 3], '~=': [3, 3], '<': [3, 3], '<=': [3, 3], '>': [3, 3], '>=': [3, 3],
  'and': [2, 2], 'or': [1, 1],
};
const UNARY_PRI = 8;
const MAX_LEVELS = 200;

let declCounter = 0;

/** Lua 5.1 folds arithmetic on numeric constants (not division/modulo by 0, not NaN results). */
function foldBin(op: string, a: Expr, b: Expr): Expr | null {
  if (a.k !== 'num' || b.k !== 'num') return null;
  const x = a.v, y = b.v;
  let r: number;
  switch (op) {
    case '+': r = x + y; break;
    case '-': r = x - y; break;
    case '*': r = x * y; break;
    case '/': if (y === 0) return null; r = x / y; break;
    case '%': if (y === 0) return null; r = x - Math.floor(x / y) * y; break;
    case '^': r = luaPow(x, y); break;
    default: return null;
  }
  if (r !== r) return null;
  return { k: 'num', v: r };
}

export function parse(src: string, chunk: string): FuncNode {
  return new Parser(src, chunk).chunk();
}

export { LuaSyntaxError };

class Parser {
  lx: Lexer;
  fs!: FuncState;
  level = 0;

  constructor(src: string, chunk: string) {
    this.lx = new Lexer(src, chunk);
  }

  err(msg: string): never { this.lx.error(msg, undefined, this.lx.tline); }

  errExpected(what: string): never { this.err(`'${what}' expected`); }

  enter(): void {
    if (++this.level > MAX_LEVELS) this.lx.error('chunk has too many syntax levels', undefined, this.lx.tline);
  }

  isChar(c: string): boolean { return this.lx.t === T.CHAR && this.lx.v === c; }

  checkChar(c: string): void {
    if (!this.isChar(c)) this.errExpected(c);
    this.lx.next();
  }

  testChar(c: string): boolean {
    if (this.isChar(c)) { this.lx.next(); return true; }
    return false;
  }

  check(t: T, text: string): void {
    if (this.lx.t !== t) this.errExpected(text);
    this.lx.next();
  }

  checkMatch(t: T, what: string, who: string, line: number): void {
    if (this.lx.t !== t) {
      if (line === this.lx.tline) this.errExpected(what);
      this.err(`'${what}' expected (to close '${who}' at line ${line})`);
    }
    this.lx.next();
  }

  checkMatchChar(c: string, who: string, line: number): void {
    if (!this.isChar(c)) {
      if (line === this.lx.tline) this.errExpected(c);
      this.err(`'${c}' expected (to close '${who}' at line ${line})`);
    }
    this.lx.next();
  }

  name(): string {
    if (this.lx.t !== T.NAME) this.errExpected('<name>');
    const v = this.lx.v;
    this.lx.next();
    return v;
  }

  openFunc(node: FuncNode): void {
    this.fs = { node, parent: this.fs ?? null, scopes: [new Map()], bases: [0], nact: 0, upvals: new Set(), loops: 0 };
  }

  closeFunc(): void {
    this.fs.node.upvals = [...this.fs.upvals];
    this.fs = this.fs.parent!;
  }

  /** Declares a local; `pending` = locals of the same statement declared before it. */
  declare(name: string, pending = 0): LocalDecl {
    if (this.fs.nact + pending + 1 > MAXVARS) this.limitError(this.fs, MAXVARS, 'local variables');
    return { name, id: ++declCounter, fn: this.fs.node, captured: false };
  }

  limitError(fs: FuncState, limit: number, what: string): never {
    const msg = fs.node.parent === null && fs.node.line === 0
      ? `main function has more than ${limit} ${what}`
      : `function at line ${fs.node.line} has more than ${limit} ${what}`;
    this.lx.error(msg, null, this.lx.line);
  }

  activate(d: LocalDecl): void {
    const sc = this.fs.scopes;
    sc[sc.length - 1].set(d.name, d);
    this.fs.nact++;
  }

  pushScope(): void {
    this.fs.scopes.push(new Map());
    this.fs.bases.push(this.fs.nact);
  }

  popScope(): void {
    this.fs.scopes.pop();
    this.fs.nact = this.fs.bases.pop()!;
  }

  resolve(name: string): Expr {
    let up = false;
    const path: FuncState[] = [];
    for (let fs: FuncState | null = this.fs; fs; fs = fs.parent) {
      for (let i = fs.scopes.length - 1; i >= 0; i--) {
        const d = fs.scopes[i].get(name);
        if (d) {
          if (up) {
            d.captured = true;
            // every function between the owner and here gets an upvalue
            for (let j = path.length - 1; j >= 0; j--) {
              const f = path[j];
              if (!f.upvals.has(d)) {
                if (f.upvals.size + 1 > MAXUPVALUES) this.limitError(f, MAXUPVALUES, 'upvalues');
                f.upvals.add(d);
              }
            }
          }
          return { k: 'local', d, up };
        }
      }
      path.push(fs);
      up = true;
    }
    return { k: 'global', name };
  }

  chunk(): FuncNode {
    const node: FuncNode = { k: 'func', params: [], vararg: true, body: [], line: 0, endLine: 0, name: 'main chunk', parent: null };
    this.openFunc(node);
    this.lx.next();
    node.body = this.block();
    if (this.lx.t !== T.EOF) this.errExpected('<eof>');
    node.endLine = this.lx.line;
    this.closeFunc();
    return node;
  }

  blockFollow(): boolean {
    switch (this.lx.t) {
      case T.ELSE: case T.ELSEIF: case T.END: case T.UNTIL: case T.EOF: return true;
      default: return false;
    }
  }

  block(): Stat[] {
    this.pushScope();
    const body = this.statements();
    this.popScope();
    return body;
  }

  statements(): Stat[] {
    const out: Stat[] = [];
    this.enter();
    while (!this.blockFollow()) {
      if (this.lx.t === T.RETURN) {
        out.push(this.retstat());
        this.testChar(';');
        break;
      }
      if (this.lx.t === T.BREAK) {
        const line = this.lx.tline;
        this.lx.next();
        if (this.fs.loops === 0) this.lx.error('no loop to break', undefined, line);
        out.push({ k: 'break', line });
        this.testChar(';');
        break;
      }
      out.push(this.statement());
      this.testChar(';');
    }
    this.level--;
    return out;
  }

  retstat(): Stat {
    const line = this.lx.tline;
    this.lx.next();
    let exprs: Expr[] = [];
    if (!this.blockFollow() && !this.isChar(';')) exprs = this.exprList();
    return { k: 'return', exprs, line };
  }

  statement(): Stat {
    const line = this.lx.tline;
    switch (this.lx.t) {
      case T.IF: return this.ifstat(line);
      case T.WHILE: {
        this.lx.next();
        const cond = this.expr();
        this.check(T.DO, 'do');
        this.fs.loops++;
        const body = this.block();
        this.fs.loops--;
        this.checkMatch(T.END, 'end', 'while', line);
        return { k: 'while', cond, body, line };
      }
      case T.DO: {
        this.lx.next();
        const body = this.block();
        this.checkMatch(T.END, 'end', 'do', line);
        return { k: 'do', body, line };
      }
      case T.FOR: return this.forstat(line);
      case T.REPEAT: {
        this.lx.next();
        this.fs.loops++;
        this.pushScope();
        const body = this.statements();
        this.checkMatch(T.UNTIL, 'until', 'repeat', line);
        const cond = this.expr();
        this.popScope();
        this.fs.loops--;
        return { k: 'repeat', body, cond, line };
      }
      case T.FUNCTION: {
        this.lx.next();
        // funcname: NAME {'.' NAME} [':' NAME]
        let nm = this.name();
        let target: Expr = this.resolve(nm);
        let fullname = nm;
        let isMethod = false;
        while (this.isChar('.')) {
          this.lx.next();
          const k = this.name();
          fullname += '.' + k;
          target = { k: 'index', o: target, key: { k: 'str', v: k }, line };
        }
        if (this.isChar(':')) {
          this.lx.next();
          const k = this.name();
          fullname += ':' + k;
          target = { k: 'index', o: target, key: { k: 'str', v: k }, line };
          isMethod = true;
        }
        const f = this.body(isMethod, line, fullname);
        return { k: 'assign', targets: [target], exprs: [f], line };
      }
      case T.LOCAL: {
        this.lx.next();
        if ((this.lx.t as T) === T.FUNCTION) {
          this.lx.next();
          const nm = this.name();
          const d = this.declare(nm);
          this.activate(d);
          const f = this.body(false, line, nm);
          return { k: 'localfunc', d, f, line };
        }
        const names: LocalDecl[] = [];
        do { names.push(this.declare(this.name(), names.length)); } while (this.testChar(','));
        let exprs: Expr[] = [];
        if (this.testChar('=')) exprs = this.exprList();
        for (const d of names) this.activate(d);
        return { k: 'local', names, exprs, line };
      }
      default: return this.exprstat(line);
    }
  }

  ifstat(line: number): Stat {
    const conds: Expr[] = [];
    const blocks: Stat[][] = [];
    let els: Stat[] | null = null;
    this.lx.next();
    conds.push(this.expr());
    this.check(T.THEN, 'then');
    blocks.push(this.block());
    while (this.lx.t === T.ELSEIF) {
      this.lx.next();
      conds.push(this.expr());
      this.check(T.THEN, 'then');
      blocks.push(this.block());
    }
    if (this.lx.t === T.ELSE) {
      this.lx.next();
      els = this.block();
    }
    this.checkMatch(T.END, 'end', 'if', line);
    return { k: 'if', conds, blocks, els, line };
  }

  forstat(line: number): Stat {
    this.lx.next();
    const n1 = this.name();
    if (this.isChar('=')) {
      this.lx.next();
      const start = this.expr();
      this.checkChar(',');
      const limit = this.expr();
      let step: Expr | null = null;
      if (this.testChar(',')) step = this.expr();
      this.check(T.DO, 'do');
      this.pushScope();
      this.declare('(for index)', 0); this.declare('(for limit)', 1); this.declare('(for step)', 2);
      const v = this.declare(n1, 3);
      this.fs.nact += 3;
      this.activate(v);
      this.fs.loops++;
      const body = this.block();
      this.fs.loops--;
      this.popScope();
      this.checkMatch(T.END, 'end', 'for', line);
      return { k: 'numfor', v, start, limit, step, body, line };
    }
    if (this.isChar(',') || this.lx.t === T.IN) {
      this.declare('(for generator)', 0); this.declare('(for state)', 1); this.declare('(for control)', 2);
      const names = [this.declare(n1, 3)];
      while (this.testChar(',')) names.push(this.declare(this.name(), names.length + 3));
      this.check(T.IN, 'in');
      const exprs = this.exprList();
      this.check(T.DO, 'do');
      this.pushScope();
      this.fs.nact += 3;
      for (const d of names) this.activate(d);
      this.fs.loops++;
      const body = this.block();
      this.fs.loops--;
      this.popScope();
      this.checkMatch(T.END, 'end', 'for', line);
      return { k: 'genfor', names, exprs, body, line };
    }
    this.err("'=' or 'in' expected");
  }

  exprstat(line: number): Stat {
    const e = this.suffixedExp();
    if (e.k !== 'call' && e.k !== 'method' && (this.isChar('=') || this.isChar(','))) {
      const targets: Expr[] = [e];
      while (this.testChar(',')) targets.push(this.suffixedExp());
      for (const t of targets) {
        if (t.k !== 'local' && t.k !== 'global' && t.k !== 'index') this.err('syntax error');
      }
      this.checkChar('=');
      const exprs = this.exprList();
      return { k: 'assign', targets, exprs, line, sline: this.lx.lastLine };
    }
    if (e.k !== 'call' && e.k !== 'method') {
      if (e.k === 'local' || e.k === 'global' || e.k === 'index') this.errExpected('=');
      this.err('syntax error');
    }
    return { k: 'callstat', call: e, line };
  }

  body(isMethod: boolean, line: number, name: string): FuncNode {
    const node: FuncNode = { k: 'func', params: [], vararg: false, body: [], line, endLine: 0, name, parent: this.fs.node };
    this.openFunc(node);
    if (isMethod) { const d = this.declare('self'); node.params.push(d); this.activate(d); }
    let np = node.params.length;
    this.checkChar('(');
    if (!this.isChar(')')) {
      do {
        if (this.lx.t === T.NAME) {
          const d = this.declare(this.name(), np++ - (isMethod ? 1 : 0));
          node.params.push(d);
        } else if (this.lx.t === T.DOTS) {
          this.lx.next();
          node.vararg = true;
          node.argLocal = this.declare('arg', np - (isMethod ? 1 : 0));
          break;
        } else this.errExpected('<name>');
      } while (this.testChar(','));
    }
    for (const d of node.params) this.activate(d);
    if (node.argLocal) this.activate(node.argLocal);
    this.checkChar(')');
    node.body = this.statements();
    node.endLine = this.lx.tline;
    this.checkMatch(T.END, 'end', 'function', line);
    this.closeFunc();
    return node;
  }

  exprList(): Expr[] {
    const list = [this.expr()];
    while (this.testChar(',')) list.push(this.expr());
    return list;
  }

  expr(): Expr { return this.subexpr(0); }

  binop(): string | null {
    switch (this.lx.t) {
      case T.CHAR: {
        const c = this.lx.v;
        if (c === '+' || c === '-' || c === '*' || c === '/' || c === '%' || c === '^' || c === '<' || c === '>') return c;
        return null;
      }
      case T.CONCAT: return '..';
      case T.EQ: return '==';
      case T.NE: return '~=';
      case T.LE: return '<=';
      case T.GE: return '>=';
      case T.AND: return 'and';
      case T.OR: return 'or';
      default: return null;
    }
  }

  subexpr(limit: number): Expr {
    this.enter();
    let e: Expr;
    const t = this.lx.t;
    if (t === T.NOT || (t === T.CHAR && (this.lx.v === '-' || this.lx.v === '#'))) {
      const op = t === T.NOT ? 'not' : this.lx.v;
      this.lx.next();
      const a = this.subexpr(UNARY_PRI);
      if (op === '-' && a.k === 'num') e = { k: 'num', v: -a.v };
      else e = { k: 'un', op, a, line: this.lx.lastLine };
    } else e = this.simpleExp();
    for (;;) {
      const op = this.binop();
      if (!op) break;
      const pri = BINPRI[op];
      if (pri[0] <= limit) break;
      const line = this.lx.tline;
      this.lx.next();
      const b = this.subexpr(pri[1]);
      e = foldBin(op, e, b) ?? { k: 'bin', op, a: e, b, line: this.lx.lastLine };
    }
    this.level--;
    return e;
  }

  simpleExp(): Expr {
    const lx = this.lx;
    switch (lx.t) {
      case T.NUMBER: { const v = lx.n; lx.next(); return { k: 'num', v }; }
      case T.STRING: { const v = lx.v; lx.next(); return { k: 'str', v }; }
      case T.NIL: lx.next(); return { k: 'nil' };
      case T.TRUE: lx.next(); return { k: 'true' };
      case T.FALSE: lx.next(); return { k: 'false' };
      case T.DOTS: {
        if (!this.fs.node.vararg) this.err("cannot use '...' outside a vararg function");
        this.fs.node.usesVararg = true;
        lx.next();
        return { k: 'vararg' };
      }
      case T.FUNCTION: {
        const line = lx.tline;
        lx.next();
        return this.body(false, line, '?');
      }
      default:
        if (this.isChar('{')) return this.table();
        return this.suffixedExp();
    }
  }

  primaryExp(): Expr {
    const lx = this.lx;
    if (lx.t === T.NAME) return this.resolve(this.name());
    if (this.isChar('(')) {
      const line = lx.tline;
      lx.next();
      const e = this.expr();
      this.checkMatchChar(')', '(', line);
      // a parenthesised numeral stays a numeral for constant folding, as in 5.1
      // (so -(-0) is the constant 0)
      return e.k === 'num' ? e : { k: 'paren', e };
    }
    this.err('unexpected symbol');
  }

  suffixedExp(): Expr {
    const lx = this.lx;
    let e = this.primaryExp();
    for (;;) {
      if (lx.t !== T.CHAR && lx.t !== T.STRING) return e;
      if (lx.t === T.STRING) {
        const line = lx.tline;
        e = { k: 'call', f: e, args: this.callArgs(line), line };
        continue;
      }
      switch (lx.v) {
        case '.': {
          lx.next();
          const k = this.name();
          e = { k: 'index', o: e, key: { k: 'str', v: k }, line: this.lx.lastLine };
          break;
        }
        case '[': {
          lx.next();
          const key = this.expr();
          this.checkChar(']');
          e = { k: 'index', o: e, key, line: this.lx.lastLine };
          break;
        }
        case ':': {
          const line = lx.tline;
          lx.next();
          const name = this.name();
          e = { k: 'method', o: e, name, args: this.callArgs(line), line };
          break;
        }
        case '(': case '{': {
          const line = lx.tline;
          e = { k: 'call', f: e, args: this.callArgs(line), line };
          break;
        }
        default: return e;
      }
    }
  }

  callArgs(line: number): Expr[] {
    const lx = this.lx;
    if (lx.t === T.STRING) { const v = lx.v; lx.next(); return [{ k: 'str', v }]; }
    if (this.isChar('{')) return [this.table()];
    if (this.isChar('(')) {
      if (lx.lastLine !== lx.tline) this.err('ambiguous syntax (function call x new statement)');
      lx.next();
      let args: Expr[] = [];
      if (!this.isChar(')')) args = this.exprList();
      this.checkMatchChar(')', '(', line);
      return args;
    }
    this.err('function arguments expected');
  }

  table(): Expr {
    const lx = this.lx;
    const line = lx.tline;
    this.checkChar('{');
    const items: TableItem[] = [];
    while (!this.isChar('}')) {
      if (lx.t === T.NAME && lx.peek() === T.CHAR && this.peekIsAssign()) {
        const k = this.name();
        this.checkChar('=');
        items.push({ t: 'key', key: { k: 'str', v: k }, v: this.expr() });
      } else if (this.isChar('[')) {
        lx.next();
        const key = this.expr();
        this.checkChar(']');
        this.checkChar('=');
        items.push({ t: 'key', key, v: this.expr() });
      } else {
        items.push({ t: 'pos', v: this.expr() });
      }
      if (!this.testChar(',') && !this.testChar(';')) break;
    }
    this.checkMatchChar('}', '{', line);
    return { k: 'table', items, line };
  }

  private peekIsAssign(): boolean {
    // lexer lookahead is a CHAR; check it is '='
    const lx = this.lx as unknown as { la: { t: T; v: string } | null };
    return !!lx.la && lx.la.t === T.CHAR && lx.la.v === '=';
  }
}
