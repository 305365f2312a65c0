import type { Migration, MigrationProvider } from 'kysely/migration';
import type { SqlDialectName } from '../sql-dialect-name.ts';
import { initialSchema } from './0001-initial-schema.ts';
import { auditTrail } from './0002-audit-trail.ts';
import { pushOutbox } from './0003-push-outbox.ts';
import { assertionClaims } from './0004-assertion-claims.ts';
import { pushIdempotency } from './0005-push-idempotency.ts';
import { auditEntryDetail } from './0006-audit-entry-detail.ts';
import { caseActions } from './0007-case-actions.ts';
import { caseStatistics } from './0008-case-statistics.ts';
import { auditSubjectErasure } from './0009-audit-subject-erasure.ts';
import { covenantVersions } from './0010-covenant-versions.ts';
import { decisionInputs } from './0011-decision-inputs.ts';
import { exceptionRevocation } from './0012-exception-revocation.ts';
import { auditContentErasure } from './0013-audit-content-erasure.ts';
import { personTurns16 } from './0014-person-turns-16.ts';
import { exceptionProviderDecisions } from './0015-exception-provider-decisions.ts';

/**
 * The migrations are modules compiled with the broker, not files found at run time: what
 * runs is what was type-checked and reviewed. Names sort in the order they apply.
 */
export class InCodeMigrationProvider implements MigrationProvider {
  readonly #dialect: SqlDialectName;

  constructor(dialect: SqlDialectName) {
    this.#dialect = dialect;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial-schema': initialSchema(this.#dialect),
      '0002-audit-trail': auditTrail(this.#dialect),
      '0003-push-outbox': pushOutbox(this.#dialect),
      '0004-assertion-claims': assertionClaims(),
      '0005-push-idempotency': pushIdempotency(),
      '0006-audit-entry-detail': auditEntryDetail(),
      '0007-case-actions': caseActions(),
      '0008-case-statistics': caseStatistics(),
      '0009-audit-subject-erasure': auditSubjectErasure(this.#dialect),
      '0010-covenant-versions': covenantVersions(this.#dialect),
      '0011-decision-inputs': decisionInputs(this.#dialect),
      '0012-exception-revocation': exceptionRevocation(),
      '0013-audit-content-erasure': auditContentErasure(this.#dialect),
      '0014-person-turns-16': personTurns16(),
      '0015-exception-provider-decisions': exceptionProviderDecisions(),
    };
  }
}
