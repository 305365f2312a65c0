import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { CodedError } from '../../adapters/contract/coded-error.ts';
import { formatTraceparent } from '../../adapters/contract/trace-context.ts';
import type { UserAssertion } from '../../keys/assertion/user-assertion.ts';
import type { AuditTrail } from '../audit/trail/audit-trail.ts';
import type { Logger } from '../log/logger.ts';
import type { PersonRegistry } from '../store/person-registry.ts';
import type { PartnerVariables } from './identity-middleware.ts';
import type { RefusalThrottle } from './refusal-throttle.ts';

/** The refusals a caller can learn from by trying: who it is, what exists, what it may do. */
const AUDITED_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 409, 422]);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CASE_PATH = new RegExp(`^/v1/cases/(${UUID})(?:/persons/(${UUID}))?(?:/|$)`);

export interface RefusalAuditDependencies {
  readonly trail: Pick<AuditTrail, 'append'>;
  /** The pseudonym of a person a refused request named, so a search by person finds it. */
  readonly persons: Pick<PersonRegistry, 'pseudonymInCase'>;
  readonly network: string;
  readonly logger: Logger;
  /** Spends a refusal of the organisation's budget for each refusal entered. */
  readonly throttle: Pick<RefusalThrottle, 'spend'>;
}

/**
 * Records every request refused once the caller's organisation is known from its
 * certificate (a wrong assertion, a missing role, a case it does not take part in, a
 * conflict) as an `access.refused` entry: organisation, user if the assertion was
 * verified, method, route template, the case (and person) it named and the code. An organisation
 * probing case ids so leaves a trace a privacy officer can find. Mount it between
 * `requirePartner` and `requireUser`. The refusal stands whether or not its entry commits.
 *
 * @example
 * app.use('/v1/*', requirePartner(identity), auditRefusals(deps), requireUser(assertions));
 */
export function auditRefusals(deps: RefusalAuditDependencies) {
  return createMiddleware<{
    Variables: PartnerVariables & { user: UserAssertion | undefined };
  }>(async (c, next) => {
    await next();
    const status = c.res.status;
    if (!AUDITED_STATUSES.has(status)) return;
    deps.throttle.spend(c.get('partner').organisation);
    const user = c.get('user');
    const [, caseId, personId] = CASE_PATH.exec(c.req.path) ?? [];
    const personPseudonym =
      caseId === undefined || personId === undefined
        ? undefined
        : await deps.persons.pseudonymInCase(caseId, personId).catch(() => undefined);
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path ?? null;
    const code =
      c.error instanceof CodedError
        ? c.error.code
        : status === 404
          ? 'NOT_FOUND'
          : `HTTP_${status}`;
    await deps.trail
      .append({
        type: 'access.refused',
        network: deps.network,
        requester: {
          organisation: c.get('partner').organisation,
          ...(user === undefined ? {} : { user: user.userId, role: user.role }),
        },
        ...(caseId === undefined ? {} : { caseId }),
        ...(personPseudonym === undefined ? {} : { personPseudonym }),
        decision: 'deny',
        requestId: c.get('requestId'),
        traceparent: formatTraceparent(c.get('trace')),
        details: { method: c.req.method, route, status, code },
      })
      .catch((error: unknown) =>
        deps.logger.error(
          { err: error, requestId: c.get('requestId') },
          'audit append of a refused request failed',
        ),
      );
  });
}
