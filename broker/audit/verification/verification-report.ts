/**
 * `altered`: the entry's content no longer matches its hash (or, for the entry before a
 * link that breaks, its re-computed hash no longer matches what the next entry committed
 * to). `removed`: a number is missing. `reordered`: an intact entry stands in another
 * entry's place.
 */
export type ChainBreakKind = 'altered' | 'removed' | 'reordered';

export interface ChainBreak {
  /** The first entry, by sequence number, that is not as it was appended. */
  readonly seq: number;
  readonly kind: ChainBreakKind;
}

/**
 * `signature-invalid`: not signed by the checkpoint key, or the signed statement and the
 * stored columns differ. `head-mismatch`: validly signed, but the entry at its sequence
 * number has another hash now, so the chain up to there was rewritten.
 */
export interface CheckpointProblem {
  readonly seq: number;
  readonly kind: 'signature-invalid' | 'head-mismatch';
}

/**
 * What a checkpoint held outside the database (the checkpoint log, a witness) shows.
 * `not-signed`: the source holds something that is not a checkpoint signed by the key.
 * `entries-removed`: the trail lacks the entry the checkpoint covers: cut short or wiped.
 * `head-mismatch`: that entry has another hash than was signed: the chain up to it was
 * rewritten (after entry `matchedUpTo`, the last an external checkpoint still matches).
 * `checkpoint-missing`: the entry matches, but the database lost the signed checkpoint.
 */
export type ExternalProblem =
  | { readonly kind: 'not-signed'; readonly source: string }
  | {
      readonly kind: 'entries-removed';
      readonly source: string;
      readonly seq: number;
      /** The highest entry number still stored. */
      readonly lastStored: number;
    }
  | {
      readonly kind: 'head-mismatch';
      readonly source: string;
      readonly seq: number;
      readonly matchedUpTo: number;
    }
  | { readonly kind: 'checkpoint-missing'; readonly source: string; readonly seq: number };

export interface VerificationReport {
  readonly intact: boolean;
  /** Entries found in order and intact before the first break (all of them when intact). */
  readonly entries: number;
  /** Of those, entries whose subject was erased (their case's retention past): not altered. */
  readonly erased: number;
  readonly checkpoints: number;
  readonly firstBreak: ChainBreak | null;
  readonly firstCheckpointProblem: CheckpointProblem | null;
  /** Null when the verifier was given no external checkpoint source. */
  readonly external: {
    readonly checked: number;
    /** The highest entry an external checkpoint covers, 0 when none does. */
    readonly latest: number;
    readonly firstProblem: ExternalProblem | null;
  } | null;
}

/** One line for an operator, naming the first bad entry or checkpoint. */
export function describeReport(report: VerificationReport): string {
  const problems: string[] = [];
  if (report.firstBreak !== null) {
    problems.push(`entry ${report.firstBreak.seq} was ${report.firstBreak.kind}`);
  }
  if (report.firstCheckpointProblem !== null) {
    const { seq, kind } = report.firstCheckpointProblem;
    problems.push(
      kind === 'signature-invalid'
        ? `checkpoint at entry ${seq} has an invalid signature`
        : `checkpoint at entry ${seq} does not match the chain (rewritten up to there)`,
    );
  }
  if (report.external?.firstProblem) problems.push(describeExternal(report.external.firstProblem));
  if (problems.length === 0) {
    const checkpoints = `${report.checkpoints} signed checkpoint${report.checkpoints === 1 ? '' : 's'}`;
    const external =
      report.external === null
        ? ''
        : `; agrees with ${plural(report.external.checked, 'external checkpoint')}` +
          (report.external.latest > 0 ? ` up to entry ${report.external.latest}` : '');
    const erased = report.erased === 0 ? '' : ` (${report.erased} with their subject erased)`;
    return `audit trail intact: ${report.entries} entries${erased}, ${checkpoints}${external}`;
  }
  return `audit trail TAMPERED: ${problems.join('; ')}`;
}

function describeExternal(problem: ExternalProblem): string {
  switch (problem.kind) {
    case 'not-signed':
      return `${problem.source} is not a checkpoint signed by the checkpoint key`;
    case 'entries-removed': {
      const { seq, lastStored, source } = problem;
      const gone =
        lastStored < seq
          ? `entries ${lastStored + 1} to ${seq} were removed (the trail ends at entry ${lastStored})`
          : `entry ${seq} was removed`;
      return `${gone}: ${source} holds a signed checkpoint at entry ${seq}`;
    }
    case 'head-mismatch': {
      const from = problem.matchedUpTo > 0 ? ` after entry ${problem.matchedUpTo}` : '';
      return `entry ${problem.seq} does not match the signed checkpoint in ${problem.source}: the trail was rewritten${from} up to entry ${problem.seq}`;
    }
    case 'checkpoint-missing':
      return `the signed checkpoint at entry ${problem.seq} in ${problem.source} is missing from the database`;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
