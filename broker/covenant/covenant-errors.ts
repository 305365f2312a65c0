import { BrokerError } from '../errors/broker-error.ts';

/** The caller's organisation has no standing acceptance of the covenant version in force. */
export class PartnerNotSignatoryError extends BrokerError {
  declare readonly code: 'PARTNER_NOT_SIGNATORY';

  constructor(organisation: string, network: string) {
    super(
      'PARTNER_NOT_SIGNATORY',
      `${organisation} is not a party to the covenant of ${network} in force: it has not accepted it, or revoked its acceptance`,
    );
  }
}

/** No covenant version of the network is in force now: no partner is a party. */
export class CovenantNotInForceError extends BrokerError {
  declare readonly code: 'COVENANT_NOT_IN_FORCE';

  constructor(network: string, why: string) {
    super('COVENANT_NOT_IN_FORCE', `no covenant of ${network} is in force: ${why}`);
  }
}

export class CovenantProposerRequiredError extends BrokerError {
  declare readonly code: 'COVENANT_PROPOSER_REQUIRED';

  constructor() {
    super(
      'COVENANT_PROPOSER_REQUIRED',
      "a covenant version is proposed by a process director of the network's coordinating organisation",
    );
  }
}

export class CovenantVersionUnknownError extends BrokerError {
  declare readonly code: 'COVENANT_VERSION_UNKNOWN';

  constructor(id: string) {
    super('COVENANT_VERSION_UNKNOWN', `no covenant version ${id} was proposed in this network`);
  }
}

export class CovenantDecisionConflictError extends BrokerError {
  declare readonly code: 'COVENANT_DECISION_CONFLICT';

  constructor(detail: string) {
    super('COVENANT_DECISION_CONFLICT', detail);
  }
}

/** `issues` name every problem of the content as `path: rule`. */
export class CovenantContentInvalidError extends BrokerError {
  declare readonly code: 'COVENANT_CONTENT_INVALID';

  constructor(issues: readonly string[]) {
    super('COVENANT_CONTENT_INVALID', 'the covenant content is not valid', { issues });
  }
}

/** `reason` goes to the log; the caller learns only that its signature was not accepted. */
export class CovenantSignatureInvalidError extends BrokerError {
  declare readonly code: 'COVENANT_SIGNATURE_INVALID';

  constructor(reason: string) {
    super('COVENANT_SIGNATURE_INVALID', `the signed decision is not accepted: ${reason}`);
  }
}
