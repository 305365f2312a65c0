import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../keys/clock.ts';
import { parseCheckpointNote, verifyCheckpointNote } from '../contract/checkpoint-note.ts';
import {
  CheckpointInconsistentError,
  CheckpointSignatureInvalidError,
  CheckpointStaleError,
} from './adapter-error.ts';
import type { AdapterStateDb } from './adapter-state.ts';

export interface WitnessOptions {
  /**
   * The broker's checkpoint public key: when given, a note not signed by it is refused.
   * Without it the witness relies on mutual TLS (only the broker can offer) and whoever
   * reads the checkpoint back checks the signature.
   */
  readonly checkpointKey?: KeyObject | undefined;
}

/**
 * This adapter as a witness of the broker's audit trail: it keeps, outside the broker's
 * database, the latest signed checkpoint it was offered. It never goes back: an offer of
 * a shorter trail, of the same length with another head, or of another log is refused,
 * so someone who cuts the trail short or rewrites it cannot have the witness agree.
 *
 * @example
 * const witness = new CheckpointWitness(db, systemClock);
 * await witness.offer(note); // true when it now holds this note, false when it already did
 */
export class CheckpointWitness {
  readonly #db: AdapterStateDb;
  readonly #clock: Clock;
  readonly #checkpointKey: KeyObject | undefined;

  constructor(db: AdapterStateDb, clock: Clock, options: WitnessOptions = {}) {
    this.#db = db;
    this.#clock = clock;
    this.#checkpointKey = options.checkpointKey;
  }

  /**
   * Takes a newer checkpoint and returns whether it stored it (false: it held this one).
   * Throws REQUEST_INVALID for a malformed note and the CHECKPOINT_* errors for a refusal.
   */
  async offer(note: string): Promise<{ readonly size: number; readonly stored: boolean }> {
    const offered = parseCheckpointNote(note);
    if (this.#checkpointKey !== undefined && !verifyCheckpointNote(offered, this.#checkpointKey)) {
      throw new CheckpointSignatureInvalidError();
    }
    // One connection, and the read and the write in one transaction: no two offers interleave.
    return this.#db.transaction().execute(async (trx) => {
      const held = await trx
        .selectFrom('witnessed_checkpoint')
        .select(['origin', 'size', 'hash'])
        .executeTakeFirst();
      if (held !== undefined) {
        if (held.origin !== offered.origin) {
          throw new CheckpointInconsistentError(`another log (${offered.origin})`);
        }
        if (held.size > offered.size) throw new CheckpointStaleError(held.size, offered.size);
        if (held.size === offered.size) {
          if (held.hash !== offered.hash) {
            throw new CheckpointInconsistentError(`another head at size ${held.size}`);
          }
          return { size: held.size, stored: false };
        }
      }
      await trx
        .insertInto('witnessed_checkpoint')
        .values({
          origin: offered.origin,
          size: offered.size,
          hash: offered.hash,
          note,
          received_at: this.#clock.now().toISOString(),
        })
        .onConflict((conflict) =>
          conflict.column('origin').doUpdateSet((eb) => ({
            size: eb.ref('excluded.size'),
            hash: eb.ref('excluded.hash'),
            note: eb.ref('excluded.note'),
            received_at: eb.ref('excluded.received_at'),
          })),
        )
        .execute();
      return { size: offered.size, stored: true };
    });
  }

  /** The note of the latest checkpoint held, or undefined before the first. */
  async latest(): Promise<string | undefined> {
    const row = await this.#db.selectFrom('witnessed_checkpoint').select('note').executeTakeFirst();
    return row?.note;
  }
}
