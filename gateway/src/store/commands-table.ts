/** The commands journal: journal before sending, then record the outcome. */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { boundedJson, StoreInputError, validateCommand } from './validate';
import type { CommandInput, CommandOutcome, StoredCommand } from './types';

const OUTCOMES: readonly CommandOutcome[] = ['pending', 'sent', 'confirmed', 'failed', 'refused'];

interface CommandRow {
  seq: number;
  device: string;
  command: string;
  params: string;
  reason: StoredCommand['reason'];
  source: string;
  at: number;
  outcome: CommandOutcome;
  outcome_at: number | null;
  detail: string | null;
}

export class CommandsTable {
  private readonly insert: Transaction<(c: CommandInput, params: string) => number>;
  private readonly outcome: Statement;
  private readonly page: Statement;

  constructor(db: Database) {
    const row = db.prepare(
      "INSERT INTO commands (device, command, params, reason, source, at, outcome) VALUES (?, ?, ?, ?, ?, ?, 'pending')",
    );
    const count = db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'commands_count'");
    this.insert = db.transaction((c: CommandInput, params: string) => {
      const seq = Number(row.run(c.deviceId, c.command, params, c.reason, c.source, c.at).lastInsertRowid);
      count.run();
      return seq;
    });
    this.outcome = db.prepare('UPDATE commands SET outcome = ?, outcome_at = ?, detail = ? WHERE seq = ?');
    this.page = db.prepare(
      'SELECT * FROM commands WHERE seq > @after AND (@device IS NULL OR device = @device) ORDER BY seq LIMIT @limit',
    );
  }

  journal(c: CommandInput): StoredCommand {
    validateCommand(c);
    const params = boundedJson(c.params, 'command.params');
    return { ...c, seq: this.insert(c, params), outcome: 'pending' };
  }

  setOutcome(seq: number, outcome: CommandOutcome, at: number, detail?: string): void {
    if (!OUTCOMES.includes(outcome)) {
      throw new StoreInputError('command.outcome', `got ${String(outcome)}, expected one of ${OUTCOMES.join(', ')}`);
    }
    if (detail !== undefined && detail.length > 1024) {
      throw new StoreInputError('command.detail', `is ${detail.length} characters, at most 1024 allowed`);
    }
    const changes = this.outcome.run(outcome, at, detail ?? null, seq).changes;
    if (changes === 0) throw new StoreInputError('command.seq', `no journaled command with seq ${seq}`);
  }

  after(afterSeq: number, limit: number, filter: { deviceId?: string } = {}): StoredCommand[] {
    const rows = this.page.all({ after: afterSeq, device: filter.deviceId ?? null, limit }) as CommandRow[];
    return rows.map((r) => ({
      seq: r.seq,
      deviceId: r.device,
      command: r.command,
      params: JSON.parse(r.params) as Record<string, unknown>,
      reason: r.reason,
      source: r.source,
      at: r.at,
      outcome: r.outcome,
      ...(r.outcome_at === null ? {} : { outcomeAt: r.outcome_at }),
      ...(r.detail === null ? {} : { detail: r.detail }),
    }));
  }
}
