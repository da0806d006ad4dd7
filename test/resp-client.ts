/**
 * A minimal raw RESP client for tests: sends argv arrays, reads replies with
 * their exact RESP type preserved, so differential tests compare the wire
 * format (simple vs bulk string, error text, RESP3 types) and not a client
 * library's interpretation of it.
 */
import net from 'node:net';

export type Reply =
  | { t: 'simple'; v: string }
  | { t: 'error'; v: string }
  | { t: 'int'; v: string }
  | { t: 'bulk'; v: string | null }
  | { t: 'array'; v: Reply[] | null }
  | { t: 'map'; v: [Reply, Reply][] }
  | { t: 'set'; v: Reply[] }
  | { t: 'push'; v: Reply[] }
  | { t: 'double'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'bignum'; v: string }
  | { t: 'verbatim'; v: string };

export class RespConn {
  private buf = Buffer.alloc(0);
  private waiters: ((r: Reply) => void)[] = [];
  private queue: Reply[] = [];
  closed = false;
  private closeWaiters: (() => void)[] = [];

  private constructor(readonly sock: net.Socket) {
    sock.on('data', d => { this.buf = Buffer.concat([this.buf, d]); this.drain(); });
    sock.on('close', () => { this.closed = true; for (const w of this.closeWaiters) w(); this.closeWaiters = []; });
    sock.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new RespConn(s)));
      s.once('error', reject);
    });
  }

  static encode(argv: (string | Buffer)[]): Buffer {
    const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
    for (const a of argv) {
      const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
      parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
    }
    return Buffer.concat(parts);
  }

  writeRaw(data: string | Buffer): void {
    this.sock.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  send(argv: (string | Buffer)[]): void { this.sock.write(RespConn.encode(argv)); }

  /** Sends one command and waits for its reply. */
  async call(...argv: (string | Buffer | number)[]): Promise<Reply> {
    this.send(argv.map(a => typeof a === 'number' ? String(a) : a));
    return this.read();
  }

  read(timeoutMs = 5000): Promise<Reply> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { const i = this.waiters.indexOf(cb); if (i >= 0) this.waiters.splice(i, 1); reject(new Error('timeout waiting for reply')); }, timeoutMs);
      const cb = (r: Reply) => { clearTimeout(t); resolve(r); };
      this.waiters.push(cb);
    });
  }

  waitClose(timeoutMs = 2000): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise(resolve => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.closeWaiters.push(() => { clearTimeout(t); resolve(true); });
    });
  }

  close(): void { this.sock.destroy(); }

  private drain(): void {
    for (;;) {
      const r = parseReply(this.buf, 0);
      if (r === null) return;
      this.buf = this.buf.subarray(r[1]);
      const w = this.waiters.shift();
      if (w) w(r[0]); else this.queue.push(r[0]);
    }
  }
}

function line(buf: Buffer, pos: number): [string, number] | null {
  const i = buf.indexOf('\r\n', pos);
  if (i === -1) return null;
  return [buf.latin1Slice(pos, i), i + 2];
}

export function parseReply(buf: Buffer, pos: number): [Reply, number] | null {
  if (pos >= buf.length) return null;
  const type = String.fromCharCode(buf[pos]);
  const l = line(buf, pos + 1);
  if (!l) return null;
  const [s, next] = l;
  switch (type) {
    case '+': return [{ t: 'simple', v: s }, next];
    case '-': return [{ t: 'error', v: s }, next];
    case ':': return [{ t: 'int', v: s }, next];
    case ',': return [{ t: 'double', v: s }, next];
    case '#': return [{ t: 'bool', v: s === 't' }, next];
    case '_': return [{ t: 'null' }, next];
    case '(': return [{ t: 'bignum', v: s }, next];
    case '$': case '=': {
      const n = Number(s);
      if (n < 0) return [{ t: 'bulk', v: null }, next];
      if (buf.length < next + n + 2) return null;
      const v = buf.latin1Slice(next, next + n);
      return [type === '$' ? { t: 'bulk', v } : { t: 'verbatim', v }, next + n + 2];
    }
    case '*': case '~': case '>': case '%': {
      const n = Number(s);
      if (n < 0) return [{ t: 'array', v: null }, next];
      const count = type === '%' ? n * 2 : n;
      const items: Reply[] = [];
      let p = next;
      for (let i = 0; i < count; i++) {
        const r = parseReply(buf, p);
        if (!r) return null;
        items.push(r[0]);
        p = r[1];
      }
      if (type === '*') return [{ t: 'array', v: items }, p];
      if (type === '~') return [{ t: 'set', v: items }, p];
      if (type === '>') return [{ t: 'push', v: items }, p];
      const pairs: [Reply, Reply][] = [];
      for (let i = 0; i < items.length; i += 2) pairs.push([items[i], items[i + 1]]);
      return [{ t: 'map', v: pairs }, p];
    }
    default:
      throw new Error(`bad reply type byte ${JSON.stringify(type)} in ${JSON.stringify(buf.latin1Slice(pos, pos + 40))}`);
  }
}

/** Compact text form of a reply, handy in assertion messages. */
export function show(r: Reply): string {
  switch (r.t) {
    case 'array': return r.v === null ? '*nil' : '[' + r.v.map(show).join(', ') + ']';
    case 'set': return '~{' + r.v.map(show).join(', ') + '}';
    case 'push': return '>[' + r.v.map(show).join(', ') + ']';
    case 'map': return '%{' + r.v.map(([k, v]) => show(k) + ': ' + show(v)).join(', ') + '}';
    case 'null': return '_';
    case 'bulk': return r.v === null ? '$nil' : JSON.stringify(r.v);
    default: return `${r.t}:${JSON.stringify((r as { v: unknown }).v)}`;
  }
}

/** Sorts an aggregate reply's elements (for replies whose order Redis leaves undefined). */
export function sorted(r: Reply): Reply {
  if (r.t === 'array' && r.v) return { t: 'array', v: [...r.v].sort((a, b) => show(a) < show(b) ? -1 : show(a) > show(b) ? 1 : 0) };
  if (r.t === 'set') return { t: 'set', v: [...r.v].sort((a, b) => show(a) < show(b) ? -1 : show(a) > show(b) ? 1 : 0) };
  if (r.t === 'map') return { t: 'map', v: [...r.v].sort((a, b) => show(a[0]) < show(b[0]) ? -1 : 1) };
  return r;
}
