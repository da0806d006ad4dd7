/**
 * Configuration: one table of directives (name, aliases, type, default,
 * bounds, mutability), used by the redis.conf reader, the command line,
 * startServer() options, CONFIG GET/SET/REWRITE. Values are kept as their
 * normalised CONFIG GET text; `onChange` listeners mirror hot settings into
 * plain server fields (and may throw ConfigError to refuse a value they
 * cannot apply: CONFIG SET then rolls every parameter back).
 *
 * Parsing follows Redis 7.0's rules: integers are strict canonical decimals
 * (no '+', no leading zeros, no spaces), range checks use 64-bit bounds,
 * memory values take the b/k/kb/m/mb/g/gb suffixes (k = 1000, kb = 1024),
 * booleans are yes/no and enums any case; the error texts are Redis's.
 */

export type DirectiveType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export interface Directive {
  name: string;
  aliases?: string[];
  type: DirectiveType;
  /** Default in CONFIG GET form. */
  default: string;
  /** Inclusive bounds for int / memory (bigint for values beyond 2^53). */
  min?: number | bigint;
  max?: number | bigint;
  values?: string[];
  /** Cannot be changed by CONFIG SET. */
  immutable?: boolean;
  /** CONFIG SET refuses it unless enable-protected-configs allows it (dir, dbfilename). */
  protected?: boolean;
  /** Takes several arguments in redis.conf (save, bind); CONFIG SET splits its value on spaces. */
  multiArg?: boolean;
  /** Hidden from CONFIG GET patterns. */
  hidden?: boolean;
  /**
   * Extra validation / normalisation for 'special' and other types. Returns
   * the normalised CONFIG GET text, or throws ConfigError.
   */
  parse?: (args: string[], current: string) => string;
  /** Checks an already type-parsed value (e.g. dbfilename must not be a path); throws ConfigError. */
  validate?: (text: string) => void;
  /** When the value is not supported yet: only these values are accepted, with this reason. */
  onlyValues?: { values: string[]; reason: string };
  /** CONFIG REWRITE writes it even when it has its default value (dir, as Redis does). */
  alwaysRewrite?: boolean;
  /** How CONFIG REWRITE writes the arguments (default: strings quoted, others as is). */
  rewrite?: (text: string) => string;
}

export class ConfigError extends Error {}

const MEMORY_UNITS: Record<string, bigint> = {
  '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n * 1000n, mb: 1024n * 1024n, g: 1000n * 1000n * 1000n, gb: 1024n * 1024n * 1024n,
};
const ULLONG_MAX = (1n << 64n) - 1n;

/** Parses "100mb" style sizes as Redis's memtoull does (bigint); undefined when invalid. */
export function parseMemoryBig(s: string): bigint | undefined {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const unit = MEMORY_UNITS[s.slice(i).toLowerCase()];
  if (unit === undefined) return undefined;
  // Like strtoull + an unchecked multiplication: the number saturates at
  // 2^64-1 and the product wraps around modulo 2^64, as in Redis 7.0.
  const digits = s.slice(0, i);
  let n = digits === '' ? 0n : BigInt(digits);
  if (n > ULLONG_MAX) n = ULLONG_MAX;
  return (n * unit) & ULLONG_MAX;
}

/** Same as parseMemoryBig, as a JS number. */
export function parseMemory(s: string): number | undefined {
  const v = parseMemoryBig(s);
  return v === undefined ? undefined : Number(v);
}

const INT_RE = /^(?:0|-?[1-9][0-9]*)$/;
const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);

function parseStrictLL(s: string): bigint | undefined {
  if (!INT_RE.test(s) || s.length > 20) return undefined;
  const v = BigInt(s);
  return v > LLONG_MAX || v < LLONG_MIN ? undefined : v;
}

function yesno(s: string): boolean | undefined {
  const l = s.toLowerCase();
  if (l === 'yes') return true;
  if (l === 'no') return false;
  return undefined;
}

/** Quotes a string the way redis.conf / CONFIG REWRITE writes it (always in double quotes, escaped). */
export function quoteConf(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i], c = s.charCodeAt(i);
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      default:
        out += c >= 32 && c < 127 ? ch : '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

