import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { diffPair, NASTY, rng, testSeed, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';

const skip = skipRedis();
type Cmd = (string | number)[];
const E = (body: string, ...rest: (string | number)[]): Cmd => ['EVAL', body, ...rest];

test('EVAL argument checks and error formats match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['EVAL'], ['EVAL', 'return 1'], E('return 1', -1), E('return 1', 2, 'a'), E('return 1', 'x'), E('return 1', '1.5'),
    ['EVALSHA', 'abc', 0], ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', 0], ['EVALSHA', 'abc', 'x'],
    E('return +', 0), E('local x = ', 0), E('return "unfinished', 0), E('for', 0),
    E('error("x")', 0), E('error("x", 0)', 0), E('error("x", 2)', 0), E('error(5)', 0), E('error(nil)', 0), E('error(true)', 0),
    E('error({err="FOO bar"})', 0), E('error({err="bar"})', 0), E('return {err="FOO bar"}', 0),
    E('\n\nlocal a = nil\nreturn a.b', 0), E('return 1 + {}', 0), E('return #nil', 0), E('local t = {} t.x.y = 1', 0),
    E('return x', 0), E('x = 5', 0), E('_G.x = 1', 0), E('string.foo = 1', 0), E('return redis.nosuch', 0),
    E('local function f() error("deep") end\nlocal function g() f() end\ng()', 0),
    E('return redis.call("foo")', 0), E('return redis.pcall("foo")', 0), E('return redis.call()', 0), E('return redis.pcall()', 0),
    E('return redis.call({})', 0), E('return redis.call("get", {})', 0), E('return redis.call("get", true)', 0),
    E('return redis.call("set","a")', 0), E('return redis.pcall("set","a")', 0),
    E('return redis.call("subscribe","x")', 0), E('return redis.call("blpop","nolist",0)', 0), E('return redis.call("eval","return 1",0)', 0),
    E('return redis.call("multi")', 0), E('return redis.call("config","nosuch")', 0), E('return redis.call("object")', 0),
    ['SET', 'str', 'abc'],
    E('return redis.call("incr",KEYS[1])', 1, 'str'), E('return redis.pcall("incr",KEYS[1])', 1, 'str'),
    E('return redis.call("lpush","str","x")', 0), E('local ok, e = pcall(redis.call, "incr", "str") return {tostring(ok), e}', 0),
    E('local ok, e = pcall(error, {err="X y"}) return e', 0), E('local ok, e = pcall(error, {foo=1}) return type(e)', 0),
    E('local ok, e = pcall(error, "plain") return e', 0), E('return select(2, pcall(redis.call, "nosuch"))', 0),
    E('local e = redis.pcall("incr", "str") return {type(e), e.err}', 0),
    E('return redis.error_reply("bar")', 0), E('return redis.error_reply("-bar")', 0), E('return redis.error_reply("-X y z")', 0),
    E('return redis.error_reply("")', 0), E('return redis.error_reply()', 0), E('return redis.error_reply(1)', 0),
    E('return redis.status_reply("fine")', 0), E('return redis.status_reply("")', 0), E('return redis.status_reply()', 0),
    E('return {err=""}', 0), E('return {ok="a\\r\\nb"}', 0), E('return {err="a\\r\\nb"}', 0), E('return {err=5}', 0), E('return {ok=5}', 0),
    E('return {ok="a",err="b"}', 0),
    E('local f = loadstring("return 1 + nil") return f()', 0), E('local f = loadstring("\n\nerror(\"ls\")", "=mine") return f()', 0),
    E('local f = loadstring("error(\"ls\")", "@file") return f()', 0), E('return {loadstring("return +")}', 0),
    E('local t = {3,1,2} table.sort(t, function(a,b) error("in cmp") end)', 0), E('return string.gsub("abc", "%w", function(c) error({err="GS x"}) end)', 0),
    E('local co = coroutine.wrap(function() error("in co") end) co()', 0), E('assert(false)', 0), E('assert(nil, {err="A b"})', 0),
    E('error()', 0), E('local function f() error("lvl2", 2) end\nf()', 0), E('return xpcall(function() error("x") end, function(e) return "handled " .. e end)', 0),
    E('return cjson.decode("{")', 0), E('local t = setmetatable({}, {__index=function() error("idx") end}) return t.x', 0), E('error(redis.error_reply("MY err"))', 0),
  ]);
});

