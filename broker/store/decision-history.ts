import type { Insertable, Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Decision } from '../policy/decision.ts';
import type { ExchangeRequest } from '../policy/exchange-request.ts';
import type { Database, DecisionInputsTable } from './database.ts';
import { stringList } from './json-column.ts';

/** What the broker acted on, as the history keeps it: enough to compare per category. */
export interface KeptOutcome {
  readonly allow: boolean;
  /** The categories the decision permitted any field of. */
  readonly permittedCategories: readonly string[];
  readonly reasons: readonly { readonly code: string; readonly category?: string | undefined }[];
  readonly revision: string;
}

/** One kept decision: its policy input as the engine got it, and its outcome. */
export interface KeptDecision {
  readonly decidedAt: string;
  /** The ExchangeRequest of the release that decided, as JSON parsed back. */
  readonly input: unknown;
  readonly outcome: KeptOutcome;
}

/** A decision input that could not be kept: the exchange goes on, its path logs this. */
export class DecisionInputNotKeptError extends Error {
  override readonly name = 'DecisionInputNotKeptError';
}

interface PendingRow {
  readonly row: Insertable<DecisionInputsTable>;
  readonly resolve: () => void;
  readonly reject: (error: DecisionInputNotKeptError) => void;
}

/**
 * Waits before a write, so that the decisions of many exchanges share one commit (one
 * fsync on SQLite) instead of adding one to each exchange's path.
 */
const FLUSH_AFTER_MS = 100;
/** Rows per INSERT: 8 columns each stays far below either database's bind limit. */
const ROWS_PER_INSERT = 500;
/** A database that cannot keep up loses inputs rather than the broker's memory. */
const MAX_PENDING = 20_000;
/** Rows per read of the report's window. */
const PAGE_ROWS = 1_000;

const reasonsSchema = z
  .array(z.strictObject({ code: z.string().max(64), category: z.string().max(200).optional() }))
  .max(1_000);

/** Whether a decision lets any field of `category` go: the unit the impact report compares. */
export function permitsCategory(
  outcome: Pick<KeptOutcome, 'allow' | 'permittedCategories'>,
  category: string,
): boolean {
  return outcome.allow && outcome.permittedCategories.includes(category);
}

/** The outcome of a decision in the words the history keeps. */
export function keptOutcome(decision: Decision): KeptOutcome {
  return {
    allow: decision.allow,
    permittedCategories: Object.entries(decision.permitted)
      .filter(([, fields]) => fields.length > 0)
      .map(([category]) => category),
    reasons: decision.reasons.map((reason) =>
      reason.category === undefined
        ? { code: reason.code }
        : { code: reason.code, category: reason.category },
    ),
    revision: decision.revision,
  };
}

/**
 * The policy inputs of the pulls and pushes the broker decided, kept for the covenant
 * impact report (`broker/covenant/impact/`) for as long as their case's data. `keep` never
 * delays or changes an exchange: the input is queued and written with others a moment
 * later, and the promise it returns only says whether that write committed. The history
 * is a planning copy, not the record of what was released (the audit trail is, and it
 * gates every release): an input it loses makes a report count one decision fewer.
 *
 * @example
 * history.keep(request, decision).catch((error) => logger.error({ err: error }, '...'));
 * for await (const kept of history.between('bonaire', from, to)) { ... }
 */
export class DecisionHistory {
  readonly #db: Kysely<Database>;
  #pending: PendingRow[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #closed = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Queues the input and outcome of one decision; never throws. */
  keep(input: ExchangeRequest, decision: Decision): Promise<void> {
    if (this.#closed) return Promise.reject(new DecisionInputNotKeptError('history closed'));
    if (this.#pending.length >= MAX_PENDING) {
      return Promise.reject(new DecisionInputNotKeptError('history backlog full'));
    }
    let row: Insertable<DecisionInputsTable>;
    try {
      row = rowOf(input, decision);
    } catch (cause) {
      return Promise.reject(new DecisionInputNotKeptError('input not serialisable', { cause }));
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (this.#pending.length >= ROWS_PER_INSERT) this.#startWriting();
      else if (this.#timer === undefined && this.#writing === undefined) {
        this.#timer = setTimeout(() => this.#startWriting(), FLUSH_AFTER_MS);
        this.#timer.unref();
      }
    });
  }

  /** Resolves once every input kept so far is written or has failed. */
  async flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#writing !== undefined) {
      this.#startWriting();
      await this.#writing;
    }
  }

  /** Refuses further inputs and writes those still queued. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  /**
   * The kept decisions of a network made in [from, to), oldest first, read a page at a
   * time so that a long window does not have to fit in memory.
   */
  async *between(network: string, from: Date, to: Date): AsyncGenerator<KeptDecision> {
    let after: { readonly at: string; readonly seq: number } | undefined;
    for (;;) {
      let query = this.#db
        .selectFrom('decision_inputs')
        .selectAll()
        .where('network_id', '=', network)
        .where('decided_at', '>=', from.toISOString())
        .where('decided_at', '<', to.toISOString());
      if (after !== undefined) {
        const { at, seq } = after;
        query = query.where((eb) =>
          eb.or([
            eb('decided_at', '>', at),
            eb.and([eb('decided_at', '=', at), eb('seq', '>', seq)]),
          ]),
        );
      }
      const rows = await query.orderBy('decided_at').orderBy('seq').limit(PAGE_ROWS).execute();
      for (const row of rows) yield keptDecision(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_ROWS) return;
      after = { at: last.decided_at, seq: Number(last.seq) };
    }
  }

  #startWriting(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing ??= this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      await this.#write(this.#pending.splice(0, ROWS_PER_INSERT));
    }
    this.#writing = undefined;
  }

  async #write(batch: readonly PendingRow[]): Promise<void> {
    try {
      await this.#db
        .insertInto('decision_inputs')
        .values(batch.map((pending) => pending.row))
        .execute();
      for (const pending of batch) pending.resolve();
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(new DecisionInputNotKeptError('write failed', { cause: error }));
        return;
      }
    }
    // One row's case may have gone meanwhile (the retention job): the others still go in.
    for (const pending of batch) {
      try {
        await this.#db.insertInto('decision_inputs').values(pending.row).execute();
        pending.resolve();
      } catch (cause) {
        pending.reject(new DecisionInputNotKeptError('write failed', { cause }));
      }
    }
  }
}

function rowOf(input: ExchangeRequest, decision: Decision): Insertable<DecisionInputsTable> {
  const outcome = keptOutcome(decision);
  return {
    network_id: input.network,
    case_id: input.case.id,
    decided_at: input.at,
    input: JSON.stringify(input),
    decision: outcome.allow ? 'allow' : 'deny',
    permitted_categories: JSON.stringify(outcome.permittedCategories),
    reasons: JSON.stringify(outcome.reasons),
    policy_revision: outcome.revision,
  };
}

function keptDecision(row: Selectable<DecisionInputsTable>): KeptDecision {
  return {
    decidedAt: row.decided_at,
    input: JSON.parse(row.input),
    outcome: {
      allow: row.decision === 'allow',
      permittedCategories: stringList(row.permitted_categories),
      reasons: reasonsSchema.parse(JSON.parse(row.reasons)),
      revision: row.policy_revision,
    },
  };
}
