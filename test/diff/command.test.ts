import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffPair, type DiffPair } from '../diff.js';
import { skipRedis } from '../servers.js';
import { show, type Reply } from '../resp-client.js';
import type { Command } from '../../src/commands/table.js';

const skip = skipRedis();

/** Every implemented command and subcommand name, as COMMAND LIST should report them. */
function implementedNames(p: DiffPair): string[] {
  const out: string[] = [];
  for (const c of p.respiteServer.server.commands.each()) out.push(c.fullName);
  return out.sort();
}

function arr(r: Reply): Reply[] {
  if (r.t === 'array' && r.v) return r.v;
  if (r.t === 'set' || r.t === 'push') return r.v;
  throw new Error('not an array: ' + show(r));
}

function bulks(r: Reply): string[] {
  return arr(r).map(x => (x as { v: string }).v).sort();
}

/** Keeps only the implemented subcommands in a Redis COMMAND INFO entry. */
function filterSubs(entry: Reply, keep: Set<string>): Reply {
  const v = arr(entry).slice();
  const subs = arr(v[9]).filter(s => keep.has((arr(s)[0] as { v: string }).v));
  v[9] = v[9].t === 'array' && subs.length > 0 ? { t: 'array', v: subs } : { t: v[9].t === 'array' && subs.length === 0 && arr(v[9]).length > 0 ? 'set' : v[9].t, v: subs } as Reply;
  return { t: 'array', v };
}

function sortSubs(entry: Reply): Reply {
  const v = arr(entry).slice();
  v[9] = { ...v[9], v: arr(v[9]).slice().sort((a, b) => show(a) < show(b) ? -1 : 1) } as Reply;
  return { t: 'array', v };
}

test('COMMAND COUNT / LIST report exactly the implemented commands', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const names = implementedNames(p);
  const top = names.filter(n => !n.includes('|'));
  const count = await p.respite.call('COMMAND', 'COUNT');
  assert.deepEqual(count, { t: 'int', v: String(top.length) });
  assert.deepEqual(bulks(await p.respite.call('COMMAND', 'LIST')), names);
  // COMMAND (no args) and COMMAND INFO (no args) describe the same set
  assert.deepEqual(arr(await p.respite.call('COMMAND')).map(e => (arr(e)[0] as { v: string }).v).sort(), top);
  assert.deepEqual(arr(await p.respite.call('COMMAND', 'INFO')).map(e => (arr(e)[0] as { v: string }).v).sort(), top);
  // filters: the implemented subset of what Redis lists
  const set = new Set(names);
  for (const f of [['ACLCAT', 'connection'], ['ACLCAT', 'ADMIN'], ['ACLCAT', 'nosuch'], ['PATTERN', 'c*'], ['PATTERN', 'CLIENT|*'], ['PATTERN', '*e?'], ['MODULE', 'x']]) {
    const mine = bulks(await p.respite.call('COMMAND', 'LIST', 'FILTERBY', ...f));
    const ref = bulks(await p.redis.call('COMMAND', 'LIST', 'FILTERBY', ...f)).filter(n => set.has(n));
    assert.deepEqual(mine, ref, f.join(' '));
  }
  await p.all([
    ['COMMAND', 'LIST', 'FILTERBY'], ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT'], ['COMMAND', 'LIST', 'x'], ['COMMAND', 'LIST', 'FILTERBY', 'foo', 'x'],
    ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'x', 'y'], ['COMMAND', 'COUNT', 'x'], ['COMMAND', 'NOSUCH'], ['COMMAND', 'GETKEYS'],
    ['COMMAND', 'INFO', 'nosuch'], ['COMMAND', 'INFO', 'command|nosuch'], ['COMMAND', 'INFO', 'get|x'], ['COMMAND', 'DOCS', 'nosuch'],
  ]);
});

test('COMMAND INFO of every implemented command equals Redis (RESP2 and RESP3)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const names = implementedNames(p);
  const set = new Set(names);
  for (const proto of ['2', '3']) {
    await p.check(['HELLO', proto], { ignore: true });
    for (const n of names) {
      for (const form of [n, n.toUpperCase()]) {
        const mine = await p.respite.call('COMMAND', 'INFO', form);
        const ref = await p.redis.call('COMMAND', 'INFO', form);
        const m = arr(mine)[0], r = arr(ref)[0];
        assert.deepEqual(sortSubs(m), sortSubs(filterSubs(r, set)), `RESP${proto} COMMAND INFO ${form}`);
      }
    }
    // several names at once, with unknown ones as nil
    const plain = names.filter(n => !n.includes('|') && !p.respiteServer.server.commands.live.get(n)?.subcommands).slice(0, 5);
    await p.check(['COMMAND', 'INFO', ...plain, 'nosuchcmd', plain[0]]);
  }
});