test('Lua to RESP2 conversions match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    E('return 1', 0), E('return 3.99', 0), E('return -3.99', 0), E('return 0.5', 0), E('return -0.5', 0), E('return 1e300', 0),
    E('return -1e300', 0), E('return 0/0', 0), E('return 1/0', 0), E('return -1/0', 0), E('return 2^53+1', 0), E('return 2^63', 0),
    E('return -2^63', 0), E('return 9007199254740993', 0), E('return nil', 0), E('return true', 0), E('return false', 0),
    E('return "x"', 0), E('return ""', 0), E('return "a\\0b"', 0), E('return {}', 0), E('return {1,2,3,nil,4}', 0),
    E('return {1.5,"a",true,false,{1,{2}}}', 0), E('return {x=1}', 0), E('return {1, x=2}', 0), E('return {nil, 1}', 0),
    E('return {double=1.5}', 0), E('return {double=0/0}', 0), E('return {double=1/0}', 0), E('return {double="x"}', 0),
    E('return {big_number="123456789012345678901234567890"}', 0), E('return {verbatim_string={format="txt", string="hello"}}', 0),
    E('return {map={a=1}}', 0), E('return {set={a=true}}', 0), E('return {{ok="x"},{err="y"}}', 0),
    E('return redis.call("ping")', 0), E('return redis.call("echo", 0.1)', 0), E('return redis.call("echo", 1e20)', 0),
    E('return redis.call("echo", 3)', 0), E('return redis.call("echo", -0.0)', 0), E('return redis.call("echo", 1/0)', 0),
    E('return KEYS', 3, 'a', 'b', 'c', 'd', 'e'), E('return ARGV', 1, 'a', 'b', 'c'), E('return {#KEYS, #ARGV}', 0),
    E('return type(KEYS)', 0), E('return ARGV[1]', 0, ...NASTY.slice(0, 5)), E('return {ARGV[1], ARGV[2], ARGV[3], ARGV[4]}', 0, ...NASTY.slice(1, 5)),
  ]);
});

test('RESP to Lua conversions (redis.call results) match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['RPUSH', 'l', 'a', 'b', 'c'], ['HSET', 'h', 'f', 'v'], ['SADD', 's', 'm'], ['SET', 'k', 'v'],
    E('return redis.call("get", "nokey")', 0), E('return type(redis.call("get", "nokey"))', 0),
    E('return tostring(redis.call("get", "nokey"))', 0), E('return redis.call("lrange", "l", 0, -1)', 0),
    E('local r = redis.call("set", "x", "1") return type(r) .. ":" .. r.ok', 0), E('return redis.call("set", "x", "1")', 0),
    E('return redis.call("incr", "x")', 0), E('return type(redis.call("incr", "x"))', 0),
    E('return redis.call("hgetall", "h")', 0), E('return redis.call("smembers", "s")', 0),
    E('return redis.call("blpop", "nolist", "1")', 0), E('return type(redis.call("blpop", "nolist", "1"))', 0),
    E('return redis.call("mget", "k", "nokey", "l")', 0), E('local r = redis.call("mget", "k", "nokey") return type(r[2])', 0),
    E('return redis.call("type", "l")', 0), E('return redis.call("exists", "k", "l", "zz")', 0),
  ]);
});

test('redis.call / redis.pcall as statements (reply dropped) behave like Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SET', 'str', 'abc'], ['RPUSH', 'l', 'a', 'b'],
    // status, integer, bulk and array replies dropped, then the key state read back
    E('redis.call("set", KEYS[1], "v1") redis.call("incr", KEYS[2]) redis.call("get", KEYS[1]) redis.call("lrange", "l", 0, -1) return {redis.call("get", KEYS[1]), redis.call("get", KEYS[2])}', 2, 'a', 'n'),
    E('redis.pcall("set", "b", "1") redis.pcall("mset", "c", "2", "d", "3") return redis.call("mget", "b", "c", "d")', 0),
    // errors of statements: raised by call, swallowed by pcall
    E('redis.call("incr", "str") return 1', 0), E('redis.pcall("incr", "str") return 2', 0),
    E('redis.call("set", "a") return 1', 0), E('redis.pcall("set", "a") return 2', 0), E('redis.call("nosuch") return 1', 0),
    E('redis.pcall("nosuch") return 2', 0), E('redis.call() return 1', 0), E('redis.call("lpush", "str", "x") return 1', 0),
    E('redis.call("set", "e", "1", "get") redis.call("set", "e", "2", "xx") return redis.call("get", "e")', 0),
    E('redis.setresp(3) redis.call("set", "f", "1") redis.call("hset", "h", "k", "v") return redis.call("hgetall", "h")', 0),
    E('local t = {} for i = 1, 5 do redis.call("set", "s" .. i, i) end return redis.call("mget", "s1", "s5")', 0),
    // the same calls as expressions still see the status table
    E('local r = redis.call("set", "g", "1") redis.call("set", "g", "2") return {r.ok, redis.call("get", "g")}', 0),
    E('local ok, e = pcall(function() redis.call("set", "a") end) return {tostring(ok), e}', 0),
    E('pcall(redis.call, "set", "z", "9") return redis.call("get", "z")', 0),
  ]);
});

