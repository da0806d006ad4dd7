#!/usr/bin/env node
/**
 * respite-server: redis-server's calling convention.
 *   respite-server [/path/to/redis.conf] [-] [--directive value ...]
 * Config errors are reported like redis-server's (FATAL CONFIG FILE ERROR
 * block on stderr) and exit with status 1; SIGINT / SIGTERM shut down
 * cleanly with status 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Config } from './server/config.js';
import { ConfigFileError, ConfigOpenError, loadConfigText, parseCommandLine, readConfigFile, type ConfigWarning } from './server/conffile.js';
import { Server, REDIS_VERSION, RESPITE_VERSION, allDirectives } from './server/server.js';
import { unimplementedDirective } from './server/known-directives.js';
import { Logger } from './server/log.js';
import { IdleGc } from './server/idle-gc.js';

function usage(): never {
  process.stderr.write(`Usage: respite-server [/path/to/redis.conf] [options] [-]
       respite-server - (read config from stdin)
       respite-server -v or --version
       respite-server -h or --help

Examples:
       respite-server (run the server with the default configuration)
       echo 'maxmemory 128mb' | respite-server -
       respite-server /etc/redis/6379.conf
       respite-server --port 7777
       respite-server /etc/myredis.conf --loglevel verbose -
       respite-server /etc/myredis.conf --loglevel verbose

Directives Respite does not implement yet are either ignored with a warning
(when that cannot change behaviour) or refused with the reason.
`);
  process.exit(1);
}

/** A log line before the server exists (role C, as redis-server prints them). */
function earlyLog(mark: string, msg: string): void {
  const d = new Date();
  const M = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  process.stdout.write(`${process.pid}:C ${p2(d.getDate())} ${M[d.getMonth()]} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')} ${mark} ${msg}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '-v' || args[0] === '--version') {
    process.stdout.write(`Respite server v=${RESPITE_VERSION} redis_version=${REDIS_VERSION} node=${process.versions.node} bits=64\n`);
    process.exit(0);
  }
  if (args[0] === '-h' || args[0] === '--help') usage();
  const cfg = new Config(allDirectives());
  const cl = parseCommandLine(args);
  const file = cl.file === null ? null : path.resolve(cl.file);
  let warnings: ConfigWarning[] = [];
  try {
    // One text, as redis-server builds it: file, stdin, a newline, the options.
    let text = '';
    if (file !== null) text += readConfigFile(file);
    if (cl.stdin) text += fs.readFileSync(0, 'latin1');
    text += '\n' + cl.options;
    warnings = loadConfigText(cfg, text, file ?? '(command line)', unimplementedDirective);
  } catch (e) {
    if (e instanceof ConfigFileError) { process.stderr.write(e.message + '\n'); process.exit(1); }
    if (e instanceof ConfigOpenError) { earlyLog('#', e.message); process.exit(1); }
    throw e;
  }
  const server = new Server(cfg);
  server.idleGc = new IdleGc();
  server.configFile = file;
  const log: Logger = server.log;
  log.warning('oO0OoO0OoO0Oo Respite is starting oO0OoO0OoO0Oo');
  log.warning(`Respite version=${RESPITE_VERSION}, redis_version=${REDIS_VERSION}, bits=64, pid=${process.pid}, just started`);
  if (file !== null) log.warning('Configuration loaded');
  else log.warning('Warning: no config file specified, using the default config. In order to specify a config file use respite-server /path/to/redis.conf');
  for (const w of warnings) log.warning(`${w.text} (${w.file}, line ${w.line})`);
  // Signals are handled from now on, before the ready line is printed.
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    if (why) log.warning(`${why} scheduling shutdown...`);
    log.warning('User requested shutdown...');
    await server.close();
    log.warning('Respite is now ready to exit, bye bye...');
    process.exit(0);
  };
  // SHUTDOWN (the command) has closed the server and logged its lines already
  server.onShutdown = () => { stopping = true; process.exit(0); };
  process.on('SIGINT', () => { void stop('Received SIGINT'); });
  process.on('SIGTERM', () => { void stop('Received SIGTERM'); });
  try {
    await server.listen();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { address?: string; port?: number };
    const why = err.code === 'EADDRINUSE' ? 'Address already in use' : err.code === 'EACCES' ? 'Permission denied'
      : err.code === 'EADDRNOTAVAIL' ? 'Cannot assign requested address' : err.message;
    log.warning(`Warning: Could not create server TCP listening socket ${err.address ?? '*'}:${err.port ?? cfg.get('port')}: bind: ${why}`);
    log.warning(`Failed listening on port ${cfg.get('port')} (TCP), aborting.`);
    process.exit(1);
  }
  log.notice(`Running mode=standalone, port=${server.port}.`);
  log.warning('Server initialized');
  log.notice('Ready to accept connections' + (server.unixSocketPath ? ` (tcp and unix socket ${server.unixSocketPath})` : ' tcp'));
}

void main();
