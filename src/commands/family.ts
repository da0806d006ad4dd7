/** What a command family module exports. */
import type { CommandDef } from './table.js';
import type { Server } from '../server/server.js';
import type { Directive } from '../server/config.js';

export interface Family {
  name: string;
  commands: CommandDef[];
  /** Config directives this family owns (e.g. hash-max-listpack-entries). */
  directives?: Directive[];
  /** Called once per Server: register filters, hooks, state. */
  init?(server: Server): void;
}
