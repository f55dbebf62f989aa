import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths removed from every log line, fixed in code (not configurable, so a config mistake cannot
 * leak a secret). Covers config secret slots, LoRaWAN keys and HTTP credentials.
 */
export const REDACT_PATHS: readonly string[] = [
  'password', '*.password', 'token', '*.token', 'tokens', '*.tokens',
  'secret', '*.secret', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'app_key', '*.app_key', 'appKey', '*.appKey', 'nwk_s_key', '*.nwk_s_key', 'app_s_key', '*.app_s_key',
  'nwkSKey', '*.nwkSKey', 'appSKey', '*.appSKey', 'key', '*.key', 'private_key', '*.private_key',
];

export interface LoggerSetup {
  level?: LoggerOptions['level'];
  /** Where lines go; default stderr (stdout is for the human summary and command output). */
  destination?: DestinationStream;
}

/** The root logger of one agent instance (no global: each agent/test builds its own). */
export function createLogger(setup: LoggerSetup = {}): Logger {
  const options: LoggerOptions = {
    level: setup.level ?? 'info',
    base: { pid: process.pid },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
  };
  return pino(options, setup.destination ?? pino.destination({ fd: 2, sync: true }));
}

/** One child logger per module: every line carries `module`, e.g. {module: 'store'}. */
export function moduleLogger(root: Logger, module: string): Logger {
  return root.child({ module });
}

/** A logger that drops everything (tests, library use without logging). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