/** Removes what is ours (summary, complexity) or omitted (history) from a docs map. */
function stripDocs(r: Reply, keep: Set<string>): Reply {
  if (r.t === 'map') {
    return {
      t: 'map', v: r.v.filter(([k]) => !['summary', 'complexity', 'history'].includes((k as { v: string }).v))
        .map(([k, v]) => {
          const key = (k as { v: string }).v;
          if (key === 'subcommands' && v.t === 'map') return [k, { t: 'map', v: v.v.filter(([sk]) => keep.has((sk as { v: string }).v)).map(([sk, sv]) => [sk, stripDocs(sv, keep)] as [Reply, Reply]).sort((a, b) => show(a[0]) < show(b[0]) ? -1 : 1) }];
          return [k, v];
        }) as [Reply, Reply][],
    };
  }
  if (r.t === 'array' && r.v) {
    // RESP2: flat key/value list
    const out: Reply[] = [];
    for (let i = 0; i < r.v.length; i += 2) {
      const key = (r.v[i] as { v: string }).v;
      if (['summary', 'complexity', 'history'].includes(key)) continue;
      let val = r.v[i + 1];
      if (key === 'subcommands' && val.t === 'array' && val.v) {
        const pairs: [Reply, Reply][] = [];
        for (let j = 0; j < val.v.length; j += 2) if (keep.has((val.v[j] as { v: string }).v)) pairs.push([val.v[j], stripDocs(val.v[j + 1], keep)]);
        pairs.sort((a, b) => show(a[0]) < show(b[0]) ? -1 : 1);
        val = { t: 'array', v: pairs.flat() };
      }
      out.push(r.v[i], val);
    }
    return { t: 'array', v: out };
  }
  return r;
}

test('COMMAND DOCS: Redis facts plus our own summaries', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const names = implementedNames(p);
  const set = new Set(names);
  for (const proto of ['2', '3']) {
    await p.check(['HELLO', proto], { ignore: true });
    for (const n of names) {
      const mine = await p.respite.call('COMMAND', 'DOCS', n);
      const ref = await p.redis.call('COMMAND', 'DOCS', n);
      const pick = (r: Reply): Reply => r.t === 'map' ? r.v[0][1] : arr(r)[1];
      assert.deepEqual(stripDocs(pick(mine), set), stripDocs(pick(ref), set), `RESP${proto} COMMAND DOCS ${n}`);
    }
  }
  await p.check(['HELLO', '2'], { ignore: true });
  await p.all([['COMMAND', 'DOCS', 'nosuch'], ['COMMAND', 'DOCS', 'nosuch', 'nosuch2']]);
});

test('every implemented command has a non-empty summary', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  await p.respite.call('HELLO', '3');
  const all = await p.respite.call('COMMAND', 'DOCS');
  assert.equal(all.t, 'map');
  const check = (name: string, doc: Reply) => {
    assert.equal(doc.t, 'map');
    const m = new Map((doc as { v: [Reply, Reply][] }).v.map(([k, v]) => [(k as { v: string }).v, v]));
    const s = m.get('summary') as { v: string } | undefined;
    assert.ok(s && s.v.length > 0, `${name} has no summary`);
    const subs = m.get('subcommands');
    if (subs && subs.t === 'map') for (const [k, v] of subs.v) check((k as { v: string }).v, v);
  };
  const seen = new Set<string>();
  for (const [k, v] of (all as { v: [Reply, Reply][] }).v) { seen.add((k as { v: string }).v); check((k as { v: string }).v, v); }
  for (const c of p.respiteServer.server.commands.each()) if (!c.parent) assert.ok(seen.has(c.fullName), `${c.fullName} missing from COMMAND DOCS`);
  for (const c of p.respiteServer.server.commands.each()) assert.ok(c.summary || c.subcommands, `${c.fullName}: empty summary in its CommandDef`);
});

