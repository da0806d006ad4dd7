/**
 * Socket reads and reply writes straight on a socket's libuv handle.
 *
 * A net.Socket write goes through the Writable stream machinery (state
 * updates, a write request, an after-write callback scheduled with
 * process.nextTick) before it reaches the handle; at pipelined Redis speeds
 * that bookkeeping costs about as much as the command that produced the
 * reply. Respite already batches every reply of one read into one buffer (or
 * one list of buffers), so it can hand that batch to the handle itself:
 *
 *  - used only while the socket's own stream buffer is empty, so bytes never
 *    overtake data written through the stream (socket.end(data) and the like);
 *  - a write the kernel could not take at once stays queued in libuv (in
 *    order, ahead of any later write and of the shutdown of socket.end());
 *    its bytes are reported by pendingBytes(), which obuf limits and INFO use;
 *  - a failed write destroys the socket, which reports through 'close' as
 *    any other connection loss.
 *
 * Reads likewise skip the Readable stream: the handle's read callback hands
 * each chunk to the server (end of stream and read errors destroy the
 * socket, which reports through 'close').
 *
 * It relies on Node's internal stream binding (process.binding('stream_wrap')
 * and the handle's writeBuffer / writev / onread); where that is missing or
 * shaped differently, readDirect() and writeDirect() return false and the
 * caller uses the socket's stream API.
 */
import type net from 'node:net';

interface WriteReq {
  handle: unknown;
  oncomplete: (this: WriteReq, status: number) => void;
  async: boolean;
  buffer: Buffer | Buffer[] | null;
  socket: net.Socket | null;
}
interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
  kReadBytesOrError: number;
  kArrayBufferOffset: number;
}
interface StreamHandle {
  writeBuffer(req: WriteReq, data: Buffer): number;
  writev(req: WriteReq, chunks: Buffer[], allBuffers: boolean): number;
  writeQueueSize: number;
  onread: (arrayBuffer: ArrayBuffer) => void;
  readStart(): number;
  useUserBuffer?: (buf: Buffer) => unknown;
}

let binding: StreamWrapBinding | null | undefined;

function getBinding(): StreamWrapBinding | null {
  if (binding !== undefined) return binding;
  binding = null;
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kLastWriteWasAsync === 'number' &&
      typeof b.kReadBytesOrError === 'number' && typeof b.kArrayBufferOffset === 'number') {
      binding = b as StreamWrapBinding;
    }
  } catch {
    // not available in this runtime: stream writes it is
  }
  return binding;
}

/** A socket's libuv stream handle, as writeDirect() uses it (opaque to callers). */
export type DirectHandle = StreamHandle;

/**
 * The socket's handle, or null where writeDirect() cannot use it. A caller may
 * look it up once per connection and pass it to writeDirect(): net.Socket's
 * `_handle` is an accessor whose lookup is slow at this rate. A handle kept
 * after the socket was destroyed is closed, and writes to it fail cleanly.
 */
export function handleOf(socket: net.Socket): StreamHandle | null {
  const h = (socket as unknown as { _handle?: StreamHandle | null })._handle;
  return h && typeof h.writeBuffer === 'function' && typeof h.writev === 'function' && typeof h.readStart === 'function' ? h : null;
}

/** A write request object no pending write holds (see writeDirect). */
let spareReq: WriteReq | null = null;

function onComplete(this: WriteReq, status: number): void {
  const s = this.socket;
  this.socket = null;
  this.buffer = null;
  if (status < 0 && s !== null) s.destroy();
}

/** writeDirect() results. */
export const WRITE_FALLBACK = 0, WRITE_DONE = 1, WRITE_QUEUED = 2;

/**
 * Writes chunks (one batch) to the socket's handle: WRITE_DONE when the
 * kernel took every byte at once (nothing references the chunks any more),
 * WRITE_QUEUED when libuv holds them until the write completes (or the write
 * failed and the socket is being destroyed), WRITE_FALLBACK when the caller
 * must use socket.write. `streamed`: the caller has written to this socket
 * through its stream API before (whose buffer must then be empty first);
 * without it the stream's getters, slow at this rate, are not consulted. A
 * destroyed socket has no handle any more.
 */