test('RESP3 conversions with redis.setresp(3) and HELLO 3 match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const cases: Cmd[] = [
    ['HSET', 'h', 'f', 'v'], ['SADD', 's', 'm'], ['SET', 'k', 'v'],
    E('redis.setresp(3) return redis.call("hgetall", "h")', 0), E('redis.setresp(3) local r = redis.call("hgetall", "h") return r.map.f', 0),
    E('redis.setresp(3) return redis.call("smembers", "s")', 0), E('redis.setresp(3) local r = redis.call("smembers", "s") return tostring(r.set.m)', 0),
    E('redis.setresp(3) return redis.call("get", "nokey")', 0), E('redis.setresp(3) return type(redis.call("get", "nokey"))', 0),
    E('redis.setresp(3) return redis.call("incrbyfloat", "fl", "1.5")', 0),
    E('return true', 0), E('return false', 0), E('redis.setresp(3) return true', 0), E('redis.setresp(3) return false', 0),
    E('return {double=3.25}', 0), E('return {big_number="1234"}', 0), E('return {verbatim_string={format="txt", string="v"}}', 0),
    E('return {map={x={1,2}}}', 0), E('return {set={y=true}}', 0), E('return nil', 0), E('return {1,nil,3}', 0),
    E('redis.setresp(4)', 0), E('redis.setresp()', 0), E('redis.setresp(2) return redis.call("hgetall", "h")', 0),
  ];
  await p.all(cases);
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all(cases);
});

test('redis API functions match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    E('return redis.sha1hex("")', 0), E('return redis.sha1hex("abc")', 0), E('return redis.sha1hex(12)', 0), E('return redis.sha1hex()', 0),
    E('return redis.sha1hex("a", "b")', 0),
    E('return redis.REDIS_VERSION', 0), E('return redis.REDIS_VERSION_NUM', 0),
    E('return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}', 0),
    E('return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}', 0),
    E('return redis.log(redis.LOG_WARNING, "hello from a script")', 0), E('return redis.log(redis.LOG_DEBUG, "x", 1, 2)', 0),
    E('return redis.log(1)', 0), E('return redis.log("x", "y")', 0), E('return redis.log(9, "y")', 0),
    E('return redis.replicate_commands()', 0), E('return redis.set_repl(redis.REPL_ALL)', 0), E('return redis.set_repl(8)', 0),
    E('return redis.set_repl()', 0), E('return redis.breakpoint()', 0), E('return redis.debug("x")', 0),
    E('return redis.acl_check_cmd("get", "x")', 0), E('return redis.acl_check_cmd("nosuch")', 0), E('return redis.acl_check_cmd()', 0),
    E('return tostring(math.random())', 0), E('return {math.random(100), math.random(100)}', 0),
    E('return cjson.encode({1,2})', 0), E('return bit.band(12, 10)', 0), E('return type(print)', 0),
    E('return type(loadstring)', 0), E('return type(os)', 0), E('return type(setfenv)', 0), E('return type(getfenv)', 0),
    E('return type(redis.call)', 0), E('return type(coroutine)', 0), E('return type(struct)', 0), E('return type(cmsgpack)', 0), E('return type(newproxy)', 0),
    E('return type(dofile)', 0), E('return type(loadfile)', 0), E('return type(module)', 0), E('return type(require)', 0),
    E('return string.format("%d %s", 5, "x")', 0),
  ]);
});

test('SELECT inside scripts, read-only scripts and shebang flags match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SELECT', '2'], ['SET', 'k', 'db2'],
    E('return redis.call("get", "k")', 0), E('redis.call("select", 3) redis.call("set", "k", "db3") return redis.call("get", "k")', 0),
    ['GET', 'k'], ['SELECT', '3'], ['GET', 'k'], ['SELECT', '2'], E('return redis.call("select", 99)', 0),
    ['EVAL_RO', 'return redis.call("get", "k")', 0], ['EVAL_RO', 'return redis.call("set", "k", "x")', 0],
    ['EVAL_RO', 'return redis.pcall("set", "k", "x")', 0], ['EVAL_RO', 'return redis.call("del", "k")', 0],
    ['EVAL_RO', 'return redis.call("publish", "ch", "x")', 0], ['EVAL_RO', 'return redis.call("pfcount", "h")', 0],
    ['EVAL_RO', 'return redis.call("spublish", "ch", "x")', 0], ['EVAL_RO', 'return redis.call("xreadgroup", "group", "g", "c", "streams", "s", ">")', 0],
    E('return redis.call("debug", "sleep", "0")', 0), E('return redis.call("client", "reply", "off")', 0), E('return redis.call("client", "list")', 0),
    E('return redis.call("wait", 0, 0)', 0), E('return redis.call("client")', 0), E('return redis.call("client", "nosuch")', 0),
    E('return redis.acl_check_cmd("client")', 0), E('return redis.acl_check_cmd("client", "nosuch")', 0), E('return redis.acl_check_cmd("client", "list")', 0),
    E('return redis.call("publish", "ch", "x")', 0),
    E('#!lua flags=no-writes\nreturn redis.call("set","x","y")', 0), E('#!lua flags=no-writes\nreturn redis.call("get","k")', 0),
    E('#!lua\nreturn redis.call("set","x","y")', 0), E('#!lua flags=bad\nreturn 1', 0), E('#!lua name=x\nreturn 1', 0),
    E('#!notlua\nreturn 1', 0), E('#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn 1', 0),
    E('#!lua flags=\nreturn 2', 0), E('#!lua\n\nerror("line 3")', 0), E('#!lua', 0), E('#!lua\nreturn x', 0),
    ['EVAL_RO', '#!lua\nreturn 1', 0], ['EVAL_RO', '#!lua flags=no-writes\nreturn 1', 0],
    ['SCRIPT', 'LOAD', '#!lua\nreturn 5'], ['EVALSHA_RO', 'b6d2b4b2fcd4bfe8d6a77f5dbab04d20a97e0f94', 0],
  ]);
});

