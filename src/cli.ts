#!/usr/bin/env node
/** respite-server: redis-server's calling convention. */
import fs from 'node:fs';
import { Config } from './server/config.js';
import { ConfigFileError, loadConfigText, parseCommandLine } from './server/conffile.js';
import { Server, REDIS_VERSION, RESPITE_VERSION, allDirectives } from './server/server.js';
import { unimplementedDirective } from './server/known-directives.js';

function usage(): never {
  process.stderr.write(`Usage: respite-server [/path/to/redis.conf] [options] [-]
       respite-server - (read config from stdin)
       respite-server -v or --version
       respite-server -h or --help

Examples:
       respite-server (run the server with the default configuration)
       respite-server /etc/redis/6379.conf
       respite-server --port 7777
       respite-server /etc/myredis.conf --loglevel verbose
       respite-server --port 7000 --requirepass secret
`);
  process.exit(1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '-v' || args[0] === '--version') {
    process.stdout.write(`Respite server v=${RESPITE_VERSION} redis_version=${REDIS_VERSION} node=${process.versions.node} bits=64\n`);
    process.exit(0);
  }
  if (args[0] === '-h' || args[0] === '--help') usage();
  const cfg = new Config(allDirectives());
  let stdinConf = '';
  if (args[0] === '-') { stdinConf = fs.readFileSync(0, 'latin1'); args.shift(); }
  const { file, options } = parseCommandLine(args);
  const warnings = [];
  try {
    if (stdinConf) warnings.push(...loadConfigText(cfg, stdinConf, '(stdin)', unimplementedDirective));
    if (file) {
      let text: string;
      try { text = fs.readFileSync(file, 'latin1'); } catch (e) {
        process.stderr.write(`Fatal error, can't open config file '${file}': ${(e as Error).message}\n`);
        process.exit(1);
      }
      warnings.push(...loadConfigText(cfg, text, file, unimplementedDirective));
    }
    if (options) warnings.push(...loadConfigText(cfg, options, '(command line)', unimplementedDirective));
  } catch (e) {
    if (e instanceof ConfigFileError) { process.stderr.write(e.message + '\n'); process.exit(1); }
    throw e;
  }
  const server = new Server(cfg);
  server.configFile = file;
  const log = server.log;
  log.notice('oO0OoO0OoO0Oo Respite is starting oO0OoO0OoO0Oo');
  log.notice(`Respite version=${RESPITE_VERSION}, redis_version=${REDIS_VERSION}, bits=64, pid=${process.pid}, just started`);
  if (file) log.notice('Configuration loaded');
  else log.warning('Warning: no config file specified, using the default config. In order to specify a config file use respite-server /path/to/redis.conf');
  for (const w of warnings) log.warning(`${w.file}:${w.line}: ${w.text}`);
  try {
    await server.listen();
  } catch (e) {
    log.warning(`Failed listening on port ${cfg.get('port')} (tcp): ${(e as Error).message}`);
    process.exit(1);
  }
  log.notice(`Running mode=standalone, port=${server.port}.`);
  log.notice('Server initialized');
  log.notice('Ready to accept connections' + (server.unixSocketPath ? ` (tcp and unix socket ${server.unixSocketPath})` : ' tcp'));
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.warning(`${why} Scheduling shutdown...`);
    log.notice('User requested shutdown...');
    await server.close();
    log.warning('Respite is now ready to exit, bye bye...');
    process.exit(0);
  };
  server.onShutdown = () => { void stop('SHUTDOWN requested.'); };
  process.on('SIGINT', () => { void stop('Received SIGINT'); });
  process.on('SIGTERM', () => { void stop('Received SIGTERM'); });
}

void main();
