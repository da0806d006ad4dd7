/**
 * Connection commands: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO.
 * (CLIENT lives in client.ts.)
 */
import type { Family } from './family.js';
import type { Client } from '../server/client.js';
import { REDIS_VERSION } from '../server/server.js';
import { parseLL } from '../util/num.js';
import { DB_INDEX, NOT_INTEGER } from './errors.js';

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

function ping(c: Client, argv: string[]): void {
  if (argv.length > 2) { c.w.error(`ERR wrong number of arguments for 'ping' command`); return; }
  if (c.resp === 2 && c.server.pubsub?.subscribed(c)) {
    // RESP2 subscribed mode answers as a two-element array
    c.w.array(2);
    c.w.bulk('pong');
    c.w.bulk(argv.length === 1 ? '' : argv[1]);
    return;
  }
  if (argv.length === 1) c.w.simple('PONG'); else c.w.bulk(argv[1]);
}

function echo(c: Client, argv: string[]): void { c.w.bulk(argv[1]); }

function quit(c: Client): void {
  c.w.enabled = true;
  c.w.ok();
  c.closeAfterReply = true;
}

function select(c: Client, argv: string[]): void {
  const n = parseLL(argv[1]);
  if (n === undefined || n < -2147483648 || n > 2147483647) { c.w.error(NOT_INTEGER); return; }
  if (!c.select(n)) { c.w.error(DB_INDEX); return; }
  c.w.ok();
}

/** Checks credentials; only the default user exists until ACL lands. */
export function checkCredentials(c: Client, user: string, pass: string): boolean {
  if (user !== 'default') return false;
  const req = c.server.requirePassword;
  return req === '' || pass === req;
}

function auth(c: Client, argv: string[]): void {
  if (argv.length > 3) { c.w.error('ERR syntax error'); return; }
  let user = 'default', pass: string;
  if (argv.length === 2) {
    pass = argv[1];
    if (c.server.requirePassword === '') {
      c.w.error('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
      return;
    }
  } else {
    user = argv[1];
    pass = argv[2];
  }
  if (checkCredentials(c, user, pass)) {
    c.setAuthenticated(true);
    c.user = user;
    c.w.ok();
  } else {
    c.server.log.verbose(`AUTH failed for client ${c.addr}`);
    c.w.error(WRONGPASS);
  }
}

/** Valid client name: printable ASCII without spaces. */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

function hello(c: Client, argv: string[]): void {
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = parseLL(argv[1]);
    if (v === undefined) { c.w.error('ERR Protocol version is not an integer or out of range'); return; }
    next = 2;
    if (v < 2 || v > 3) { c.w.error('NOPROTO unsupported protocol version'); return; }
    ver = v;
  }
  let user: string | undefined, pass: string | undefined, name: string | undefined;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (opt === 'auth' && more >= 2) {
      user = argv[j + 1]; pass = argv[j + 2]; j += 2;
    } else if (opt === 'setname' && more >= 1) {
      name = argv[j + 1]; j += 1;
      if (!validClientName(name)) { c.w.error('ERR Client names cannot contain spaces, newlines or special characters.'); return; }
    } else {
      c.w.error(`ERR Syntax error in HELLO option '${argv[j]}'`);
      return;
    }
  }
  if (user !== undefined) {
    if (!checkCredentials(c, user, pass as string)) { c.w.error(WRONGPASS); return; }
    c.setAuthenticated(true);
    c.user = user;
  }
  if (!c.authenticated) {
    c.w.error('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
    return;
  }
  if (name !== undefined) c.name = name;
  if (ver) c.resp = ver as 2 | 3;
  const w = c.w;
  w.map(7);
  w.bulk('server'); w.bulk('redis');
  w.bulk('version'); w.bulk(REDIS_VERSION);
  w.bulk('proto'); w.int(c.resp);
  w.bulk('id'); w.int(c.id);
  w.bulk('mode'); w.bulk(c.server.clusterEnabled ? 'cluster' : 'standalone');
  w.bulk('role'); w.bulk(c.server.role);
  w.bulk('modules'); w.array(0);
}

function reset(c: Client): void {
  const s = c.server;
  for (const h of s.resetHooks) h(c);
  c.select(0);
  c.resp = 2;
  c.name = '';
  c.replyMode = 'on';
  c.w.enabled = true;
  c.noEvict = false;
  c.user = 'default';
  c.setAuthenticated(s.requirePassword === '');
  c.w.simple('RESET');
}

export const connection: Family = {
  name: 'connection',
  commands: [
    { name: 'ping', handler: ping, summary: 'Checks that the connection is alive; replies PONG or echoes the argument.' },
    { name: 'echo', handler: echo, summary: 'Replies with the given message.' },
    { name: 'quit', handler: quit, summary: 'Closes the connection after replying OK.' },
    { name: 'select', handler: select, summary: 'Switches the connection to another numbered database.' },
    { name: 'auth', handler: auth, summary: 'Authenticates the connection with a password, or a username and password.' },
    { name: 'hello', handler: hello, summary: 'Negotiates the protocol version, optionally authenticating and naming the connection.' },
    { name: 'reset', handler: reset, summary: 'Returns the connection to its just-connected state.' },
  ],
};