test('SCRIPT subcommands and EVALSHA match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['SCRIPT', 'HELP'], ['SCRIPT'], ['SCRIPT', 'NOSUCH'], ['SCRIPT', 'LOAD'], ['SCRIPT', 'LOAD', 'return 1'],
    ['SCRIPT', 'LOAD', 'return +'], ['SCRIPT', 'LOAD', '#!lua flags=bad\nreturn 1'],
    ['SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', 'abc'],
    ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 0], ['EVALSHA', 'E0E1F9FABFC9D4800C877A703B823AC0578FF8DB', 0],
    ['EVALSHA_RO', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 0],
    E('return 2', 0), ['SCRIPT', 'EXISTS', '7f923f79fe76194c868d7e1d0820de36700eb649'],
    ['EVALSHA', '7f923f79fe76194c868d7e1d0820de36700eb649', 0],
    ['SCRIPT', 'FLUSH', 'foo'], ['SCRIPT', 'FLUSH', 'ASYNC', 'x'], ['SCRIPT', 'FLUSH', 'SYNC'],
    ['SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'], ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 0],
    ['SCRIPT', 'LOAD', 'return 1'], ['SCRIPT', 'FLUSH'], ['SCRIPT', 'FLUSH', 'async'], ['SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'],
    ['SCRIPT', 'KILL'], ['SCRIPT', 'KILL', 'x'], ['SCRIPT', 'DEBUG'], ['SCRIPT', 'DEBUG', 'no'], ['SCRIPT', 'DEBUG', 'maybe'],
    ['SCRIPT', 'EXISTS'],
    ['CONFIG', 'GET', 'busy-reply-threshold'], ['CONFIG', 'GET', 'lua-time-limit'], ['CONFIG', 'SET', 'lua-time-limit', '1234'],
    ['CONFIG', 'GET', 'busy-reply-threshold'], ['CONFIG', 'SET', 'busy-reply-threshold', '-1'], ['CONFIG', 'SET', 'busy-reply-threshold', 'x'],
    ['CONFIG', 'SET', 'busy-reply-threshold', '5000'], ['CONFIG', 'GET', 'lua*'],
  ]);
});

test('KEYS/ARGV changed by one script are fresh in the next; EVALSHA after SCRIPT FLUSH and reload', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const inspect = 'return {#KEYS, #ARGV, tostring(KEYS.x), tostring(ARGV.y), tostring(getmetatable(KEYS)), tostring(KEYS[3]), KEYS[1] or "nil", ARGV[1] or "nil"}';
  await p.all([
    E('KEYS.x = 1; ARGV.y = 2; KEYS[3] = "k3"; ARGV[5] = "a5"; setmetatable(KEYS, {__index = function() return "mt" end}); return #KEYS', 2, 'k1', 'k2', 'a1'),
    E(inspect, 1, 'only'), E(inspect, 0), E(inspect, 0, 'a', 'b'),
    E('table.insert(KEYS, "z"); table.remove(ARGV); KEYS[1] = nil; return {#KEYS, #ARGV}', 1, 'k', 'a'),
    E(inspect, 2, 'p', 'q', 'r'),
    E('local t = {} for i = 1, 20 do KEYS[i] = i end for k in pairs(KEYS) do t[#t + 1] = k end return #t', 0),
    E(inspect, 1, 'again'),
    ['SCRIPT', 'LOAD', 'return {KEYS[1], ARGV[1]}'],
  ]);
  // the same SHA again after a flush (and a reload) runs the reloaded script, not a stale one
  const s1 = createHash('sha1').update('return {KEYS[1], ARGV[1]}').digest('hex');
  await p.all([
    ['EVALSHA', s1, 1, 'k', 'v'], ['SCRIPT', 'FLUSH'], ['EVALSHA', s1, 1, 'k', 'v'],
    ['SCRIPT', 'LOAD', 'return {KEYS[1], ARGV[1]}'], ['EVALSHA', s1, 1, 'k2', 'v2'], ['EVALSHA', s1, 0, 'x'],
  ]);
});

test('MULTI/EXEC with EVAL, EVAL of MULTI-hostile commands match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  await p.all([
    ['MULTI'], E('return redis.call("incr", "c")', 0), E('return redis.call("incr", "c")', 0), ['EXEC'],
    ['MULTI'], E('return redis.call("nosuch")', 0), ['SET', 'a', 'b'], ['EXEC'],
    ['MULTI'], ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', 0], ['EXEC'],
    ['MULTI'], E('return 1', 'x'), ['EXEC'], ['GET', 'c'],
  ]);
});

