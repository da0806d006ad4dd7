/**
 * The directives Respite knows, with Redis 7.0's names, defaults and bounds.
 * Add a directive here and it becomes readable from redis.conf, the command
 * line, startServer(), CONFIG GET and (unless immutable) CONFIG SET.
 */
import { ConfigError, type Directive } from './config.js';

const INT_MAX = 2147483647;
const LLONG_MAX = Number.MAX_SAFE_INTEGER;

function saveParam(args: string[]): string {
  // "save" takes pairs of <seconds> <changes>, or "" to disable. Persistence is not there yet.
  const joined = args.join(' ').trim();
  if (joined === '' ) return '';
  throw new ConfigError('persistence (RDB snapshots) is not implemented in Respite yet: only save "" is accepted');
}

export const DIRECTIVES: Directive[] = [
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535, immutable: false },
  { name: 'bind', type: 'special', default: '* -::*', parse: a => a.join(' ') },
  { name: 'unixsocket', type: 'string', default: '', immutable: true },
  { name: 'unixsocketperm', type: 'special', default: '0', immutable: true, parse: a => {
    if (a.length !== 1 || !/^[0-7]+$/.test(a[0])) throw new ConfigError('Invalid socket file permissions');
    return String(parseInt(a[0], 8));
  } },
  { name: 'databases', type: 'int', default: '16', min: 1, max: INT_MAX, immutable: true },
  { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'] },
  { name: 'logfile', type: 'string', default: '', immutable: true },
  { name: 'daemonize', type: 'bool', default: 'no', immutable: true, onlyValues: { values: ['no'], reason: 'daemonize yes is not supported by Respite: run it under a process supervisor' } },
  { name: 'save', type: 'special', default: '', parse: saveParam },
  { name: 'appendonly', type: 'bool', default: 'no', onlyValues: { values: ['no'], reason: 'the append-only file is not implemented in Respite yet: only appendonly no is accepted' } },
  { name: 'requirepass', type: 'string', default: '' },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: INT_MAX },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: INT_MAX },
  { name: 'tcp-backlog', type: 'int', default: '511', min: 0, max: INT_MAX, immutable: true },
  { name: 'proto-max-bulk-len', type: 'memory', default: '536870912', min: 1024 * 1024, max: LLONG_MAX },
  { name: 'client-query-buffer-limit', type: 'memory', default: '1073741824', min: 1024 * 1024, max: LLONG_MAX },
  { name: 'hz', type: 'int', default: '10', min: 0, max: INT_MAX },
  { name: 'enable-debug-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true },
  { name: 'slowlog-log-slower-than', type: 'int', default: '10000', min: -1, max: LLONG_MAX },
  { name: 'slowlog-max-len', type: 'int', default: '128', min: 0, max: LLONG_MAX },
  { name: 'latency-monitor-threshold', type: 'int', default: '0', min: 0, max: LLONG_MAX },
  { name: 'dir', type: 'string', default: '' },
  { name: 'dbfilename', type: 'string', default: 'dump.rdb' },
  { name: 'maxmemory', type: 'memory', default: '0', min: 0, max: LLONG_MAX },
  { name: 'protected-mode', type: 'bool', default: 'yes' },
];
