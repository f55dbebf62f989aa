import { createServer, type Server, type Socket } from 'node:net';

/**
 * The one place a fake is justified: Mosquitto cannot be told to accept TCP and then stay
 * silent, or to stop acknowledging PUBLISH. These tiny TCP servers do exactly that.
 */
export interface FakeBroker {
  port: number;
  server: Server;
  /** Resolves with the next accepted socket. */
  nextConnection(): Promise<Socket>;
  close(): Promise<void>;
}

/** MQTT v5 CONNACK: session present 0, reason 0 (success), no properties. */
const CONNACK_V5 = Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00]);

export async function startFakeBroker(mode: 'silent' | 'connack-then-silent'): Promise<FakeBroker> {
  const waiting: Array<(s: Socket) => void> = [];
  const queued: Socket[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    if (mode === 'connack-then-silent') socket.once('data', () => socket.write(CONNACK_V5));
    const waiter = waiting.shift();
    if (waiter) waiter(socket);
    else queued.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    server,
    nextConnection: () => {
      const socket = queued.shift();
      return socket ? Promise.resolve(socket) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