export function writeDirect(socket: net.Socket, chunks: Buffer[], streamed = true, handle: StreamHandle | null = handleOf(socket)): number {
  const b = getBinding();
  if (b === null || (streamed && socket.writableLength !== 0)) return WRITE_FALLBACK;
  const h = handle;
  if (h === null) return WRITE_FALLBACK;
  // The request object only matters to a write that stays queued (libuv
  // then holds it and calls oncomplete); one the kernel took at once is
  // never looked at again, so it serves the next write. A queued one is
  // given away. Sharing it between servers is safe: writes are synchronous.
  let req = spareReq;
  if (req === null) {
    req = new b.WriteWrap();
    req.oncomplete = onComplete;
    req.async = false;
  } else {
    spareReq = null;
  }
  req.handle = h;
  req.socket = socket;
  let err: number;
  if (chunks.length === 1) {
    req.buffer = chunks[0];
    err = h.writeBuffer(req, chunks[0]);
  } else {
    req.buffer = chunks;
    err = h.writev(req, chunks, true);
  }
  if (err !== 0) {
    socket.destroy();
    return WRITE_QUEUED;
  }
  if (b.streamBaseState[b.kLastWriteWasAsync] !== 0) return WRITE_QUEUED;
  req.socket = null;
  req.buffer = null;
  req.handle = null;
  spareReq = req;
  return WRITE_DONE;
}

/** Reply bytes handed to the socket but not yet to the kernel (stream buffer plus libuv queue). */
export function pendingBytes(socket: net.Socket): number {
  const h = handleOf(socket);
  return socket.writableLength + (h !== null ? h.writeQueueSize : 0);
}

/**
 * Views of a shared read buffer by length, made on first use: requests of a
 * steady workload arrive in reads of the same few sizes, and a view object
 * per read is an allocation per request. Only short reads are cached (at
 * most VIEW_CACHE views of one buffer).
 */
const VIEW_CACHE = 4096;
const viewCaches = new WeakMap<Buffer, (Buffer | undefined)[]>();
function viewsOf(buf: Buffer): (Buffer | undefined)[] {
  let v = viewCaches.get(buf);
  if (v === undefined) { v = new Array<Buffer | undefined>(VIEW_CACHE).fill(undefined); viewCaches.set(buf, v); }
  return v;
}

/**
 * Takes over a freshly accepted socket's reads: onData receives each chunk.
 * With readBuf (and a runtime that supports it), the kernel reads straight
 * into readBuf and each chunk is a view of it: no buffer is allocated per
 * read, and the chunk is only valid during the onData call (the caller must
 * copy what it keeps; the buffer may be shared by all sockets, as reads are
 * handled one at a time). Otherwise each chunk is a view of the read's own
 * buffer. Returns false when the caller must use the socket's 'data' events
 * instead.
 */
export function readDirect(socket: net.Socket, onData: (chunk: Buffer) => void, readBuf?: Buffer): boolean {
  const b = getBinding();
  if (b === null) return false;
  const h = handleOf(socket);
  if (h === null) return false;
  const state = b.streamBaseState, kRead = b.kReadBytesOrError, kOffset = b.kArrayBufferOffset;
  const streamOnread = h.onread;
  h.onread = (arrayBuffer: ArrayBuffer): void => {
    const nread = state[kRead];
    if (nread > 0) onData(Buffer.from(arrayBuffer, state[kOffset], nread));
    else if (nread < 0) socket.destroy(); // end of stream or read error
  };
  // an accepted socket already reads (the swap happens before any read callback can run)
  if (!(h as unknown as { reading?: boolean }).reading && h.readStart() !== 0) {
    h.onread = streamOnread; // give the reads back to the socket's stream, which the caller falls back to
    return false;
  }
  if (readBuf !== undefined && typeof h.useUserBuffer === 'function') {
    try {
      h.useUserBuffer(readBuf);
      const views = viewsOf(readBuf);
      h.onread = (): void => {
        const nread = state[kRead];
        if (nread > 0) onData(nread < views.length ? (views[nread] ??= readBuf.subarray(0, nread)) : readBuf.subarray(0, nread));
        else if (nread < 0) socket.destroy(); // end of stream or read error
      };
    } catch {
      // reads keep their own buffers
    }
  }
  return true;
}
