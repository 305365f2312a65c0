import type { KeyObject } from 'node:crypto';
import {
  parseCheckpointNote,
  verifyCheckpointNote,
} from '../../../adapters/contract/checkpoint-note.ts';
import type { StoredAt, TrailReader } from './trail-reader.ts';
import type { ExternalProblem } from './verification-report.ts';

/** A checkpoint held outside the broker's database, as the verifier read it. */
export interface ExternalCheckpoint {
  /** Where it is held, for the report: `checkpoint log <file> line 12`, `witness <url>`. */
  readonly source: string;
  /** What it states; undefined when the source holds no checkpoint signed by the key there. */
  readonly signed: { readonly seq: number; readonly hash: string; readonly at: string } | undefined;
}

/** What the verifier learned from every external checkpoint. */
export interface ExternalFindings {
  readonly checked: number;
  /** The highest entry an external checkpoint covers, 0 when none does. */
  readonly latest: number;
  readonly firstProblem: ExternalProblem | null;
}

/** Lookups per query: a few thousand sequence numbers stay far below any bind limit. */
const BATCH = 1000;

/**
 * Of two problems, the one to name: the graver kind (a forged checkpoint, then entries
 * gone, then entries rewritten, then only a checkpoint lost), then the lowest entry; but of
 * the checkpoints beyond the end of a trail cut short, the latest, which says how much is gone.
 */
const RANK: Readonly<Record<ExternalProblem['kind'], number>> = {
  'not-signed': 0,
  'entries-removed': 1,
  'head-mismatch': 2,
  'checkpoint-missing': 3,
};

/**
 * An external checkpoint from its note: the statement when the note is signed by the
 * checkpoint key (under its origin's key name), else one that names its source as unsigned.
 */
export function externalCheckpoint(
  note: string,
  source: string,
  publicKey: KeyObject,
): ExternalCheckpoint {
  try {
    const parsed = parseCheckpointNote(note);
    if (!verifyCheckpointNote(parsed, publicKey)) return { source, signed: undefined };
    return { source, signed: { seq: parsed.size, hash: parsed.hash, at: parsed.at } };
  } catch {
    return { source, signed: undefined };
  }
}

/**
 * Holds the trail against checkpoints kept outside its database. Each must find the entry
 * it covers with the hash it signed (else entries were cut off, or the chain up to there
 * was rewritten with recomputed hashes) and its own row among the stored checkpoints (else
 * checkpoints were deleted, as one does before such a rewrite). `lastStored` is the
 * highest entry number stored, for saying how much is gone.
 */
export async function checkExternalCheckpoints(
  reader: TrailReader,
  sources: readonly AsyncIterable<ExternalCheckpoint>[],
  lastStored: number,
): Promise<ExternalFindings> {
  let checked = 0;
  let latest = 0;
  let matchedUpTo = 0;
  let firstProblem: ExternalProblem | null = null;
  const consider = (problem: ExternalProblem) => {
    if (firstProblem === null || precedes(problem, firstProblem)) firstProblem = problem;
  };
  const judge = async (batch: readonly ExternalCheckpoint[]) => {
    const signed = batch.flatMap(({ signed }) => (signed === undefined ? [] : [signed.seq]));
    const stored = new Map<number, StoredAt>();
    for (const row of signed.length === 0 ? [] : await reader.storedAt(signed)) {
      stored.set(Number(row.seq), row);
    }
    for (const { source, signed: statement } of batch) {
      checked += 1;
      if (statement === undefined) {
        consider({ kind: 'not-signed', source });
        continue;
      }
      const { seq, hash, at } = statement;
      latest = Math.max(latest, seq);
      const here = stored.get(seq);
      if (here?.entry_hash === null || here === undefined) {
        consider({ kind: 'entries-removed', source, seq, lastStored });
      } else if (here.entry_hash !== hash) {
        consider({ kind: 'head-mismatch', source, seq, matchedUpTo: 0 });
      } else {
        matchedUpTo = Math.max(matchedUpTo, seq);
        if (here.checkpoint_hash !== hash || here.checkpoint_at !== at) {
          consider({ kind: 'checkpoint-missing', source, seq });
        }
      }
    }
  };
  for (const source of sources) {
    let batch: ExternalCheckpoint[] = [];
    for await (const checkpoint of source) {
      batch.push(checkpoint);
      if (batch.length >= BATCH) {
        await judge(batch);
        batch = [];
      }
    }
    await judge(batch);
  }
  return { checked, latest, firstProblem: withMatchedPrefix(firstProblem, matchedUpTo) };
}

function precedes(a: ExternalProblem, b: ExternalProblem): boolean {
  if (a.kind !== b.kind || a.kind === 'not-signed' || b.kind === 'not-signed') {
    return RANK[a.kind] < RANK[b.kind];
  }
  if (beyondTheEnd(a) && beyondTheEnd(b)) return a.seq > b.seq;
  return a.seq < b.seq;
}

function beyondTheEnd(problem: ExternalProblem): boolean {
  return problem.kind === 'entries-removed' && problem.lastStored < problem.seq;
}

/**
 * A rewrite changes the hash of every entry from the first one it touched, so every
 * external checkpoint that still matches lies before it: the highest says where the
 * rewritten part starts at the latest.
 */
function withMatchedPrefix(
  problem: ExternalProblem | null,
  matchedUpTo: number,
): ExternalProblem | null {
  if (problem?.kind !== 'head-mismatch' || matchedUpTo >= problem.seq) return problem;
  return { ...problem, matchedUpTo };
}