/** Argument lines for key extraction, over many command shapes (implemented or not). */
const GETKEYS_CASES: string[][] = [
  ['get', 'a'], ['get', 'a', 'b'], ['set', 'k', 'v'], ['set', 'k', 'v', 'GET'], ['set', 'k', 'v', 'ex', '10', 'get'], ['set', 'k', 'v', 'xget'],
  ['mset', 'a', '1', 'b', '2'], ['mset', 'a', '1', 'b'], ['msetnx', 'a', '1'], ['mget', 'a', 'b', 'c'], ['del', 'a', 'b'],
  ['ping'], ['ping', 'x'], ['echo', 'x'], ['config', 'get', 'x'], ['client', 'list'], ['client'], ['nosuch', 'a'], ['client', 'nosuch'],
  ['zunionstore', 'd', '0', 'a'], ['zunionstore', 'd', '-1', 'a'], ['zunionstore', 'd', '2', 'a'], ['zunionstore', 'd', 'x', 'a'],
  ['zunionstore', 'd', '1', 'a'], ['zunionstore', 'd', '2', 'a', 'b', 'weights', '1', '2'], ['zunionstore', 'd', '1x', 'a'], ['zunionstore', 'd', '+1', 'a'],
  ['zunionstore', 'd', ' 1', 'a'], ['zunionstore', 'd', '01', 'a'], ['zunionstore', 'd', '4294967297', 'a'], ['zinterstore', 'd', '1', 'a', 'b'],
  ['zdiffstore', 'd', '2', 'a', 'b'], ['zunion', '2', 'a', 'b'], ['zunion', '3', 'a', 'b'], ['zinter', '1', 'a', 'withscores'], ['zdiff', '0', 'a'],
  ['zunion', '2x', 'a', 'b'],
  ['eval', 's', '0'], ['eval', 's', '1', 'a'], ['eval', 's', '2', 'a'], ['eval', 's', '-1'], ['eval', 's', 'x'], ['evalsha', 'x', '2', 'a', 'b', 'c'],
  ['eval_ro', 's', '1', 'a'], ['evalsha_ro', 's', '1x', 'a'], ['fcall', 'f', '1', 'a'], ['fcall_ro', 'f', '0'], ['fcall', 'f', '3', 'a'],
  ['sort', 'k'], ['sort', 'k', 'by', 'x', 'store', 'd'], ['sort', 'k', 'store', 'd', 'store', 'e'], ['sort', 'k', 'limit', 'store', 'x', 'store', 'd'],
  ['sort', 'k', 'get', 'store', 'store', 'z'], ['sort', 'k', 'store'], ['sort_ro', 'k', 'by', 'x'],
  ['migrate', 'h', 'p', 'k', '0', '5'], ['migrate', 'h', 'p', '', '0', '5', 'keys', 'a', 'b'], ['migrate', 'h', 'p', 'k', '0', '5', 'keys', 'a', 'b'],
  ['migrate', 'h', 'p', '', '0', '5', 'auth', 'keys', 'keys', 'a'], ['migrate', 'h', 'p', '', '0', '5', 'auth2', 'u', 'keys', 'keys', 'a'], ['migrate', 'h', 'p', '', '0', '5', 'copy', 'replace', 'keys', 'z'],
  ['xread', 'streams', 'a', 'b', '1', '2'], ['xread', 'streams', 'a', 'b', '1'], ['xread', 'count', '1', 'streams', 'a', '1'], ['xread', 'streams'],
  ['xread', 'block', '0', 'streams', 'streams', 'streams', '1', '2'], ['xread', 'foo', 'bar', 'baz', 'qux'],
  ['xreadgroup', 'group', 'g', 'c', 'streams', 'a', 'b', '1', '2'], ['xreadgroup', 'group', 'streams', 'c', 'streams', 'a', '1'], ['xreadgroup', 'group', 'g', 'c', 'streams', 'a'],
  ['lmpop', '2', 'a', 'b', 'left'], ['lmpop', '0', 'a', 'left'], ['lmpop', '3', 'a', 'b', 'left'], ['blmpop', '0', '1', 'a', 'left'], ['blmpop', '0', '0', 'a', 'left'],
  ['zmpop', '1', 'a', 'min'], ['bzmpop', '1', '2', 'a', 'b', 'max'], ['sintercard', '2', 'a', 'b'], ['sintercard', '3', 'a', 'b'], ['zintercard', '1', 'a', 'limit', '1'],
  ['georadius', 'k', '1', '2', '3', 'm', 'store', 'x', 'storedist', 'y'], ['georadius', 'k', '1', '2', '3', 'm', 'store'], ['georadiusbymember', 'k', 'm', '3', 'km', 'STOREDIST', 'd'],
  ['georadius_ro', 'k', '1', '2', '3', 'm'],
  ['memory', 'usage', 'k'], ['object', 'encoding', 'k'], ['object', 'freq', 'k'], ['xinfo', 'stream', 'k'], ['xgroup', 'create', 'k', 'g', '$'],
  ['bitfield', 'k'], ['bitfield', 'k', 'get', 'u8', '0'], ['bitfield', 'k', 'set', 'u8', '0', '1'], ['bitfield', 'k', 'get', 'u8'], ['bitfield', 'k', 'overflow', 'wrap', 'get', 'i8', '0'],
  ['bitfield_ro', 'k', 'get', 'u8', '0'], ['bitop', 'and', 'd', 'a', 'b'], ['blpop', 'a', 'b', '0'], ['brpoplpush', 'a', 'b', '0'], ['lmove', 'a', 'b', 'left', 'right'],
  ['rename', 'a', 'b'], ['smove', 'a', 'b', 'm'], ['pfcount', 'a', 'b'], ['watch', 'a', 'b'], ['exists', 'a'], ['touch', 'a', 'b'], ['spublish', 'ch', 'm'],
  ['ssubscribe', 'a', 'b'], ['subscribe', 'a'], ['publish', 'c', 'm'], ['lcs', 'a', 'b'], ['copy', 'a', 'b', 'db', '1'], ['geosearchstore', 'd', 's', 'frommember', 'm', 'byradius', '1', 'm'],
  ['restore', 'k', '0', 'x'], ['hset', 'h', 'f', 'v'], ['hset', 'h', 'f'], ['command'], ['command', 'info'], ['debug', 'object', 'k'], ['pfdebug', 'getreg', 'k'],
  ['GET', 'A'], ['SORT', 'K', 'STORE', 'D'], ['XREAD', 'STREAMS', 'A', '0'], ['EVAL', 's', '1', 'K'], ['MIGRATE', 'h', 'p', '', '0', '5', 'KEYS', 'x'],
  ['xautoclaim', 'k', 'g', 'c', '0', '0'], ['xclaim', 'k', 'g', 'c', '0', '0-1'], ['sdiffstore', 'd', 'a'], ['zrangestore', 'd', 's', '0', '1'],
];