test('FUNCTION LOAD / LIST / DELETE / STATS / FCALL match Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const lib = '#!lua name=mylib\nredis.register_function("f1", function(keys, args) return {keys, args} end)';
  const lib2 = '#!lua name=lib2\nredis.register_function{function_name="f2", callback=function(keys, args) return redis.call("set", keys[1], args[1]) end, flags={"no-writes"}, description="desc"}';
  const lib3 = '#!lua name=lib3\nredis.register_function{function_name="w", callback=function(keys, args) return redis.call("set", keys[1], args[1]) end}';
  const lib4 = '#!lua name=lib4\nredis.register_function("e", function(keys, args) error("boom") end)\n';
  await p.all([
    ['FUNCTION', 'LOAD', 'return 1'], ['FUNCTION', 'LOAD', '#!lua\nreturn 1'], ['FUNCTION', 'LOAD', '#!foo name=x\nreturn 1'],
    ['FUNCTION', 'LOAD', '#!lua name=x\nreturn 1'], ['FUNCTION', 'LOAD', '#!lua name=x-y\nredis.register_function("f", function() return 1 end)'],
    ['FUNCTION', 'LOAD', '#!lua name=x foo=bar\nreturn 1'], ['FUNCTION', 'LOAD', lib], ['FUNCTION', 'LOAD', lib],
    ['FUNCTION', 'LOAD', '#!lua name=other\nredis.register_function("f1", function() return 1 end)'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function("f-1", function() return 1 end)'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function("f9", function() return 1 end, 5)'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.call("ping")'], ['FUNCTION', 'LOAD', '#!lua name=o2\nreturn +'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nerror("boom")'], ['FUNCTION', 'LOAD', '#!lua name=o2\nlocal x = string.len("a")'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function()'], ['FUNCTION', 'LOAD', '#!lua name=inf\nwhile true do end'],
    ['FUNCTION', 'LOAD', '#!lua name=inf\nwhile true do pcall(function() while true do end end) end'], ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function(1, 2)'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function("a", 2)'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function{function_name="a"}'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function{callback=function() end}'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function{function_name="a", callback=function() end, flags={"bad"}}'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function{function_name="a", callback=function() end, foo=1}'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.register_function("a", function() end)\nredis.register_function("a", function() end)'],
    ['FUNCTION', 'LOAD', '#!lua name=o2\nredis.log(redis.LOG_NOTICE, "loading")\nredis.register_function("g", function() return redis.REDIS_VERSION end)'],
    ['FUNCTION', 'LOAD', lib2], ['FUNCTION', 'LOAD', lib3], ['FUNCTION', 'LOAD', lib4],
    ['FCALL', 'f1', 2, 'a', 'b', 'c', 'd'], ['FCALL', 'f2', 1, 'k', 'v'], ['FCALL', 'nosuch', 0], ['FCALL_RO', 'f1', 0],
    ['FCALL', 'f1', -1], ['FCALL', 'f1', 5], ['FCALL', 'f1', 'x'], ['FCALL', 'g', 0], ['FCALL', 'w', 1, 'k', 'v'], ['GET', 'k'],
    ['FCALL_RO', 'w', 1, 'k', 'v'], ['FCALL_RO', 'f2', 1, 'k', 'v'], ['FCALL', 'e', 0],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'mylib'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'lib2', 'WITHCODE'],
    ['FUNCTION', 'LIST', 'WITHCODE', 'LIBRARYNAME', 'my*'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'nomatch'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME'], ['FUNCTION', 'LIST', 'foo'],
    ['FUNCTION', 'STATS'], ['FUNCTION', 'DELETE', 'nosuch'], ['FUNCTION', 'DELETE', 'lib2'], ['FCALL', 'f2', 1, 'k', 'v'],
    ['FUNCTION', 'LOAD', 'REPLACE', '#!lua name=mylib\nredis.register_function("f1", function() return "replaced" end)'],
    ['FCALL', 'f1', 0], ['FUNCTION', 'LOAD', 'FOO', 'x'],
    ['FUNCTION', 'FLUSH', 'bad'], ['FUNCTION', 'KILL'], ['FUNCTION', 'HELP'], ['FUNCTION', 'RESTORE', 'garbage'],
    ['FUNCTION', 'FLUSH'], ['FUNCTION', 'LIST'], ['FUNCTION', 'STATS'], ['FCALL', 'f1', 0],
  ]);
  await p.check(['HELLO', '3'], { ignore: true });
  await p.all([['FUNCTION', 'LOAD', lib2], ['FUNCTION', 'LIST'], ['FUNCTION', 'STATS'], ['FCALL', 'f2', 1, 'k', 'v']]);
});

test('INFO memory counts scripts, functions and libraries like Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const counts = async () => {
    const out: string[][] = [];
    for (const conn of [p.respite, p.redis]) {
      const r = await conn.call('INFO', 'memory') as { v: string };
      out.push(r.v.split('\r\n').filter(l => /^number_of_(cached_scripts|functions|libraries):/.test(l)));
    }
    assert.deepEqual(out[0], out[1]);
    return out[0];
  };
  assert.deepEqual(await counts(), ['number_of_cached_scripts:0', 'number_of_functions:0', 'number_of_libraries:0']);
  await p.all([E('return 1', 0), ['SCRIPT', 'LOAD', 'return 2'], E('return +', 0),
    ['FUNCTION', 'LOAD', '#!lua name=l1\nredis.register_function("a", function() end)\nredis.register_function("b", function() end)']]);
  assert.deepEqual(await counts(), ['number_of_cached_scripts:2', 'number_of_functions:2', 'number_of_libraries:1']);
  await p.all([['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH']]);
  await counts();
});

