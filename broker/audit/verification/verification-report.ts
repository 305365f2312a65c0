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

export interface VerificationReport {
  readonly intact: boolean;
  /** Entries found in order and intact before the first break (all of them when intact). */
  readonly entries: number;
  readonly checkpoints: number;
  readonly firstBreak: ChainBreak | null;
  readonly firstCheckpointProblem: CheckpointProblem | null;
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
  if (problems.length === 0) {
    const checkpoints = `${report.checkpoints} signed checkpoint${report.checkpoints === 1 ? '' : 's'}`;
    return `audit trail intact: ${report.entries} entries, ${checkpoints}`;
  }
  return `audit trail TAMPERED: ${problems.join('; ')}`;
}
