/** Respite's embedding API. */
export { startServer, Server, REDIS_VERSION, RESPITE_VERSION } from './server/server.js';
export type { RunningServer, StartOptions } from './server/server.js';