test('FUNCTION DUMP / RESTORE round trip (Respite payload format)', async (t) => {
  const { startRespite } = await import('../servers.js');
  const { RespConn } = await import('../resp-client.js');
  const s = await startRespite({ port: 0 });
  t.after(() => s.close());
  const c = await RespConn.connect(s.port);
  t.after(() => c.close());
  await c.call('FUNCTION', 'LOAD', '#!lua name=a\nredis.register_function("fa", function() return "A" end)');
  await c.call('FUNCTION', 'LOAD', '#!lua name=b\nredis.register_function("fb", function() return "B" end)');
  const dump = await c.call('FUNCTION', 'DUMP');
  const payload = (dump as { v: string }).v;
  await c.call('FUNCTION', 'FLUSH');
  assert.deepEqual(await c.call('FUNCTION', 'RESTORE', payload), { t: 'simple', v: 'OK' });
  assert.deepEqual(await c.call('FCALL', 'fb', 0), { t: 'bulk', v: 'B' });
  assert.equal((await c.call('FUNCTION', 'RESTORE', payload) as { t: string; v: string }).v, 'ERR Library a already exists');
  assert.deepEqual(await c.call('FUNCTION', 'RESTORE', payload, 'REPLACE'), { t: 'simple', v: 'OK' });
  assert.deepEqual(await c.call('FUNCTION', 'RESTORE', payload, 'FLUSH'), { t: 'simple', v: 'OK' });
  assert.equal((await c.call('FUNCTION', 'RESTORE', payload, 'BAD') as { v: string }).v, 'ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
  assert.deepEqual(await c.call('FCALL', 'fa', 0), { t: 'bulk', v: 'A' });
});

const LOCK_RELEASE = 'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';
const CAS = 'local v = redis.call("get", KEYS[1])\nif v == ARGV[1] then redis.call("set", KEYS[1], ARGV[2]) return 1 end\nreturn 0';
const RATE = [
  'local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])',
  'redis.call("ZREMRANGEBYSCORE", key, "-inf", now - window)',
  'local n = redis.call("ZCARD", key)',
  'if n < limit then redis.call("ZADD", key, now, ARGV[4]) redis.call("PEXPIRE", key, window) return {1, limit - n - 1} end',
  'return {0, 0}',
].join('\n');

test('real-world scripts: lock release, compare-and-set (seeded)', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  const lock = await p.check(['SCRIPT', 'LOAD', LOCK_RELEASE], { note });
  const sha = (lock as { v: string }).v;
  for (let i = 0; i < 300; i++) {
    const key = 'lock' + Math.floor(r() * 4);
    const tok = 't' + Math.floor(r() * 3);
    const x = r();
    if (x < 0.3) await p.check(['SET', key, tok, 'NX', 'PX', '100000'], { note });
    else if (x < 0.6) await p.check(['EVALSHA', sha, 1, key, tok], { note });
    else if (x < 0.9) await p.check(['EVAL', CAS, 1, 'cas' + Math.floor(r() * 3), 'v' + Math.floor(r() * 3), 'v' + Math.floor(r() * 3)], { note });
    else await p.check(['MGET', 'lock0', 'lock1', 'lock2', 'lock3', 'cas0', 'cas1', 'cas2'], { note });
  }
});

test('real-world scripts: sliding-window rate limiter', { skip: skip || (await zsetsMissing()) }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  for (let i = 0; i < 60; i++) {
    await p.check(['EVAL', RATE, 1, 'rl', 1000 + i * 37, 500, 5, 'req' + i]);
    await p.check(['ZCARD', 'rl']);
  }
});

async function zsetsMissing(): Promise<string | false> {
  const { zsets } = await import('../../src/commands/zsets.js');
  return zsets.commands.some(c => c.name === 'zadd') ? false : 'sorted sets are not merged yet';
}

// A job queue's atomic "move to active": pop the next waiting job id, take a lock,
// read the job's msgpack-encoded options, record attempts and the processing
// timestamp, and return the job's fields with the decoded options.
const MOVE_TO_ACTIVE = [
  'local wait, active, prefix = KEYS[1], KEYS[2], KEYS[3]',
  'local token, lockMs, now = ARGV[1], tonumber(ARGV[2]), ARGV[3]',
  'local id = redis.call("RPOPLPUSH", wait, active)',
  'if not id then return nil end',
  'local jobKey = prefix .. id',
  'redis.call("SET", jobKey .. ":lock", token, "PX", lockMs)',
  'local packed = redis.call("HGET", jobKey, "opts")',
  'local opts = packed and cmsgpack.unpack(packed) or {}',
  'local attempts = redis.call("HINCRBY", jobKey, "attemptsMade", 1)',
  'redis.call("HSET", jobKey, "processedOn", now)',
  'local limit = opts.attempts or 1',
  'if attempts > limit then redis.call("LREM", active, 1, id) redis.call("RPUSH", prefix .. "failed", id) return {id, "failed"} end',
  'return {id, redis.call("HGET", jobKey, "name"), attempts, limit, tostring(opts.priority), cjson.encode(opts.tags or {})}',
].join("\n");

