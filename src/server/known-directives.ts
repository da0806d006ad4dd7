/**
 * Redis 7.0 directives that Respite does not implement yet, and what happens
 * when a config file, the command line or CONFIG SET uses one:
 *
 *  - 'ignore': ignoring it cannot change what a client observes (tuning,
 *    OS integration, encodings of type families not written yet, settings
 *    of subsystems that are absent and off). It is accepted with a logged
 *    warning; CONFIG SET replies OK and logs the same warning; CONFIG GET
 *    does not list it.
 *  - a reason: ignoring it would silently change behaviour (replication,
 *    cluster, TLS, ACL files, renamed commands, modules), so it is refused
 *    with that reason (a FATAL CONFIG FILE ERROR at start-up, an error reply
 *    for CONFIG SET). Some are refused only for values that turn a feature
 *    on, and ignored for the values that leave it off.
 *
 * A family that implements one of these declares it in its `directives`
 * (the config table wins over this list), and removes it here.
 *
 * Directives listed by `CONFIG GET *` on redis-server 7.0.15 that Respite
 * implements are in directives.ts (core) or in the families' files.
 */

export type Verdict = 'ignore' | string;

const NOT_YET = (what: string) => `${what} is not implemented in Respite yet`;

/** Ignored whatever the value. */
const HARMLESS = [
  // OS / process integration
  'supervised', 'pidfile', 'syslog-enabled', 'syslog-ident', 'syslog-facility', 'always-show-logo', 'set-proc-title',
  'proc-title-template', 'crash-log-enabled', 'crash-memcheck-enabled', 'oom-score-adj', 'oom-score-adj-values',
  'disable-thp', 'jemalloc-bg-thread', 'server_cpulist', 'bio_cpulist', 'aof_rewrite_cpulist', 'bgsave_cpulist',
  'socket-mark-id', 'bind-source-addr', 'ignore-warnings', 'shutdown-on-sigint', 'shutdown-on-sigterm', 'shutdown-timeout',
  // memory management and tuning internal to Redis's C implementation
  'activedefrag', 'active-defrag-ignore-bytes', 'active-defrag-threshold-lower', 'active-defrag-threshold-upper',
  'active-defrag-cycle-min', 'active-defrag-cycle-max', 'active-defrag-max-scan-fields', 'lazyfree-lazy-eviction',
  'lazyfree-lazy-expire', 'lazyfree-lazy-server-del', 'lazyfree-lazy-user-del', 'lazyfree-lazy-user-flush',
  'io-threads', 'io-threads-do-reads', 'dynamic-hz', 'activerehashing', 'active-expire-effort',
  // eviction tuning (only noeviction exists), client limits that are not enforced yet
  'maxmemory-samples', 'maxmemory-eviction-tenacity', 'maxmemory-clients',
  'client-output-buffer-limit',
  // encodings: owned by the type families (hashes, sets, zsets, lists, streams, HyperLogLog)
  'hash-max-listpack-entries', 'hash-max-listpack-value', 'hash-max-ziplist-entries', 'hash-max-ziplist-value',
  'set-max-intset-entries', 'zset-max-listpack-entries', 'zset-max-listpack-value', 'zset-max-ziplist-entries',
  'zset-max-ziplist-value', 'list-max-listpack-size', 'list-max-ziplist-size', 'list-compress-depth',
  'stream-node-max-bytes', 'stream-node-max-entries', 'hll-sparse-max-bytes',
  // scripting, tracking, ACL log, modules: owned by their families
  'lua-time-limit', 'busy-reply-threshold', 'tracking-table-max-keys', 'acllog-max-len', 'acl-pubsub-default',
  'enable-module-command',
  // persistence tuning (persistence itself is refused through save / appendonly)
  'stop-writes-on-bgsave-error', 'rdbcompression', 'rdbchecksum', 'rdb-del-sync-files', 'rdb-save-incremental-fsync',
  'sanitize-dump-payload', 'appendfilename', 'appenddirname', 'appendfsync', 'no-appendfsync-on-rewrite',
  'auto-aof-rewrite-percentage', 'auto-aof-rewrite-min-size', 'aof-load-truncated', 'aof-use-rdb-preamble',
  'aof-rewrite-incremental-fsync', 'aof-timestamp-enabled', 'aof-disable-auto-gc',
  // replication settings that only matter once a replica or a master exists
  'masterauth', 'masteruser', 'repl-backlog-size', 'repl-backlog-ttl', 'repl-disable-tcp-nodelay', 'repl-diskless-load',
  'repl-diskless-sync', 'repl-diskless-sync-delay', 'repl-diskless-sync-max-replicas', 'repl-ping-replica-period',
  'repl-ping-slave-period', 'repl-timeout', 'replica-announce-ip', 'slave-announce-ip', 'replica-announce-port',
  'slave-announce-port', 'replica-announced', 'replica-ignore-disk-write-errors', 'replica-ignore-maxmemory',
  'slave-ignore-maxmemory', 'replica-lazy-flush', 'slave-lazy-flush', 'replica-priority', 'slave-priority',
  'replica-read-only', 'slave-read-only', 'replica-serve-stale-data', 'slave-serve-stale-data', 'min-replicas-max-lag',
  'min-slaves-max-lag', 'propagation-error-behavior',
  // cluster settings (cluster-enabled yes itself is refused)
  'cluster-config-file', 'cluster-port', 'cluster-node-timeout', 'cluster-migration-barrier',
  'cluster-replica-validity-factor', 'cluster-slave-validity-factor', 'cluster-require-full-coverage',
  'cluster-replica-no-failover', 'cluster-slave-no-failover', 'cluster-allow-reads-when-down',
  'cluster-allow-pubsubshard-when-down', 'cluster-allow-replica-migration', 'cluster-announce-ip',
  'cluster-announce-hostname', 'cluster-announce-port', 'cluster-announce-bus-port', 'cluster-announce-tls-port',
  'cluster-preferred-endpoint-type', 'cluster-link-sendbuf-limit',
  // TLS settings (a TLS port itself is refused)
  'tls-cert-file', 'tls-key-file', 'tls-key-file-pass', 'tls-client-cert-file', 'tls-client-key-file',
  'tls-client-key-file-pass', 'tls-dh-params-file', 'tls-ca-cert-file', 'tls-ca-cert-dir', 'tls-protocols',
  'tls-ciphers', 'tls-ciphersuites', 'tls-prefer-server-ciphers', 'tls-session-caching', 'tls-session-cache-size',
  'tls-session-cache-timeout', 'tls-replication', 'tls-cluster', 'tls-auth-clients',
  // accepted by redis.conf 7.0 for backward compatibility, no effect there either
  'list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands',
];

