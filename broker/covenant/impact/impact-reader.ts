import { BrokerError } from '../../errors/broker-error.ts';
import type { ImpactReader } from './impact-read.ts';

/**
 * Who may run the impact report of a candidate: the process director of the network's
 * coordinating organisation, who proposes covenant versions, and its privacy officer. The
 * report decides again the kept inputs of every partner's cases, so a partner's own
 * officer, who oversees only its organisation, is not one of them.
 *
 * @example
 * if (!mayReadImpactReport(reader, coordinatorOrganisation)) throw new CovenantImpactReaderRequiredError();
 */
export function mayReadImpactReport(
  reader: { readonly organisation: string; readonly role: string },
  coordinatorOrganisation: string,
): reader is { readonly organisation: string; readonly role: ImpactReader['role'] } {
  return (
    reader.organisation === coordinatorOrganisation &&
    (reader.role === 'process_director' || reader.role === 'privacy_officer')
  );
}

export class CovenantImpactReaderRequiredError extends BrokerError {
  declare readonly code: 'COVENANT_IMPACT_READER_REQUIRED';

  constructor() {
    super(
      'COVENANT_IMPACT_READER_REQUIRED',
      "the impact report of a candidate needs the role process_director or privacy_officer at the network's coordinating organisation",
    );
  }
}
