/**
 * redis.conf reading: one directive per line, arguments split with the same
 * quoting rules as inline commands, '#' comments, `include` of other files.
 * Command-line `--name value ...` options are turned into extra lines, as
 * redis-server does, so errors name them the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { splitArgs } from '../protocol/parser.js';
import { Config, ConfigError } from './config.js';

export class ConfigFileError extends Error {
  constructor(readonly lineNo: number, readonly line: string, readonly reason: string, readonly file: string) {
    super(`\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${lineNo}\n>>> '${line}'\n${reason}`);
  }
}

export interface ConfigWarning { file: string; line: number; text: string }

/** Directives Redis knows that Respite accepts and ignores (harmless to ignore). */
export type UnimplementedPolicy = (name: string, args: string[]) => 'ignore' | string | null;

/** Applies config text to cfg; returns warnings. Throws ConfigFileError. */
export function loadConfigText(cfg: Config, text: string, file: string, policy?: UnimplementedPolicy, depth = 0): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const argv = splitArgs(line);
    if (argv === null) throw new ConfigFileError(i + 1, line, 'Unbalanced quotes in configuration line', file);
    if (argv.length === 0) continue;
    const name = argv[0].toLowerCase();
    const args = argv.slice(1);
    if (name === 'include') {
      if (args.length !== 1) throw new ConfigFileError(i + 1, line, 'Bad directive or wrong number of arguments', file);
      if (depth > 16) throw new ConfigFileError(i + 1, line, 'Too many nested includes', file);
      const p = path.resolve(path.dirname(file === '(command line)' ? '.' : file), args[0]);
      let sub: string;
      try { sub = fs.readFileSync(p, 'latin1'); } catch (e) {
        throw new ConfigFileError(i + 1, line, `Fatal error, can't open config file '${p}': ${(e as Error).message}`, file);
      }
      warnings.push(...loadConfigText(cfg, sub, p, policy, depth + 1));
      continue;
    }
    const d = cfg.resolve(name);
    if (!d) {
      const verdict = policy?.(name, args) ?? null;
      if (verdict === 'ignore') {
        warnings.push({ file, line: i + 1, text: `Ignoring directive '${name}': not implemented by Respite yet (harmless)` });
        continue;
      }
      if (typeof verdict === 'string') throw new ConfigFileError(i + 1, line, verdict, file);
      throw new ConfigFileError(i + 1, line, 'Bad directive or wrong number of arguments', file);
    }
    try {
      cfg.set(name, args);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigFileError(i + 1, line, e.message, file);
      throw e;
    }
  }
  return warnings;
}

/**
 * Turns redis-server style arguments into config text:
 * [configfile] [--name value ...]. Returns the file (or null) and the text of the options.
 */
export function parseCommandLine(args: string[]): { file: string | null; options: string } {
  let file: string | null = null;
  let j = 0;
  if (args.length > 0 && !args[0].startsWith('--')) { file = args[0]; j = 1; }
  let options = '';
  let first = true;
  for (; j < args.length; j++) {
    const a = args[j];
    if (a.startsWith('--') && a.length > 2) {
      if (!first) options += '\n';
      options += a.slice(2);
      first = false;
    } else {
      options += ' ' + quoteArg(a);
    }
  }
  return { file, options };
}

function quoteArg(a: string): string {
  if (a !== '' && !/[\s"'\\]/.test(a)) return a;
  return '"' + a.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
}
