/** MONITOR: stream every command the server executes to this connection. */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';

function monitor(c: Client): void {
  const s = c.server;
  if (s.monitors.has(c)) return;
  s.monitors.add(c);
  c.w.ok();
}

export const monitorFamily: Family = {
  name: 'monitor',
  commands: [
    { name: 'monitor', handler: monitor, summary: 'Streams every command the server processes to this connection, for debugging.' },
  ],
  init(server) {
    server.disconnectHooks.push(c => { server.monitors.delete(c); });
    server.resetHooks.push(c => { server.monitors.delete(c); });
    server.timeoutExempt.push(c => server.monitors.has(c));
  },
};
