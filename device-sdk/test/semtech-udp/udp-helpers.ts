/** Test helpers: a raw UDP client talking to a real server socket on 127.0.0.1. */
import { createSocket, type Socket } from 'node:dgram';

export interface RawClient {
  socket: Socket;
  received: Buffer[];
  send(msg: Buffer): Promise<void>;
  /** Resolves with the next datagram received (already-buffered first). */
  next(): Promise<Buffer>;
  close(): Promise<void>;
}

export async function rawClient(port: number): Promise<RawClient> {
  const socket = createSocket('udp4');
  const received: Buffer[] = [];
  const waiters: Array<(b: Buffer) => void> = [];
  socket.on('message', (m) => {
    const w = waiters.shift();
    if (w) w(m);
    else received.push(m);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return {
    socket,
    received,
    send: (msg) => new Promise((resolve, reject) => socket.send(msg, port, '127.0.0.1', (err) => (err ? reject(err) : resolve()))),
    next: () => {
      const b = received.shift();
      return b ? Promise.resolve(b) : new Promise((r) => waiters.push(r));
    },
    close: () => new Promise((r) => socket.close(() => r())),
  };
}

export function gwmp(version: number, token: number, type: number, eui: string, body?: object | string | Buffer): Buffer {
  const head = Buffer.alloc(12);
  head[0] = version;
  head.writeUInt16BE(token, 1);
  head[3] = type;
  Buffer.from(eui, 'hex').copy(head, 4);
  if (body === undefined) return head;
  const b = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return Buffer.concat([head, b]);
}

/** Wait (yielding to the event loop, no fixed sleep) until `cond` holds. */
export async function until(cond: () => boolean, what: string, maxTurns = 200_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}
