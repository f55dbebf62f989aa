/**
 * NTP as a clock-trust time source (docs/health.md). The agent cannot ask the kernel whether NTP
 * synchronised the clock in a portable way, so the operator configures a command that answers
 * (`health.ntp_check.command`, e.g. `timedatectl show -p NTPSynchronized --value` on systemd
 * boards, `chronyc -n waitsync 1` wrappers elsewhere): stdout `yes`, `true` or `1` confirms the
 * clock (`confirmTime('ntp')`). Run at start and every `intervalMs`, never two at once, with a
 * time and output bound; failures are logged at most once an hour and never confirm.
 */
import { execFile } from 'node:child_process';
import type { Clock } from '@ardoise/device-sdk';
import type { Logger } from '../logging/index';

export interface NtpCheckOptions {
  command: readonly string[];
  intervalMs: number;
  clock: Clock;
  confirmTime: (source: string) => void;
  log: Logger;
  /** Kill the command after this long. Default 5 s. */
  timeoutMs?: number;
}

export interface NtpCheck {
  /** Runs the command now; resolves with whether it said synchronised. */
  runNow(): Promise<boolean>;
  stop(): void;
}

const SYNCHRONISED = new Set(['yes', 'true', '1']);
const WARN_EVERY_MS = 3_600_000;

export function startNtpCheck(o: NtpCheckOptions): NtpCheck {
  let running: Promise<boolean> | undefined;
  let lastWarn: number | undefined;
  const warn = (detail: object, msg: string) => {
    const now = o.clock.monotonic();
    if (lastWarn !== undefined && now - lastWarn < WARN_EVERY_MS) return;
    lastWarn = now;
    o.log.warn({ command: o.command[0], ...detail }, msg);
  };
  const run = (): Promise<boolean> => (running ??= new Promise<boolean>((resolve) => {
    const [file, ...args] = o.command;
    execFile(file!, args, { timeout: o.timeoutMs ?? 5000, maxBuffer: 4096, encoding: 'utf8' }, (error, stdout) => {
      running = undefined;
      if (error) {
        warn({ err: { message: error.message } }, 'NTP check command failed; clock not confirmed');
        return resolve(false);
      }
      const synced = SYNCHRONISED.has(stdout.trim().toLowerCase());
      if (synced) o.confirmTime('ntp');
      resolve(synced);
    });
  }));
  void run();
  const timer = o.clock.setInterval(() => void run(), o.intervalMs);
  return { runNow: run, stop: () => o.clock.clearInterval(timer) };
}
