import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestPki } from './certs';
import { freePort } from './free-port';

const MOSQUITTO = '/usr/sbin/mosquitto';
const READY_LINE = /mosquitto version [\d.]+ running/;
const LOG_TAIL_BYTES = 64 * 1024;

export interface BrokerOptions {
  /** Scratch directory for config, password file and persistence. */
  dir: string;
  /** username → password; written with `mosquitto_passwd`, anonymous access is then refused. */
  users?: Record<string, string>;
  /** Adds a TLS listener using the generated PKI. */
  tls?: { pki: TestPki; requireClientCert: boolean };
  /** Persist sessions and queued messages to disk (survives SIGTERM restarts). Default true. */
  persistence?: boolean;
  /** Extra raw config lines (global section). */
  extra?: string[];
}

/**
 * A real Mosquitto on free loopback ports, owned by a test or a bench. Never the system broker:
 * ports come from the OS (never 1883) and the config is generated in `dir`.
 * Readiness is awaited on the broker's own "running" log line, never by sleeping.
 */
export class MosquittoBroker {
  port = 0;
  tlsPort = 0;
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(private readonly options: BrokerOptions) {}

  static async start(options: BrokerOptions): Promise<MosquittoBroker> {
    const broker = new MosquittoBroker(options);
    await mkdir(options.dir, { recursive: true });
    broker.port = await freePort();
    if (options.tls) broker.tlsPort = await freePort();
    await broker.writeConfig();
    await broker.launch();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get tlsUrl(): string {
    if (!this.tlsPort) throw new Error('MosquittoBroker: started without a TLS listener');
    return `mqtts://127.0.0.1:${this.tlsPort}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 64 KiB of the broker's log (for failure messages). */
  logTail(): string {
    return this.log;
  }

  /** SIGKILL: no persistence flush, connections dropped without DISCONNECT. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: graceful stop, persistence saved. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  /** Start again on the same ports with the same config (after kill or stop). */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.launch();
  }

  private configPath(): string {
    return join(this.options.dir, 'mosquitto.conf');
  }

  private async writeConfig(): Promise<void> {
    const { dir, users, tls, persistence = true, extra = [] } = this.options;
    const lines = [
      'user root',
      'per_listener_settings false',
      `allow_anonymous ${users ? 'false' : 'true'}`,
      `persistence ${persistence}`,
      `persistence_location ${dir}/`,
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'max_queued_messages 0',
      'max_inflight_messages 0',
      ...extra,
    ];
    if (users) lines.push(`password_file ${await writePasswords(dir, users)}`);
    lines.push(`listener ${this.port} 127.0.0.1`);
    if (tls) {
      lines.push(`listener ${this.tlsPort} 127.0.0.1`, `cafile ${tls.pki.caCert}`, `certfile ${tls.pki.serverCert}`);
      lines.push(`keyfile ${tls.pki.serverKey}`, `require_certificate ${tls.requireClientCert}`);
    }
    await writeFile(this.configPath(), `${lines.join('\n')}\n`);
  }

  private launch(): Promise<void> {
    const child = spawn(MOSQUITTO, ['-c', this.configPath()], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let own = '';
    return new Promise((resolve, reject) => {
      let ready = false;
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        this.log = (this.log + chunk).slice(-LOG_TAIL_BYTES);
        own = ready ? '' : (own + chunk).slice(-LOG_TAIL_BYTES);
        if (!ready && READY_LINE.test(own)) {
          ready = true;
          resolve();
        }
      });
      child.once('error', (error) => reject(new Error(`mosquitto failed to start: ${error.message}`)));
      child.once('exit', (code, signal) => {
        if (!ready) reject(new Error(`mosquitto exited before ready (code ${code}, signal ${signal}):\n${this.log}`));
      });
    });
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(sig);
    await exited;
  }
}

async function writePasswords(dir: string, users: Record<string, string>): Promise<string> {
  const file = join(dir, 'passwd');
  await writeFile(file, '');
  for (const [user, password] of Object.entries(users)) {
    await promisify(execFile)('mosquitto_passwd', ['-b', file, user, password]);
  }
  return file;
}
