/** What a command family module exports. */
import type { CommandDef } from './table.js';
import type { Server } from '../server/server.js';

export interface Family {
  name: string;
  commands: CommandDef[];
  /** Called once per Server: register filters, hooks, state. */
  init?(server: Server): void;
}
