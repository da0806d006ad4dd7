/**
 * Redis 7.0 directives Respite does not implement yet, and what to do when a
 * config file sets one: 'ignore' (harmless: logged) or a reason to refuse.
 */
const HARMLESS = new Set<string>([
  'supervised', 'pidfile', 'syslog-enabled', 'syslog-ident', 'syslog-facility', 'always-show-logo', 'set-proc-title',
  'proc-title-template', 'locale-collate', 'crash-log-enabled', 'crash-memcheck-enabled', 'oom-score-adj',
  'oom-score-adj-values', 'disable-thp', 'jemalloc-bg-thread', 'activedefrag', 'active-defrag-ignore-bytes',
  'active-defrag-threshold-lower', 'active-defrag-threshold-upper', 'active-defrag-cycle-min', 'active-defrag-cycle-max',
  'active-defrag-max-scan-fields', 'lazyfree-lazy-eviction', 'lazyfree-lazy-expire', 'lazyfree-lazy-server-del',
  'lazyfree-lazy-user-del', 'lazyfree-lazy-user-flush', 'replica-lazy-flush', 'io-threads', 'io-threads-do-reads',
  'dynamic-hz', 'activerehashing', 'rdb-save-incremental-fsync', 'aof-rewrite-incremental-fsync', 'ignore-warnings',
  'hide-user-data-from-log', 'stop-writes-on-bgsave-error', 'rdbcompression', 'rdbchecksum', 'rdb-del-sync-files',
  'sanitize-dump-payload', 'latency-tracking', 'latency-tracking-info-percentiles', 'cluster-enabled',
]);

export function unimplementedDirective(name: string, args: string[]): 'ignore' | string | null {
  if (name === 'cluster-enabled') return args[0]?.toLowerCase() === 'yes' ? 'cluster mode is not implemented in Respite yet' : 'ignore';
  if (HARMLESS.has(name)) return 'ignore';
  return null;
}
