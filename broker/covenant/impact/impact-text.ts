import type { ImpactGroup, ImpactReport } from './impact-report.ts';

/**
 * The report as lines for a terminal: a heading, a line per group of changes, e.g.
 * `Jeugdzorg Caribisch Nederland (jeugdzorg-cn), case_meeting, police_incidents: 37 allowed
 * would be denied (CATEGORY_DISPROPORTIONATE)`, and the totals.
 */
export function impactLines(report: ImpactReport): string[] {
  const { totals } = report;
  return [
    `Impact of candidate ${report.candidateRevision} on network ${report.network}`,
    `Decisions from ${report.from} to ${report.to} (${report.days} days): ${report.decisions} decided again, ${report.changedDecisions} would change${report.unreadable > 0 ? `; ${report.unreadable} kept inputs unreadable, left out` : ''}`,
    ...(report.candidateTerm === null ||
    (report.candidateTerm.notBefore <= report.from && report.candidateTerm.notAfter >= report.to)
      ? []
      : [
          `The candidate's covenant runs from ${report.candidateTerm.notBefore} to ${report.candidateTerm.notAfter}; it decided as if in force over the whole window.`,
        ]),
    ...(report.unreadableByCandidate === 0
      ? []
      : [
          `${report.unreadableByCandidate} kept inputs the candidate cannot read (INPUT_INVALID), left out: kept before the policy's input changed shape, or the candidate no longer reads the input the broker gives.`,
        ]),
    ...(report.changes.length === 0 ? ['No decision would change.'] : report.changes.map(line)),
    `Total: ${totals.allowedToDenied} allowed would be denied, ${totals.deniedToAllowed} denied would be allowed, ${totals.unchanged} unchanged (categories of ${report.decisions} decisions)`,
  ];
}

function line(group: ImpactGroup): string {
  const partner =
    group.partner.name === null ? group.partner.id : `${group.partner.name} (${group.partner.id})`;
  const reasons = group.reasons.length === 0 ? 'no reason given' : group.reasons.join(', ');
  const change =
    group.change === 'allowed_to_denied'
      ? `${group.count} allowed would be denied (${reasons})`
      : `${group.count} denied would be allowed (denied for ${reasons})`;
  return `${partner}, ${group.purpose}, ${group.category}: ${change}`;
}
