// Public entry point of Respite's Lua 5.1 engine.
export * from './engine.js';
export { LuaTask } from './engine.js';
