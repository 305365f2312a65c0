import { signCheckpointNote } from '../../../adapters/contract/checkpoint-note.ts';
import type { CheckpointSigningKey } from './checkpoint-key.ts';
import type { Checkpoint } from './checkpointer.ts';

/** A signed checkpoint as it leaves the database: a C2SP note, with its size for ordering. */
export interface PublishedCheckpoint {
  readonly seq: number;
  readonly note: string;
}

/** The log identity in every note of a network's trail, and the key name it signs under. */
export function checkpointOrigin(network: string): string {
  return `zvh-broker/${network}/audit`;
}

/**
 * Signs a stored checkpoint as the note the log file and the witnesses receive. The note
 * states exactly the stored `seq`, `hash` and `at`, so the verifier can find it again.
 *
 * @example
 * const published = publishCheckpoint(checkpoint, checkpointOrigin('bonaire'), key);
 */
export function publishCheckpoint(
  checkpoint: Checkpoint,
  origin: string,
  key: CheckpointSigningKey,
): PublishedCheckpoint {
  return {
    seq: checkpoint.seq,
    note: signCheckpointNote(
      { origin, size: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at },
      key.privateKey,
    ),
  };
}