/** What COMMAND GETKEYSANDFLAGS would answer if every known command were implemented. */
function factsGetKeys(p: DiffPair, args: string[]): Reply {
  const all = p.respiteServer.server.commands.all;
  let cmd: Command | undefined = all.get(args[0].toLowerCase());
  if (cmd && cmd.subcommands && args.length > 1) cmd = cmd.subcommands.get(args[1].toLowerCase());
  const err = (m: string): Reply => ({ t: 'error', v: m });
  if (!cmd) return err('ERR Invalid command specified');
  if (!cmd.hasKeys) return err('ERR The command has no key arguments');
  if ((cmd.arity > 0 && cmd.arity !== args.length) || args.length < -cmd.arity) return err('ERR Invalid number of arguments specified for command');
  const keys = cmd.keyRefs(args);
  assert.deepEqual(cmd.getKeys(args), keys.map(k => k.pos), 'getKeys agrees with keyRefs');
  if (keys.length === 0) return cmd.flags.has('no_mandatory_keys') ? { t: 'array', v: [] } : err('ERR Invalid arguments specified for command');
  return { t: 'array', v: keys.map(k => ({ t: 'array', v: [{ t: 'bulk', v: args[k.pos] }, { t: 'array', v: k.flags.map(f => ({ t: 'simple', v: f })) }] }) as Reply) };
}

test('key extraction from facts equals Redis GETKEYSANDFLAGS for every known command', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  for (const args of GETKEYS_CASES) {
    const ref = await p.redis.call('COMMAND', 'GETKEYSANDFLAGS', ...args);
    if (ref.t === 'error' && /wrong number of arguments for 'command\|getkeysandflags'/.test(ref.v)) continue;
    assert.deepEqual(factsGetKeys(p, args), ref, args.join(' '));
  }
  // every command of the table, with a few argument shapes built from its arity
  let compared = 0, withKeys = 0;
  for (const [name, cmd] of p.respiteServer.server.commands.all) {
    const targets = cmd.subcommands ? [...cmd.subcommands.values()] : [cmd];
    for (const c of targets) {
      const base = c.parent ? [name, c.name] : [name];
      const ar = Math.abs(c.arity);
      for (const extra of [0, 1, 2, 3, 5]) {
        const args = [...base];
        for (let i = args.length; i < ar + extra; i++) args.push(i % 3 === 2 ? '1' : `k${i}`);
        const ref = await p.redis.call('COMMAND', 'GETKEYSANDFLAGS', ...args);
        if (ref.t === 'error' && /wrong number of arguments for 'command\|getkeysandflags'/.test(ref.v)) continue;
        assert.deepEqual(factsGetKeys(p, args), ref, args.join(' '));
        compared++;
        if (ref.t !== 'error') withKeys++;
        if (c.arity > 0) break;
      }
    }
  }
  assert.ok(compared > 500 && withKeys > 300, `compared ${compared} argument lines, ${withKeys} with keys`);
});

