// cjson library: placeholder until implemented.
import type { LuaState } from '../engine.js';
export function openCjson(_L: LuaState): void {}
