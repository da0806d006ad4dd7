// Micro-benchmarks of the Lua engine vs lua5.1: node bench/lua-bench.mjs (after tsc)
import { spawnSync } from 'node:child_process';
import { LuaState } from '../dist/src/scripting/lua/index.js';
const cases = {
  arith: 'local s = 0 for i = 1, 1000000 do s = s + i * 2 % 7 end return s',
  fib: 'local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(25)',
  tables: 'local t = {} for i = 1, 200000 do t[i] = i end local x = 0 for k, v in ipairs(t) do x = x + v end for k, v in pairs(t) do x = x + v end return x',
  hash: 'local t = {} for i = 1, 100000 do t["k" .. i] = i end local x = 0 for k, v in pairs(t) do x = x + v end return x',
  strings: 'local parts = {} for i = 1, 100000 do parts[#parts+1] = tostring(i) .. "x" end local str = table.concat(parts) local c = 0 for w in str:gmatch("%d+") do c = c + 1 end return c',
  methods: 'local P = {} P.__index = P function P:inc() self.n = self.n + 1 end local o = setmetatable({n = 0}, P) for i = 1, 300000 do o:inc() end return o.n',
};
const L = new LuaState();
for (const [name, src] of Object.entries(cases)) {
  const f = L.load(`return function() ${src} end`);
  const g = L.call(f)[0];
  let best = Infinity, r;
  for (let i = 0; i < 7; i++) { const t = performance.now(); r = L.call(g)[0]; best = Math.min(best, performance.now() - t); }
  const lua = spawnSync('lua5.1', ['-e', `local f = function() ${src} end local best = 1e9 for i = 1, 7 do local t = os.clock() f() local d = os.clock() - t if d < best then best = d end end io.write(string.format("%.1f", best * 1000))`], { encoding: 'utf8' });
  console.log(`${name.padEnd(8)} respite ${best.toFixed(1).padStart(7)} ms   lua5.1 ${(lua.stdout || 'n/a').padStart(7)} ms   result ${r}`);
}