test('COMMAND GETKEYS / GETKEYSANDFLAGS over the wire (implemented commands)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const live = p.respiteServer.server.commands;
  for (const proto of ['2', '3']) {
    await p.check(['HELLO', proto], { ignore: true });
    for (const args of GETKEYS_CASES) {
      const top = live.live.get(args[0].toLowerCase());
      const implemented = top && (!top.subcommands || args.length < 2 || top.subcommands.get(args[1].toLowerCase())?.handler);
      if (!implemented) {
        const r = await p.respite.call('COMMAND', 'GETKEYS', ...args);
        if (args.length > 0 && !(r.t === 'error' && (r.v === 'ERR Invalid command specified' || r.v.startsWith('ERR wrong number')))) assert.fail(`${args.join(' ')}: ${show(r)}`);
        continue;
      }
      await p.check(['COMMAND', 'GETKEYS', ...args]);
      await p.check(['COMMAND', 'GETKEYSANDFLAGS', ...args]);
    }
  }
  await p.all([['COMMAND', 'GETKEYS', 'nosuch', 'x'], ['COMMAND', 'GETKEYS', 'ping'], ['COMMAND', 'GETKEYSANDFLAGS', 'get'], ['COMMAND', 'GETKEYS', 'command', 'getkeys', 'get', 'a']]);
});

test('COMMAND HELP has Redis layout', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  const mine = arr(await p.respite.call('COMMAND', 'HELP'));
  const ref = arr(await p.redis.call('COMMAND', 'HELP'));
  assert.deepEqual(mine[0], ref[0]);
  assert.equal(mine[mine.length - 2].t, 'simple');
  assert.deepEqual(mine[mine.length - 2], ref[ref.length - 2]);
  await p.all([['COMMAND', 'HELP', 'x']]);
});

test('COMMAND INFO / DOCS writers reproduce Redis for every command of the table (all marked implemented)', { skip }, async (t) => {
  const p = await diffPair();
  t.after(() => p.close());
  // a server where every known command counts as implemented (handlers are never run here)
  const table = p.respiteServer.server.commands;
  const noop = () => {};
  for (const [name, cmd] of table.all) {
    if (cmd.subcommands) { for (const s of cmd.subcommands.values()) if (!s.handler) s.handler = noop; }
    else if (!cmd.handler) cmd.handler = noop;
    table.live.set(name, cmd);
  }
  const all = new Set<string>();
  for (const c of table.each()) all.add(c.fullName);
  for (const proto of ['2', '3']) {
    await p.check(['HELLO', proto], { ignore: true });
    for (const name of table.all.keys()) {
      const [mine, ref] = [await p.respite.call('COMMAND', 'INFO', name), await p.redis.call('COMMAND', 'INFO', name)];
      assert.deepEqual(sortSubs(arr(mine)[0]), sortSubs(arr(ref)[0]), `RESP${proto} COMMAND INFO ${name}`);
      const [md, rd] = [await p.respite.call('COMMAND', 'DOCS', name), await p.redis.call('COMMAND', 'DOCS', name)];
      const pick = (r: Reply): Reply => r.t === 'map' ? r.v[0][1] : arr(r)[1];
      assert.deepEqual(stripDocs(pick(md), all), stripDocs(pick(rd), all), `RESP${proto} COMMAND DOCS ${name}`);
    }
  }
  assert.deepEqual(await p.respite.call('COMMAND', 'COUNT'), await p.redis.call('COMMAND', 'COUNT'));
  assert.deepEqual(bulks(await p.respite.call('COMMAND', 'LIST')), bulks(await p.redis.call('COMMAND', 'LIST')));
  for (const f of [['ACLCAT', 'write'], ['ACLCAT', 'Connection'], ['PATTERN', '*z*'], ['PATTERN', 'CONFIG*']]) {
    assert.deepEqual(bulks(await p.respite.call('COMMAND', 'LIST', 'FILTERBY', ...f)), bulks(await p.redis.call('COMMAND', 'LIST', 'FILTERBY', ...f)), f.join(' '));
  }
});
