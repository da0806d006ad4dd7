// os library: only os.clock (Redis 7.0.15 exposes no os table; the sandbox removes it).

import type { LuaState } from '../engine.js';
import { LuaTable } from '../runtime.js';

export function openOs(L: LuaState): void {
  const S = L.S;
  const lib = new LuaTable();
  L.globals.setStr('os', lib);
  lib.setStr('clock', S.native('clock', () => {
    const u = process.cpuUsage();
    return [(u.user + u.system) / 1e6];
  }, L.globals));
}
