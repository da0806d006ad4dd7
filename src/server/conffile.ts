/**
 * redis.conf reading with redis-server 7.0's rules and error reports.
 *
 * The text that is parsed is the config file, then the config read from
 * stdin, then a newline, then the command-line options turned into lines
 * (`--port 7000 --save ""` becomes `port "7000"` and `save ""`), so line
 * numbers in errors count over that whole text, as redis-server's do. Each
 * line is trimmed; blank lines and '#' comments are skipped; arguments are
 * split with the inline-command quoting rules. A directive that takes one
 * argument must have exactly one; a multi-argument one given a single
 * non-empty argument has it split again (`--save "900 1"`). `include <file>`
 * reads another file (path as given). Errors throw ConfigFileError, whose
 * message is the FATAL CONFIG FILE ERROR block; a file that cannot be opened
 * throws ConfigOpenError (redis-server logs that one as a log line).
 */
import fs from 'node:fs';
import { splitArgs } from '../protocol/parser.js';
import { Config, ConfigError, quoteConf } from './config.js';

export const REDIS_VERSION_FOR_ERRORS = '7.0.15';

export class ConfigFileError extends Error {
  constructor(readonly lineNo: number, readonly line: string, readonly reason: string, readonly file: string) {
    super(`\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION_FOR_ERRORS}) ***\nReading the configuration file, at line ${lineNo}\n>>> '${line}'\n${reason}`);
  }
}

/** A config file (or an included one) could not be read. */
export class ConfigOpenError extends Error {
  constructor(readonly path: string, cause: NodeJS.ErrnoException) {
    super(`Fatal error, can't open config file '${path}': ${errnoText(cause)}`);
  }
}

export function errnoText(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': return 'Permission denied';
    case 'EISDIR': return 'Is a directory';
    case 'ENOTDIR': return 'Not a directory';
    default: return e.message;
  }
}

export interface ConfigWarning { file: string; line: number; text: string }

/** What to do with a directive Redis knows and Respite does not implement: 'ignore', a reason to refuse, or null (unknown). */
export type UnimplementedPolicy = (name: string, args: string[]) => 'ignore' | string | null;

/** Reads a config file as redis-server does (latin1 bytes); throws ConfigOpenError. */
export function readConfigFile(p: string): string {
  try {
    return fs.readFileSync(p, 'latin1');
  } catch (e) {
    throw new ConfigOpenError(p, e as NodeJS.ErrnoException);
  }
}

/** Applies config text to cfg; returns warnings. Throws ConfigFileError / ConfigOpenError. */
export function loadConfigText(cfg: Config, text: string, file: string, policy?: UnimplementedPolicy, depth = 0): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (line === '' || line.startsWith('#')) continue;
    const argv = splitArgs(line);
    if (argv === null) throw new ConfigFileError(i + 1, line, 'Unbalanced quotes in configuration line', file);
    if (argv.length === 0) continue;
    const name = argv[0].toLowerCase();
    let args = argv.slice(1);
    const d = cfg.resolve(name);
    if (d) {
      if (!d.multiArg && args.length !== 1) throw new ConfigFileError(i + 1, line, 'wrong number of arguments', file);
      if (d.multiArg && args.length === 1 && args[0] !== '') {
        const split = splitArgs(args[0]);
        if (split !== null) args = split;
      }
      if (d.multiArg && args.length === 0) args = [''];
      try {
        cfg.set(d.name, args);
      } catch (e) {
        if (e instanceof ConfigError) throw new ConfigFileError(i + 1, line, e.message, file);
        throw e;
      }
      continue;
    }
    if (name === 'include' && args.length === 1) {
      if (depth > 16) throw new ConfigFileError(i + 1, line, 'Too many nested includes', file);
      const sub = readConfigFile(args[0]);
      warnings.push(...loadConfigText(cfg, sub, args[0], policy, depth + 1));
      continue;
    }
    const verdict = policy?.(name, args) ?? null;
    if (verdict === 'ignore') {
      warnings.push({ file, line: i + 1, text: `Ignoring directive '${name}': not implemented by Respite yet (harmless)` });
      continue;
    }
    if (typeof verdict === 'string') throw new ConfigFileError(i + 1, line, verdict, file);
    throw new ConfigFileError(i + 1, line, 'Bad directive or wrong number of arguments', file);
  }
  return warnings;
}

export interface CommandLine {
  /** The config file argument, as given (null when none). */
  file: string | null;
  /** Whether config is also read from stdin ('-'). */
  stdin: boolean;
  /** The options as config text (one directive a line). */
  options: string;
}

/**
 * Turns redis-server style arguments ([configfile] [-] [--name value ...])
 * into config text, with redis-server's rules: `--name` starts a new line,
 * other arguments are appended to it quoted; `--save` with no value means
 * `save ""`; a `--name value` given as one argument is taken as is.
 */
export function parseCommandLine(args: string[]): CommandLine {
  let file: string | null = null;
  let stdin = false;
  let j = 0;
  if (args.length > 0 && !args[0].startsWith('-')) { file = args[0]; j = 1; }
  let options = '';
  let lastHandled = true;
  for (; j < args.length; j++) {
    const a = args[j];
    if (a === '-' && (j === 0 || j === args.length - 1)) { stdin = true; continue; }
    if (lastHandled && a.startsWith('--')) {
      if (options.length) options += '\n';
      options += a.slice(2) + ' ';
      const parts = splitArgs(a) ?? [a];
      if (parts.length === 1) {
        lastHandled = false;
        const isSave = a.toLowerCase() === '--save';
        if (isSave && (j === args.length - 1 || args[j + 1].startsWith('--'))) {
          options += '""';
          lastHandled = true;
        }
      } else {
        lastHandled = true;
      }
    } else {
      options += quoteConf(a) + ' ';
      lastHandled = true;
    }
  }
  return { file, stdin, options };
}
