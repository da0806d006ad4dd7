/**
 * MONITOR: every executed command, as Redis formats it:
 *   +<unix seconds>.<microseconds> [<db> <client address>|lua] "arg" "arg" ...
 * Arguments are quoted like Redis's sdscatrepr; AUTH / HELLO AUTH / MIGRATE
 * AUTH secrets are shown as "(redacted)"; admin commands are not shown.
 */
import type { Client } from './client.js';
import type { Command } from '../commands/table.js';

/** Quotes a byte string the way Redis's repr does. */
export function repr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        if (c >= 0x20 && c <= 0x7e) out += s[i];
        else out += '\\x' + (c < 16 ? '0' : '') + c.toString(16);
    }
  }
  return out + '"';
}

function redacted(cmd: Command, argv: string[]): Set<number> | null {
  const name = cmd.parent ? cmd.parent.name : cmd.name;
  if (name === 'auth') return new Set(argv.map((_, i) => i).filter(i => i > 0));
  if (name === 'hello') {
    for (let i = 2; i < argv.length; i++) if (argv[i].toLowerCase() === 'auth') return new Set([i + 1, i + 2]);
    return null;
  }
  if (name === 'migrate') {
    const r = new Set<number>();
    for (let i = 6; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'auth') r.add(i + 1);
      else if (a === 'auth2') { r.add(i + 1); r.add(i + 2); }
    }
    return r;
  }
  return null;
}

/** Feeds one command to every monitor (called from Server.call before it runs). */
export function feedMonitors(monitors: Set<Client>, c: Client, cmd: Command, argv: string[], usec: number): void {
  if (cmd.flags.has('admin') || cmd.flags.has('skip_monitor')) return;
  const hide = redacted(cmd, argv);
  const who = c.isFake ? (c.monitorName ?? 'lua') : c.addr;
  let line = `+${Math.floor(usec / 1e6)}.${String(usec % 1e6).padStart(6, '0')} [${c.db.id} ${who}]`;
  for (let i = 0; i < argv.length; i++) line += ' ' + (hide?.has(i) ? '"(redacted)"' : repr(argv[i]));
  line += '\r\n';
  const data = Buffer.from(line, 'latin1');
  for (const m of monitors) {
    if (m === c) continue;
    m.w.raw(data);
    c.server.flushLater(m);
  }
}

declare module './client.js' {
  interface Client {
    /** How a fake client appears in MONITOR ("lua", "unix:..."). */
    monitorName?: string;
  }
}