test('real-world scripts: job queue move-to-active with cmsgpack options', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const seed = testSeed();
  const r = rng(seed);
  const note = `seed ${seed}`;
  for (let i = 0; i < 12; i++) {
    const opts = await p.check(['EVAL', 'return cmsgpack.pack({attempts = tonumber(ARGV[1]), priority = tonumber(ARGV[2]), tags = {ARGV[3], "x"}})', 0,
      1 + Math.floor(r() * 3), Math.floor(r() * 10), 'tag' + i], { note });
    await p.check(['HSET', 'job:' + i, 'name', 'job-' + i, 'opts', (opts as { v: string }).v], { note });
    await p.check(['LPUSH', 'wait', String(i)], { note });
  }
  for (let i = 0; i < 30; i++) {
    await p.check(['EVAL', MOVE_TO_ACTIVE, 3, 'wait', 'active', 'job:', 'tok' + i, 30000, 1700000000000 + i], { note });
    if (r() < 0.5) await p.check(['RPOPLPUSH', 'active', 'wait'], { note });
  }
  await p.all([['LRANGE', 'wait', 0, -1], ['LRANGE', 'active', 0, -1], ['LRANGE', 'job:failed', 0, -1], ['HGETALL', 'job:3']], { note });
});

test('blocked clients are woken after the script that pushed', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const [a, b] = await p.connect();
  const wa = a.call('BLPOP', 'q', '0');
  const wb = b.call('BLPOP', 'q', '0');
  await new Promise(res => setTimeout(res, 100));
  await p.check(E('redis.call("rpush", "q", "x") local n = redis.call("llen", "q") redis.call("rpush", "q", "y") return {n, redis.call("llen", "q")}', 0));
  const [ra, rb] = await Promise.all([wa, wb]);
  assert.deepEqual(ra, rb);
  await p.check(['LLEN', 'q']);
  a.close(); b.close();
});

/** Sends one command and returns the raw reply bytes (up to the PING sent after it). */
async function rawReply(port: number, argv: string[]): Promise<string> {
  const net = await import('node:net');
  const { RespConn } = await import('../resp-client.js');
  const s = net.connect(port, '127.0.0.1');
  await new Promise(r => s.once('connect', r));
  let d = '';
  const done = new Promise<void>(res => s.on('data', x => { d += x.toString('latin1'); if (d.endsWith('+PONG\r\n')) res(); }));
  s.write(Buffer.concat([RespConn.encode(argv), RespConn.encode(['PING'])]));
  await done;
  s.destroy();
  return d;
}

test('self-referencing tables stop at the Lua stack limit like Redis', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  for (const body of ['local t = {} t[1] = t return t', 'local t = {} t[1] = {map={a=t}} return t',
    'local t = {} t[1] = {set={[t]=1}} return t', 'local t = {} t[1] = t return {ok="fine", t}']) {
    const [a, b] = await Promise.all([rawReply(p.respiteServer.port, ['EVAL', body, '0']), rawReply(p.redisServer.port, ['EVAL', body, '0'])]);
    assert.equal(a.length, b.length, body);
    assert.ok(a === b, body);
  }
});

