// Unit tests of the Lua engine's host API: loading, calling, host functions,
// conversions, errors, instruction budget (pause/resume, kill), deep recursion,
// coroutines across pauses and the Redis sandbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaState, LuaError, LuaFatal, LuaSyntaxError, LuaTable, LuaUserdata } from '../../src/scripting/lua/index.js';

function run(src: string, L = new LuaState()): unknown[] {
  return L.call(L.load(src));
}

function errOf(fn: () => unknown): string {
  try { fn(); } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    if (e instanceof LuaSyntaxError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

test('load/call returns multiple results with 5.1 number semantics', () => {
  assert.deepEqual(run('return 10/2, 7 % 3, "a" .. 1, nil, true'), [5, 1, 'a1', undefined, true]);
  assert.deepEqual(run('return tostring(10/2), tostring(1e15), tostring(0.1)'), ['5', '1e+15', '0.1']);
  assert.deepEqual(run('return math.mod(7, 3), table.getn({1,2}), unpack({1, 2})'), [1, 2, 1, 2]);
});

test('a table built from a call returning nothing has its own storage', () => {
  // {f()} with no results must not adopt (and later grow) a shared empty results array
  const src = 'local function g() end local t = {g()} t[1] = "x" t[2] = "y" local u = {g()} return #u, u[1], #t';
  assert.deepEqual(run(src), [0, undefined, 2]);
  assert.deepEqual(run('local u = {print and nil} return #u'), [0]);
  assert.deepEqual(run('local function g() end return #{g()}, select("#", g())'), [0, 0]);
});

test('arguments are passed as varargs', () => {
  const L = new LuaState();
  const f = L.load('local a, b = ... return b, a, select("#", ...)');
  assert.deepEqual(L.call(f, [1, 'x']), ['x', 1, 2]);
});

test('syntax errors use the chunk name and 5.1 messages', () => {
  const L = new LuaState({ chunkName: 'user_script' });
  assert.equal(errOf(() => L.load('x = = 1')), "user_script:1: unexpected symbol near '='");
  assert.equal(errOf(() => L.load('goto continue')), "user_script:1: '=' expected near 'continue'");
  assert.equal(errOf(() => L.load('return 1 // 2')), "user_script:1: unexpected symbol near '/'");
  assert.equal(errOf(() => L.load('return 1 & 2')), "user_script:1: '<eof>' expected near '&'");
  assert.equal(errOf(() => L.load('x = 1 & 2')), "user_script:1: unexpected symbol near '&'");
  assert.equal(errOf(() => L.load('\n\nif x then')), "user_script:3: 'end' expected near '<eof>'");
  assert.equal(errOf(() => L.load('x = "abc')), "user_script:1: unfinished string near '<eof>'");
  assert.equal(errOf(() => L.load('x = "abc\nx')), "user_script:1: unfinished string near '\"abc'");
});

test('runtime errors carry positions and 5.1 variable descriptions', () => {
  const L = new LuaState({ chunkName: 'user_script' });
  assert.equal(errOf(() => run('local t\nreturn t.x', L)), "user_script:2: attempt to index local 't' (a nil value)");
  assert.equal(errOf(() => run('return x + 1', L)), "user_script:1: attempt to perform arithmetic on global 'x' (a nil value)");
  assert.equal(errOf(() => run('f()', L)), "user_script:1: attempt to call global 'f' (a nil value)");
  assert.equal(errOf(() => run('error("boom")', L)), 'user_script:1: boom');
  assert.equal(errOf(() => run('error("boom", 0)', L)), 'boom');
});

test('non-string error values reach the host unchanged', () => {
  const L = new LuaState();
  try { run('error({code = 7})', L); assert.fail('no error'); } catch (e) {
    assert.ok(e instanceof LuaError);
    assert.ok(e.value instanceof LuaTable);
    assert.equal((e.value as LuaTable).get('code'), 7);
  }
});

test('host functions receive and return Lua values', () => {
  const L = new LuaState();
  L.register('add', (a, b) => (a as number) + (b as number));
  L.register('pair', () => ['x', 2]);
  L.register('fail', function () { this.error('host failure'); });
  assert.deepEqual(run('return add(2, 3), pair()', L), [5, 'x', 2]);
  assert.deepEqual(run('return pcall(fail)', L), [false, 'host failure']);
  const redis = L.newTable();
  L.register('call', (...args) => args.join(','), redis);
  L.setGlobal('redis', redis);
  assert.deepEqual(run('return redis.call("a", 1)', L), ['a,1']);
});

test('tables convert between JS and Lua', () => {
  const L = new LuaState();
  L.setGlobal('data', L.toLua({ list: [1, 2, 3], name: 'n', nested: { ok: true } }));
  assert.deepEqual(run('return #data.list, data.name, data.nested.ok', L), [3, 'n', true]);
  const [t] = run('return {1, 2, {3}}', L);
  assert.deepEqual(L.fromLua(t as LuaTable), [1, 2, [3]]);
  const [o] = run('return {a = 1, b = "x"}', L);
  assert.deepEqual(L.fromLua(o as LuaTable), { a: 1, b: 'x' });
});

test('deep recursion gives Lua stack overflow, not a crash', () => {
  const L = new LuaState();
  const r = run('local function f(n) return 1 + f(n + 1) end local ok, e = pcall(f, 1) return ok, e', L);
  assert.equal(r[0], false);
  assert.match(String(r[1]), /stack overflow/);
  assert.deepEqual(run('local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(150)', L), [150]);
  // the state is usable afterwards
  assert.deepEqual(run('return 1 + 1', L), [2]);
});

test('budget hook can kill a runaway script, pcall cannot catch it', () => {
  const L = new LuaState();
  let ticks = 0;
  L.setBudget(1000, () => { if (++ticks > 5) throw new LuaFatal('Script killed by user with SCRIPT KILL...'); });
  assert.equal(errOf(() => run('while true do end', L)), 'Script killed by user with SCRIPT KILL...');
  ticks = 0;
  assert.equal(errOf(() => run('pcall(function() while true do end end) while true do end', L)), 'Script killed by user with SCRIPT KILL...');
  L.setBudget(1e9, null);
  assert.deepEqual(run('return 42', L), [42]);
});

test('a script can be paused by the budget hook and resumed later', () => {
  const L = new LuaState();
  let pauses = 0;
  L.setBudget(500, () => 'pause');
  const task = L.start(L.load(`
    local function sum(n) local s = 0 for i = 1, n do s = s + i end return s end
    local t = {}
    for i = 1, 20 do t[i] = sum(100 * i) end
    local co = coroutine.wrap(function() for i = 1, 3000 do coroutine.yield(i) end end)
    local last
    for i = 1, 3000 do last = co() end
    return t[20], last
  `));
  let r = task.resume();
  while (!r.done) { pauses++; r = task.resume(); }
  assert.ok(pauses > 10, `paused ${pauses} times`);
  assert.deepEqual(r.results, [2001000, 3000]);
  L.setBudget(1e9, null);
});

test('synchronous call ignores pause requests', () => {
  const L = new LuaState();
  L.setBudget(10, () => 'pause');
  assert.deepEqual(run('local s = 0 for i = 1, 1000 do s = s + i end return s', L), [500500]);
  L.setBudget(1e9, null);
});

test('sandbox: globals and libraries are read-only, unknown globals error', () => {
  const L = new LuaState({ chunkName: 'user_script', sandbox: true });
  assert.equal(errOf(() => run('x = 1', L)), 'user_script:1: Attempt to modify a readonly table');
  assert.equal(errOf(() => run('return y', L)), "user_script:1: Script attempted to access nonexistent global variable 'y'");
  assert.equal(errOf(() => run('string.foo = 1', L)), 'user_script:1: Attempt to modify a readonly table');
  assert.equal(errOf(() => run("rawset(_G, 'x', 1)", L)), 'Attempt to modify a readonly table');
  assert.equal(errOf(() => run('setmetatable(_G, nil)', L)), 'Attempt to modify a readonly table');
  assert.deepEqual(run('local t = {} t.x = 1 return t.x, rawget(_G, "nope"), type(loadstring)', L), [1, undefined, 'function']);
  assert.equal(errOf(() => run('return print', L)), "user_script:1: Script attempted to access nonexistent global variable 'print'");
  assert.deepEqual(run('return pcall(function() return zz end)', L), [false, "user_script:1: Script attempted to access nonexistent global variable 'zz'"]);
});

test('math.random is deterministic like Redis (rand48 state shared across scripts)', () => {
  const L = new LuaState();
  assert.deepEqual(run('return math.random(100), tostring(math.random())', L), [40, '0.84048536971234']);
  assert.deepEqual(run('math.randomseed(7) return math.random(1000)', L), [267]);
  assert.deepEqual(run('return math.random(100)', L), [69]);
  assert.deepEqual(run('return math.random(100)', L), [27]);
});

test('string library round-trips binary data', () => {
  const L = new LuaState();
  const bin = '\0\x01\xff\r\n';
  L.setGlobal('b', bin);
  assert.deepEqual(run('return #b, b:byte(3), b:upper() == b, string.format("%q", b)', L), [5, 255, true, '"\\000\x01\xff\\r\\\n"']);
});

test('cjson.encode matches Redis', () => {
  const L = new LuaState();
  const enc = (expr: string) => run(`return cjson.encode(${expr})`, L)[0];
  assert.equal(enc(`{1,2,3,'a/b"c\\\\', {x=1}, true, false, 1.5, 1/3, 1e20, -0.0}`), '[1,2,3,"a\\/b\\"c\\\\",{"x":1},true,false,1.5,0.33333333333333,1e+20,-0]');
  assert.equal(enc('string.char(0,1,8,9,10,12,13,27,31,32,127,128,255)'), '"\\u0000\\u0001\\b\\t\\n\\f\\r\\u001b\\u001f \\u007f\x80\xff"');
  assert.equal(enc('{}'), '{}');
  assert.equal(enc('{[1]=1,[3]=3}'), '[1,null,3]');
  assert.equal(enc('{[1.5]=1}'), '{"1.5":1}');
  assert.equal(enc('nil'), 'null');
  assert.equal(enc('cjson.null'), 'null');
  assert.equal(enc('{a={}, b=cjson.null}'), '{"a":{},"b":null}');
  assert.equal(enc('123456789012345678'), '1.2345678901235e+17');
  const err = (expr: string) => errOf(() => run(`return cjson.encode(${expr})`, L));
  assert.equal(err('{[1]=1,[30]=3}'), 'user_script:1: Cannot serialise table: excessively sparse array');
  assert.equal(err('{[true]=1}'), 'user_script:1: Cannot serialise boolean: table key must be a number or string');
  assert.equal(err('type'), 'user_script:1: Cannot serialise function: type not supported');
  assert.equal(err('0/0'), 'user_script:1: Cannot serialise number: must not be NaN or Inf');
  assert.equal(err(''), "user_script:1: bad argument #1 to 'encode' (expected 1 argument)");
});

test('cjson.decode matches Redis, including error messages', () => {
  const L = new LuaState();
  assert.deepEqual(run(`local t = cjson.decode('[1,2.5,"x",null,true,{"a":[]},-1e3]') return #t, t[2], t[3], t[4] == cjson.null, t[5], type(t[6]), t[7]`, L),
    [7, 2.5, 'x', true, true, 'table', -1000]);
  assert.deepEqual(run(`return cjson.decode('"\\\\u00e9\\\\ud83d\\\\ude00\\\\n\\\\/"')`, L), ['\xc3\xa9\xf0\x9f\x98\x80\n/']);
  const cases: [string, string][] = [
    ['[1,', 'Expected value but found T_END at character 4'],
    ['{"a"}', 'Expected colon but found T_OBJ_END at character 5'],
    ['nul', 'Expected value but found invalid token at character 1'],
    ['[1,]', 'Expected value but found T_ARR_END at character 4'],
    ['', 'Expected value but found T_END at character 1'],
    ['  ', 'Expected value but found T_END at character 3'],
    ['{"a":1,}', 'Expected object key string but found T_OBJ_END at character 8'],
    ['"abc', 'Expected value but found unexpected end of string at character 5'],
    ['01', '[1]'], ['1.', '[1]'], ['0x10', '[16]'], ['[-0]', '[[-0]]'],
    ['-', 'Expected value but found invalid number at character 1'],
    ['[1] x', 'Expected the end but found invalid token at character 5'],
    ['{1:2}', 'Expected object key string but found T_NUMBER at character 2'],
    ["'x'", 'Expected value but found invalid token at character 1'],
    ['"\\x"', 'Expected value but found invalid escape code at character 2'],
    ['"\\u12"', 'Expected value but found invalid unicode escape code at character 2'],
  ];
  L.setGlobal('J', undefined);
  for (const [json, want] of cases) {
    L.setGlobal('J', json);
    const [r] = run('local ok, e = pcall(cjson.decode, J) if ok then return cjson.encode({e}) end return e', L);
    assert.equal(r, want, json);
  }
});

test('bit library matches Redis (LuaBitOp)', () => {
  const L = new LuaState();
  const r = run(`return bit.band(0xff, 0x0f), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bnot(0), bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2), bit.tobit(2^32 + 1), bit.tobit(-1), bit.tohex(255), bit.tohex(-1, 4), bit.tohex(255, -2), bit.rol(1, 33), bit.ror(1, 1), bit.bswap(0x12345678), bit.tobit(2^31), bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-1.5), bit.tohex(0x1234abcd, 20), bit.band('12', 5)`, L);
  assert.deepEqual(r, [15, 7, 6, -1, -2147483648, 15, -4, 1, -1, '000000ff', 'ffff', 'FF', 2, -2147483648, 2018915346, -2147483648, 2, 2, -2, '1234abcd', 4]);
  assert.equal(errOf(() => run('return bit.band()', L)), "user_script:1: bad argument #1 to 'band' (number expected, got no value)");
  assert.equal(errOf(() => run("return bit.band('x')", L)), "user_script:1: bad argument #1 to 'band' (number expected, got string)");
});

test('pauses inside pcall, sort comparators, gsub callbacks, metamethods and coroutines', () => {
  const L = new LuaState();
  L.setBudget(7, () => 'pause');
  const src = `
    local spin = function(n) local s = 0 for i = 1, n do s = s + i end return s end
    local ok, v = pcall(function() return spin(200) end)
    local t = {}
    for i = 1, 40 do t[i] = (i * 17) % 41 end
    table.sort(t, function(a, b) spin(3) return a < b end)
    local g = ("abcabc"):gsub("b", function(c) spin(30) return "B" end)
    local mt = setmetatable({}, {__index = function(_, k) spin(30) return k * 2 end})
    local co = coroutine.wrap(function() for i = 1, 3 do spin(40) coroutine.yield(i) end end)
    local sum = co() + co() + co()
    local ok2, err = pcall(function() spin(50) error("late") end)
    return v, t[1], t[40], g, mt[21], sum, ok2, err
  `;
  const task = L.start(L.load(src));
  let pauses = 0;
  let r = task.resume();
  while (!r.done) { pauses++; r = task.resume(); }
  assert.ok(pauses > 50);
  assert.deepEqual(r.results, [20100, 1, 40, 'aBcaBc', 42, 6, false, 'user_script:11: late']);
  L.setBudget(1e9, null);
});

test('errors after a pause propagate from resume(); kill works on a paused task', () => {
  const L = new LuaState();
  L.setBudget(5, () => 'pause');
  const task = L.start(L.load('for i = 1, 100 do end error("after pause")'));
  let r = task.resume();
  assert.equal(r.done, false);
  assert.throws(() => { while (!r.done) r = task.resume(); }, (e: unknown) => e instanceof LuaError && e.value === 'user_script:1: after pause');
  let kill = false;
  L.setBudget(5, () => { if (kill) throw new LuaFatal('killed'); return 'pause'; });
  const t2 = L.start(L.load('pcall(function() while true do end end)'));
  assert.equal(t2.resume().done, false);
  kill = true;
  assert.throws(() => t2.resume(), (e: unknown) => e instanceof LuaFatal && e.value === 'killed');
  L.setBudget(1e9, null);
  assert.deepEqual(run('return 1', L), [1]);
});

test('two paused tasks interleave without disturbing each other', () => {
  const L = new LuaState({ chunkName: 'user_script' });
  L.setBudget(4, () => 'pause');
  const a = L.start(L.load('local s = 0 for i = 1, 50 do s = s + i end\nlocal t = nil\nreturn t.x'));
  const b = L.start(L.load('local s = 0 for i = 1, 60 do s = s + i end return s', '@other'));
  let ra = a.resume(), rb = b.resume();
  const sync = L.call(L.load('return 7'));
  assert.deepEqual(sync, [7]);
  let errA: unknown = null;
  while (!rb.done || errA === null) {
    if (errA === null) { try { ra = a.resume(); if (ra.done) errA = 'no error'; } catch (e) { errA = (e as LuaError).value; } }
    if (!rb.done) rb = b.resume();
  }
  assert.equal(errA, "user_script:3: attempt to index local 't' (a nil value)");
  assert.deepEqual(rb.done && rb.results, [1830]);
  L.setBudget(1e9, null);
});

test('userdata from the host: metatables with __index, __len, __eq, __call, tostring', () => {
  const L = new LuaState();
  const mt = L.newTable();
  const ud1 = new LuaUserdata('a');
  const ud2 = new LuaUserdata('b');
  ud1.mt = mt; ud2.mt = mt;
  run('', L);
  L.setGlobal('mt', mt);
  L.setGlobal('u1', ud1);
  L.setGlobal('u2', ud2);
  assert.deepEqual(run(`
    mt.__index = function(u, k) return k .. '!' end
    mt.__len = function() return 7 end
    mt.__eq = function() return true end
    mt.__call = function(self, x) return x * 2 end
    return type(u1), u1.foo, #u1, u1 == u2, u1(21), rawequal(u1, u2), pcall(function() return u1 < u2 end)
  `, L), ['userdata', 'foo!', 7, true, 42, false, false, 'user_script:6: attempt to compare two userdata values']);
});

test('C-call depth limits match Redis (pcall, coroutine, metamethod recursion)', () => {
  const L = new LuaState();
  assert.deepEqual(run('local depth = 0 local function f() depth = depth + 1 return pcall(f) end local ok, e = f() return depth', L), [199]);
  assert.deepEqual(run('local d = 0 local function h() d = d + 1 return coroutine.wrap(h)() end local ok, e = pcall(h) return d, string.sub(e, -20)', L), [199, ':1: C stack overflow']);
  assert.deepEqual(run('local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return pcall(function() return t.x end)', L), [false, 'user_script:1: C stack overflow']);
});

test('sandbox read-only tables match Redis 7.0', () => {
  const L = new LuaState({ chunkName: 'user_script', sandbox: true });
  for (const src of ['cjson.x = 1', 'bit.x = 1', 'coroutine.x = 1', "local t = getmetatable('') t.x = 1", '_G = nil', 'function f() end']) {
    assert.equal(errOf(() => run(src, L)), 'user_script:1: Attempt to modify a readonly table', src);
  }
  assert.equal(errOf(() => run("local f = loadstring('x = 1') f()", L)), '[string "x = 1"]:1: Attempt to modify a readonly table');
  assert.deepEqual(run(`return pcall(loadstring('error("a")'))`, L), [false, '[string "error("a")"]:1: a']);
  assert.deepEqual(run('return type(string.dump), type(loadstring)', L), ['function', 'function']);
  assert.equal(errOf(() => run('return type(os)', L)), "user_script:1: Script attempted to access nonexistent global variable 'os'");
});

test('cjson object member order follows Lua 5.1 table order, as in Redis', () => {
  const L = new LuaState();
  const enc = (expr: string) => run(`return cjson.encode(${expr})`, L)[0];
  assert.equal(enc("{a=1,b=2,c=3,name='x',id=7}"), '{"a":1,"c":3,"b":2,"id":7,"name":"x"}');
  assert.equal(enc("{user={name='n',age=3,tags={'a','b'}},ok=true,score=1.5,list={}}"), '{"ok":true,"list":{},"score":1.5,"user":{"age":3,"name":"n","tags":["a","b"]}}');
  assert.equal(enc("{key1='v',key2='v',key3='v',key4='v',key5='v',key6='v',key7='v',key8='v',key9='v'}"), '{"key6":"v","key9":"v","key2":"v","key1":"v","key5":"v","key7":"v","key3":"v","key4":"v","key8":"v"}');
});

test('default depth limit is Lua 5.1\'s: 16384 call records, 20000 after a first overflow', () => {
  const L = new LuaState({ chunkName: 'user_script' });
  const f = 'local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end ';
  // main chunk (1) + n + 1 frames of f, plus the base record
  assert.deepEqual(run(f + 'local r = f(16381) return r', L), [16381]);
  assert.equal(errOf(() => run(f + 'local r = f(16382) return r', L)), 'user_script:1: stack overflow');
  assert.deepEqual(run(f + 'local r = f(19997) return r', L), [19997]);
  assert.equal(errOf(() => run(f + 'local r = f(19998) return r', L)), 'user_script:1: stack overflow');
  // a tail call replaces the main chunk's frame
  assert.deepEqual(run(f + 'return f(19998)', L), [19998]);
  assert.deepEqual(run(f + 'return pcall(f, 19997)', L), [false, 'user_script:1: stack overflow']);
  assert.deepEqual(run(f + 'return select(2, pcall(f, 19996))', L), [19996]);
  // each coroutine is a thread of its own, with a fresh limit
  assert.deepEqual(run(f + 'return coroutine.resume(coroutine.create(function() return f(16382) end))', L), [true, 16382]);
  assert.deepEqual(run(f + 'return coroutine.resume(coroutine.create(function() return f(16383) end))', L), [false, 'user_script:1: stack overflow']);
});

test('deep recursion runs in JS stack segments: pauses, coroutine yields and errors cross them', () => {
  const f = 'local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end ';
  // paused every few instructions, deep inside
  const L = new LuaState();
  L.setBudget(3, () => 'pause');
  const task = L.start(L.load(f + 'local s = 0 for i = 1, 3 do s = s + f(15000) end return s'));
  let r = task.resume(), pauses = 0;
  while (!r.done) { pauses++; r = task.resume(); }
  assert.deepEqual(r.results, [45000]);
  assert.ok(pauses > 10000);
  const L2 = new LuaState();
  // a yield from 10000 levels deep inside a coroutine, resumed later
  assert.deepEqual(run(`
    local function g(n) if n == 0 then return coroutine.yield("deep") end return 1 + g(n - 1) end
    local co = coroutine.create(function() return g(10000) end)
    local ok1, v1 = coroutine.resume(co)
    local ok2, v2 = coroutine.resume(co, 5)
    return ok1, v1, ok2, v2, coroutine.status(co)`, L2), [true, 'deep', true, 10005, 'dead']);
  // an error 12000 levels deep, caught by pcalls at several depths
  assert.deepEqual(run(`
    local function h(n) if n == 0 then error({code = 7}) end return 1 + h(n - 1) end
    local function at(d, n) if d == 0 then local ok, e = pcall(h, n) return e.code end return at(d - 1, n) + 0 end
    return at(0, 12000), at(5000, 9000), at(9000, 3000)`, L2), [7, 7, 7]);
  // library callbacks deep in the stack
  assert.deepEqual(run(`
    local function k(n) if n == 0 then return (string.gsub("abc", "%w", function(c) return c:upper() end)) end return k(n - 1) .. "" end
    local t = {} for i = 1, 50 do t[i] = 51 - i end
    local function s(n) if n == 0 then table.sort(t, function(a, b) return a < b end) return t[1] end return s(n - 1) + 0 end
    return k(15000), s(15000)`, L2), ['ABC', 1]);
});

test('tail calls do not use up the depth (and error levels skip the replaced frame)', () => {
  const L = new LuaState({ chunkName: 'user_script' });
  assert.deepEqual(run('local function loop(n, a) if n == 0 then return a end return loop(n - 1, a + 1) end return loop(150000, 0)', L), [150000]);
  assert.deepEqual(run('local function t(o) return o:m() end local o = {m = function(self) return "m" end} return t(o)', L), ['m']);
  // level 2 of a tail-called function is Lua's "(tail call)" entry: no position
  assert.equal(errOf(() => run('local function f() error("x", 2) end\nlocal function g() return f() end\ng()', L)), 'x');
  assert.equal(errOf(() => run('local function f() error("x", 2) end\nlocal function g() f() end\ng()', L)), 'user_script:2: x');
  assert.equal(errOf(() => run('local function g() return error("y") end\ng()', L)), 'user_script:1: y');
});

test('closures share upvalues through boxes; prototypes are compiled once', () => {
  assert.deepEqual(run(`
    local fs = {}
    for i = 1, 3 do local j = i * 10 fs[i] = function(d) j = j + d return i, j end end
    local a1, b1 = fs[1](1) local a2, b2 = fs[1](1) local a3, b3 = fs[3](5)
    local function counter() local n = 0 return function() n = n + 1 return n end, function() return n end end
    local inc, get = counter() inc() inc()
    local function outer(x) return function() return function() x = x + 1 return x end end end
    local deep = outer(41)()()
    return a1, b1, a2, b2, a3, b3, get(), deep`), [1, 11, 1, 12, 3, 35, 2, 42]);
});

test('maxDepth option bounds Lua recursion', () => {
  const L = new LuaState({ maxDepth: 50 });
  assert.deepEqual(run('local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(40)', L), [40]);
  assert.deepEqual(run('local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return pcall(f, 100)', L), [false, 'user_script:1: stack overflow']);
});
