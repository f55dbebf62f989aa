import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { Store } from '../store/types';
import { ApiError } from './errors';

export interface StreamOptions {
  /** How often each client's cursors are checked against the store (default 500 ms). */
  pollMs: number;
  /** Concurrent SSE clients (default 16); more → 503. */
  maxClients: number;
  /** Comment line sent this often so proxies keep the connection (default 15 s). */
  heartbeatMs: number;
  /** Rows read per poll and stream (default 500). */
  batch: number;
}

export const STREAM_DEFAULTS: StreamOptions = { pollMs: 500, maxClients: 16, heartbeatMs: 15_000, batch: 500 };

interface Client {
  res: ServerResponse;
  readings: number;
  events: number;
  timer: TimerHandle;
  lastWrite: number;
  paused: boolean;
}

/**
 * Live readings and events as Server-Sent Events (GET /api/v1/stream) for local consumers
 * such as Node-RED. Reads committed rows by seq (like sync), so a client that reconnects with
 * Last-Event-ID ("r{seq}e{seq}") resumes without loss. Backpressure: a client whose socket
 * buffer is full is not polled until it drains, so a slow consumer costs no memory.
 */
export class EventStreamHub {
  private readonly clients = new Set<Client>();
  private readonly options: StreamOptions;
  private notified = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    options: Partial<StreamOptions> = {},
  ) {
    this.options = { ...STREAM_DEFAULTS, ...options };
  }

  get size(): number {
    return this.clients.size;
  }

  /** Starts at Last-Event-ID if given, else at `start` (defaults: the current end of each stream). */
  open(req: IncomingMessage, res: ServerResponse, start: { readings?: number; events?: number }): void {
    if (this.clients.size >= this.options.maxClients) {
      throw new ApiError(503, 'too_many_streams', `at most ${this.options.maxClients} concurrent event streams`, { 'retry-after': '30' });
    }
    const resume = parseLastEventId(req.headers['last-event-id']);
    const client: Client = {
      res,
      readings: resume?.readings ?? start.readings ?? this.tail('readings'),
      events: resume?.events ?? start.events ?? this.tail('events'),
      timer: this.clock.setInterval(() => this.poll(client), this.options.pollMs),
      lastWrite: this.clock.monotonic(),
      paused: false,
    };
    this.clients.add(client);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 2000\n: ardoise stream r${client.readings}e${client.events}\n\n`);
    res.on('drain', () => (client.paused = false));
    req.on('close', () => this.drop(client));
    this.poll(client);
  }

  /**
   * Something was committed: poll every client now instead of at its next tick. Calls within one
   * turn of the event loop (a group commit publishes many readings) make one poll round.
   */
  notify(): void {
    if (this.notified || this.clients.size === 0) return;
    this.notified = true;
    queueMicrotask(() => {
      this.notified = false;
      for (const client of [...this.clients]) this.poll(client);
    });
  }

  close(): void {
    for (const client of [...this.clients]) {
      client.res.end();
      this.drop(client);
    }
  }

  private tail(stream: 'readings' | 'events'): number {
    if (stream === 'readings') return this.store.stats().lastReadingSeq;
    let last = 0;
    for (let page = this.store.eventsAfter(0, 1000); page.length > 0; page = this.store.eventsAfter(last, 1000)) last = page[page.length - 1]!.seq;
    return last;
  }

  private poll(client: Client): void {
    if (client.paused) return;
    const { res } = client;
    let ok = true;
    let wrote = false;
    for (const r of this.store.readingsAfter(client.readings, this.options.batch)) {
      client.readings = r.seq;
      ok = res.write(`id: r${client.readings}e${client.events}\nevent: reading\ndata: ${JSON.stringify(r)}\n\n`);
      wrote = true;
      if (!ok) break;
    }
    if (ok) {
      for (const e of this.store.eventsAfter(client.events, this.options.batch)) {
        client.events = e.seq;
        ok = res.write(`id: r${client.readings}e${client.events}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`);
        wrote = true;
        if (!ok) break;
      }
    }
    const now = this.clock.monotonic();
    if (!wrote && now - client.lastWrite >= this.options.heartbeatMs) {
      ok = res.write(': keep-alive\n\n');
      wrote = true;
    }
    if (wrote) client.lastWrite = now;
    client.paused = !ok;
  }

  private drop(client: Client): void {
    this.clock.clearInterval(client.timer);
    this.clients.delete(client);
  }
}

function parseLastEventId(header: string | string[] | undefined): { readings: number; events: number } | undefined {
  const m = typeof header === 'string' ? /^r(\d{1,16})e(\d{1,16})$/.exec(header) : null;
  return m ? { readings: Number(m[1]), events: Number(m[2]) } : undefined;
}