export class Config {
  readonly table = new Map<string, Directive>();
  private readonly byAlias = new Map<string, string>();
  /** Current values, in CONFIG GET text form, by canonical name. */
  private readonly text = new Map<string, string>();
  private readonly listeners = new Map<string, ((v: string) => void)[]>();
  /** enable-protected-configs: may CONFIG SET change protected directives. */
  allowProtected = false;

  constructor(directives: Directive[]) {
    for (const d of directives) {
      if (this.table.has(d.name)) throw new Error(`config: directive '${d.name}' declared twice`);
      this.table.set(d.name, d);
      for (const a of d.aliases ?? []) this.byAlias.set(a, d.name);
      this.text.set(d.name, d.default);
    }
  }

  resolve(name: string): Directive | undefined {
    const l = name.toLowerCase();
    const canon = this.table.has(l) ? l : this.byAlias.get(l);
    return canon ? this.table.get(canon) : undefined;
  }

  /** The current CONFIG GET text of a directive. */
  get(name: string): string {
    const d = this.resolve(name);
    if (!d) throw new Error(`config: unknown directive ${name}`);
    return this.text.get(d.name) as string;
  }

  getInt(name: string): number { return Number(this.get(name)); }
  getBool(name: string): boolean { return this.get(name) === 'yes'; }

  onChange(name: string, fn: (v: string) => void): void {
    const d = this.resolve(name);
    if (!d) throw new Error(`config: unknown directive ${name}`);
    const l = this.listeners.get(d.name) ?? [];
    l.push(fn);
    this.listeners.set(d.name, l);
    fn(this.text.get(d.name) as string);
  }

  /** Validates args for directive d and returns the normalised text; throws ConfigError. */
  normalise(d: Directive, args: string[]): string {
    let out: string;
    if (d.parse) {
      out = d.parse(args, this.text.get(d.name) ?? d.default);
    } else {
      if (args.length !== 1) throw new ConfigError('wrong number of arguments');
      out = this.parseOne(d, args[0]);
    }
    if (d.validate) d.validate(out);
    if (d.onlyValues && !d.onlyValues.values.includes(out)) throw new ConfigError(d.onlyValues.reason);
    return out;
  }

  private parseOne(d: Directive, a: string): string {
    switch (d.type) {
      case 'bool': {
        const b = yesno(a);
        if (b === undefined) throw new ConfigError("argument must be 'yes' or 'no'");
        return b ? 'yes' : 'no';
      }
      case 'int': {
        const n = parseStrictLL(a);
        if (n === undefined) throw new ConfigError("argument couldn't be parsed into an integer");
        checkRange(d, n);
        return String(n);
      }
      case 'memory': {
        const n = parseMemoryBig(a);
        if (n === undefined) throw new ConfigError('argument must be a memory value');
        checkRange(d, n);
        return String(n);
      }
      case 'enum': {
        const l = a.toLowerCase();
        if (!d.values!.includes(l)) throw new ConfigError(`argument(s) must be one of the following: ${d.values!.join(', ')}`);
        return l;
      }
      default:
        return a;
    }
  }

  /** Sets from already-normalised text and notifies listeners (which may throw ConfigError). */
  setText(name: string, text: string): void {
    const d = this.resolve(name)!;
    this.text.set(d.name, text);
    for (const fn of this.listeners.get(d.name) ?? []) fn(text);
  }

  /** Parses and sets one directive (config file / command line / startServer). */
  set(name: string, args: string[]): void {
    const d = this.resolve(name);
    if (!d) throw new ConfigError(`Bad directive or wrong number of arguments`);
    this.setText(d.name, this.normalise(d, args));
  }

  /** Every visible directive name. */
  names(): string[] {
    return [...this.table.values()].filter(d => !d.hidden).map(d => d.name);
  }

  /** The arguments CONFIG REWRITE writes for a directive's current value. */
  rewriteArgs(d: Directive): string {
    const v = this.text.get(d.name) as string;
    if (d.rewrite) return d.rewrite(v);
    if (d.type === 'string') return quoteConf(v);
    return v;
  }

  isDefault(d: Directive): boolean {
    return !d.alwaysRewrite && this.text.get(d.name) === d.default;
  }
}

function checkRange(d: Directive, n: bigint): void {
  const min = d.min === undefined ? undefined : BigInt(d.min);
  const max = d.max === undefined ? undefined : BigInt(d.max);
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    throw new ConfigError(`argument must be between ${min ?? LLONG_MIN} and ${max ?? LLONG_MAX} inclusive`);
  }
}