const HARMLESS_SET = new Set(HARMLESS);

/** Refused when the value turns the feature on; ignored otherwise. */
const CONDITIONAL: Record<string, (args: string[]) => Verdict> = {
  'replicaof': a => a.join(' ').toLowerCase() === 'no one' ? 'ignore' : NOT_YET('replication'),
  'slaveof': a => a.join(' ').toLowerCase() === 'no one' ? 'ignore' : NOT_YET('replication'),
  'cluster-enabled': a => a[0]?.toLowerCase() === 'yes' ? NOT_YET('cluster mode') : 'ignore',
  'tls-port': a => a[0] === '0' ? 'ignore' : NOT_YET('TLS'),
  'aclfile': a => a[0] === '' || a.length === 0 ? 'ignore' : NOT_YET('ACL users (aclfile)'),
  'min-replicas-to-write': a => a[0] === '0' ? 'ignore' : NOT_YET('replication (min-replicas-to-write)'),
  'min-slaves-to-write': a => a[0] === '0' ? 'ignore' : NOT_YET('replication (min-slaves-to-write)'),
};

/** redis.conf-only statements (not CONFIG parameters) that Respite cannot honour. */
const REFUSED: Record<string, string> = {
  'user': NOT_YET('ACL users (user)'),
  'rename-command': NOT_YET('rename-command'),
  'loadmodule': NOT_YET('loading modules'),
  'sentinel': NOT_YET('Sentinel mode'),
};

/**
 * What to do with a directive the config table does not have: 'ignore'
 * (harmless: accept and log), a reason to refuse it, or null when Redis 7.0
 * does not know it either (then Redis's own error applies).
 */
export function unimplementedDirective(name: string, args: string[]): Verdict | null {
  const n = name.toLowerCase();
  if (HARMLESS_SET.has(n)) return 'ignore';
  const cond = CONDITIONAL[n];
  if (cond) return cond(args);
  return REFUSED[n] ?? null;
}

/** Every Redis 7.0 name this file knows (for documentation and tests). */
export function knownUnimplementedNames(): string[] {
  return [...HARMLESS, ...Object.keys(CONDITIONAL), ...Object.keys(REFUSED)];
}