test('deep recursion: Lua 5.1 depth limits and errors match Redis (fresh state, then after an overflow)', { skip }, async (t) => {
  const p: DiffPair = await diffPair();
  t.after(() => p.close());
  const F = 'local function f(n) if n == 0 then return "ok" end local r = f(n - 1) return r end ';
  const direct = F + 'return f(tonumber(ARGV[1]))';
  const viaPcall = F + 'return {pcall(f, tonumber(ARGV[1]))}';
  const viaGsub = F + 'return (string.gsub("x", "x", function() return f(tonumber(ARGV[1])) end))';
  const viaSort = F + 'local r table.sort({2, 1}, function(a, b) r = f(tonumber(ARGV[1])) return a < b end) return r';
  const viaCo = F + 'local co = coroutine.create(function() return f(tonumber(ARGV[1])) end) return {coroutine.resume(co)}';
  // a fresh Lua state overflows at 16384 call records, then at 20000 (as Lua 5.1 grows its CallInfo vector)
  await p.all([['SCRIPT', 'FLUSH'], E(direct, 0, 1000), E(direct, 0, 16382), E(viaPcall, 0, 16380), E(viaGsub, 0, 16380),
    E(viaSort, 0, 16379), E(viaCo, 0, 16382), E(viaCo, 0, 16383), E(direct, 0, 16383), E(direct, 0, 16383),
    E(direct, 0, 19998), E(direct, 0, 19999), E(viaPcall, 0, 19996), E(viaPcall, 0, 19997), E(viaGsub, 0, 19996), E(viaGsub, 0, 19997),
    E(viaSort, 0, 19995), E(viaSort, 0, 19996), E(viaCo, 0, 16382), E(viaCo, 0, 16383), E(direct, 0, 1e6)]);
  await p.all([['SCRIPT', 'FLUSH'], E(viaPcall, 0, 16381), E(direct, 0, 19998), ['SCRIPT', 'FLUSH'], E(viaSort, 0, 16380), E(direct, 0, 16383)]);
  await p.all([
    // unbounded recursion, the error's position and text, and the state staying usable
    E('local function f(n) return 1 + f(n + 1) end return f(1)', 0), E('local function f(n) return 1 + f(n + 1) end return {pcall(f, 1)}', 0),
    E('local function f(n) return 1 + f(n + 1) end local ok, e = pcall(f, 1) return {tostring(ok), e, f ~= nil and 1}', 0),
    E('local function f(n)\n  if n == 0 then error("bottom") end\n  return 1 + f(n - 1)\nend\nreturn f(tonumber(ARGV[1]))', 0, 12000),
    E('local function f(n)\n  if n == 0 then error("bottom", 2) end\n  local r = f(n - 1)\n  return r\nend\nreturn f(tonumber(ARGV[1]))', 0, 12000),
    E('local function f(n) if n == 0 then error("bottom", 2) end return f(n - 1) end return f(tonumber(ARGV[1]))', 0, 12000),
    E('local function f(n) if n == 0 then return redis.call("incr", "deep") end return f(n - 1) + 0 end return f(tonumber(ARGV[1]))', 0, 15000),
    E('local t = {} local function build(n) if n == 0 then return {} end return {build(n - 1)} end local d, x = 0, build(10000) while x[1] do d = d + 1 x = x[1] end return d', 0),
    // tail calls do not count toward the limit
    E('local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end return loop(tonumber(ARGV[1]), 0)', 0, 100000),
    E('local function a(n) if n == 0 then return "a" end return (select(2, pcall(function() return a(n - 1) end))) end return a(300)', 0),
    // C-call recursion (pcall, callbacks, metamethods, coroutines) stops at 200 nested C calls
    E('local d = 0 local function f() d = d + 1 return pcall(f) end f() return d', 0),
    E('local function g(s, n) if n == 0 then return s end return (string.gsub(s, "x", function(c) return g(c, n - 1) end)) end return g("x", tonumber(ARGV[1]))', 0, 250),
    E('local function g(n) if n == 0 then return 0 end local r table.sort({2, 1}, function(a, b) r = g(n - 1) return a < b end) return r + 1 end return g(tonumber(ARGV[1]))', 0, 300),
    E('local t = setmetatable({}, {__index = function(t, k) if k == 0 then return 0 end return t[k - 1] + 1 end}) return t[tonumber(ARGV[1])]', 0, 150),
    E('local t = setmetatable({}, {__index = function(t, k) if k == 0 then return 0 end return t[k - 1] + 1 end}) return t[tonumber(ARGV[1])]', 0, 500),
    E('local d = 0 local function h() d = d + 1 return coroutine.wrap(h)() end local ok, e = pcall(h) return {d, e}', 0),
  ]);
});

async function monitorLines(port: number, cmds: Cmd[]): Promise<string[]> {
  const { RespConn } = await import('../resp-client.js');
  const net = await import('node:net');
  const mon = net.connect(port, '127.0.0.1');
  let data = '';
  mon.on('data', d => { data += d.toString('latin1'); });
  await new Promise(r => mon.once('connect', r));
  mon.write('MONITOR\r\n');
  await new Promise(r => setTimeout(r, 50));
  const c = await RespConn.connect(port);
  for (const a of cmds) await c.call(...a);
  await c.call('PING');
  for (let i = 0; i < 100 && !data.includes('"ping"'); i++) await new Promise(r => setTimeout(r, 10));
  c.close(); mon.destroy();
  return data.split('\r\n').filter(Boolean).map(l => l.replace(/^\+\d+\.\d{6} /, '+T ').replace(/127\.0\.0\.1:\d+/, 'ADDR'));
}

test('MONITOR shows scripts before their commands, as "lua", like Redis', { skip }, async (t) => {
  const { startRedis, startRespite } = await import('../servers.js');
  const [mine, ref] = await Promise.all([startRespite(), startRedis()]);
  t.after(async () => { await mine.close(); await ref.close(); });
  const cmds: Cmd[] = [
    ['SELECT', '2'], E('redis.call("set","k","v") redis.call("select", 5) return redis.call("get","k")', 1, 'k'),
    ['FCALL', 'nosuch', 0], E('return redis.pcall("nosuch")', 0), E('return 1', -1), ['EVALSHA', 'abc', 0],
    ['FUNCTION', 'LOAD', '#!lua name=m\nredis.register_function("mf", function(k) return redis.call("incr", k[1]) end)'],
    ['FCALL', 'mf', 1, 'n'], ['FCALL_RO', 'mf', 1, 'n'], ['EVAL_RO', 'return redis.call("get", "n")', 0],
  ];
  const [a, b] = await Promise.all([monitorLines(mine.port, cmds), monitorLines(ref.port, cmds)]);
  assert.deepEqual(a, b);
});
