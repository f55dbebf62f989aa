import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthSnapshot } from '../health/monitor';
import type { MetricsRegistry } from '../health/metrics';
import type { Logger } from '../logging/index';

/** A mounted route handler: returns true when it handled the request (sync/API issue mounts here). */
export type MountedHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface HttpServerOptions {
  bind: string;
  port: number;
  health: () => HealthSnapshot;
  metrics: MetricsRegistry;
  log: Logger;
}

const MAX_URL_LENGTH = 2048;

/**
 * The local HTTP port: GET /healthz (JSON: mode, checks) and GET /metrics (Prometheus text).
 * Bound to 127.0.0.1 by default. Other modules add routes with `mount`; built-in routes win.
 * /healthz answers 200 in every degraded mode (the agent is alive and doing its job); the mode is
 * in the body for supervisors that want to alert on it.
 */
export class HttpServer {
  private readonly handlers: MountedHandler[] = [];
  private server: Server | undefined;

  constructor(private readonly o: HttpServerOptions) {}

  mount(handler: MountedHandler): void {
    this.handlers.push(handler);
  }

  /** Listens on the configured port, or on `port` (0 = any free port). */
  async listen(port = this.o.port): Promise<AddressInfo> {
    const server = createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => void this.handle(req, res));
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.o.bind, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if ((req.url ?? '').length > MAX_URL_LENGTH) return send(res, 414, 'text/plain', 'URI too long\n');
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/healthz' || path === '/metrics') return this.builtIn(req, res, path);
      for (const handler of this.handlers) if (await handler(req, res)) return;
      send(res, 404, 'application/json', JSON.stringify({ error: 'not found', path: path?.slice(0, 200) }));
    } catch (error) {
      this.o.log.error({ err: error, url: req.url?.slice(0, 200) }, 'http handler failed');
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
      else res.destroy();
    }
  }

  private builtIn(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'application/json', JSON.stringify({ error: `method ${req.method} not allowed; allowed: GET, HEAD` }));
    }
    if (path === '/healthz') return send(res, 200, 'application/json', JSON.stringify(this.o.health()));
    send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', this.o.metrics.render());
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
