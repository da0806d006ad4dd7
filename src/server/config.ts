/**
 * Configuration: one table of directives (name, aliases, type, default,
 * bounds, mutability), used by the redis.conf reader, the command line,
 * startServer() options, CONFIG GET/SET/REWRITE. Values are kept parsed;
 * `onChange` hooks let the server mirror hot settings into plain fields.
 */

export type DirectiveType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export interface Directive {
  name: string;
  aliases?: string[];
  type: DirectiveType;
  /** Default in CONFIG GET form. */
  default: string;
  min?: number;
  max?: number;
  values?: string[];
  /** Cannot be changed by CONFIG SET. */
  immutable?: boolean;
  /** Hidden from CONFIG GET * (aliases are hidden by default). */
  hidden?: boolean;
  /**
   * Extra validation / normalisation for 'special' and other types. Returns
   * the normalised CONFIG GET text, or throws ConfigError.
   */
  parse?: (args: string[], current: string) => string;
  /** When the value is not supported yet: only these values are accepted, with this reason. */
  onlyValues?: { values: string[]; reason: string };
}

export class ConfigError extends Error {}

const MEMORY_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1000, kb: 1024, m: 1000 * 1000, mb: 1024 * 1024, g: 1000 * 1000 * 1000, gb: 1024 * 1024 * 1024,
};

/** Parses "100mb" style sizes as Redis's memtoull does; undefined when invalid. */
export function parseMemory(s: string): number | undefined {
  const m = /^(-?[0-9]+)([a-zA-Z]*)$/.exec(s);
  if (!m) return undefined;
  const unit = MEMORY_UNITS[m[2].toLowerCase()];
  if (unit === undefined) return undefined;
  return Number(m[1]) * unit;
}

function yesno(s: string): boolean | undefined {
  const l = s.toLowerCase();
  if (l === 'yes') return true;
  if (l === 'no') return false;
  return undefined;
}

export class Config {
  readonly table = new Map<string, Directive>();
  private readonly byAlias = new Map<string, string>();
  /** Current values, in CONFIG GET text form, by canonical name. */
  private readonly text = new Map<string, string>();
  private readonly listeners = new Map<string, ((v: string) => void)[]>();

  constructor(directives: Directive[]) {
    for (const d of directives) {
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
    if (d.parse) return d.parse(args, this.text.get(d.name) ?? d.default);
    if (args.length !== 1) throw new ConfigError('wrong number of arguments');
    const a = args[0];
    let out: string;
    switch (d.type) {
      case 'bool': {
        const b = yesno(a);
        if (b === undefined) throw new ConfigError("argument must be 'yes' or 'no'");
        out = b ? 'yes' : 'no';
        break;
      }
      case 'int': {
        if (!/^-?[0-9]+$/.test(a)) throw new ConfigError("argument couldn't be parsed into an integer");
        const n = Number(a);
        if ((d.min !== undefined && n < d.min) || (d.max !== undefined && n > d.max)) {
          throw new ConfigError(`argument must be between ${d.min} and ${d.max} inclusive`);
        }
        out = String(n);
        break;
      }
      case 'memory': {
        const n = parseMemory(a);
        if (n === undefined) throw new ConfigError('argument must be a memory value');
        if ((d.min !== undefined && n < d.min) || (d.max !== undefined && n > d.max)) {
          throw new ConfigError(`argument must be between ${d.min} and ${d.max} inclusive`);
        }
        out = String(n);
        break;
      }
      case 'enum': {
        const l = a.toLowerCase();
        if (!d.values!.includes(l)) throw new ConfigError(`argument(s) must be one of the following: ${d.values!.join(', ')}`);
        out = l;
        break;
      }
      default:
        out = a;
    }
    if (d.onlyValues && !d.onlyValues.values.includes(out)) throw new ConfigError(d.onlyValues.reason);
    return out;
  }

  /** Sets from already-normalised text and notifies listeners. */
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
}
