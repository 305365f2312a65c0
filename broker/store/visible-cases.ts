import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { NotFoundError, RequestInvalidError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import type { CasePhase } from '../../policies/vocabulary/case-phases.ts';
import { CASE_ROLES, type CaseRole } from '../../policies/vocabulary/case-roles.ts';
import { type CaseView, caseView } from './case-registry.ts';
import type { Database } from './database.ts';
import type { CaseType } from './domain-vocabulary.ts';
import type { ParticipantRegistry, ParticipantView } from './participant-registry.ts';
import { yearsBefore } from './retention-job.ts';

/**
 * Who asks: the certificate's organisation, the assertion's employee and the role the
 * assertion claims. The claim counts only for the process direction (below); in a case,
 * what an employee may do is what the case records for that employee.
 */
export interface CaseViewer {
  readonly organisation: string;
  readonly user: string;
  readonly claimedRole: CaseRole;
}

/** A case the viewer may see, its current participants, and the role the viewer acts in. */
export interface VisibleCase {
  readonly view: CaseView;
  readonly participants: readonly ParticipantView[];
  /** In an exchange; null for a colleague of a participant, who may not take part in one. */
  readonly role: CaseRole | null;
}

export const DEFAULT_CASE_PAGE_LIMIT = 25;
export const MAX_CASE_PAGE_LIMIT = 100;

export interface CaseListQuery {
  readonly phase?: CasePhase | undefined;
  readonly caseType?: CaseType | undefined;
  /** Registered at or after this instant (ISO 8601 in UTC, as stored). */
  readonly registeredFrom?: string | undefined;
  /** Registered before this instant. */
  readonly registeredTo?: string | undefined;
  readonly closedFrom?: string | undefined;
  readonly closedTo?: string | undefined;
  /** Only cases whose shadow-list review has come (true) or has not (false). */
  readonly reviewDue?: boolean | undefined;
  /** Only cases the viewer directs, as their process director or case director (or not). */
  readonly directedByMe?: boolean | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

export interface CasePage {
  /** Newest registration first. */
  readonly cases: readonly CaseView[];
  /** The cursor of the next (older) page; null on the last. */
  readonly next: string | null;
}

/**
 * The one rule for who sees which case, used by the case lists and by every case route.
 *
 * Membership is per organisation: an employee sees every case in which an employee of
 * their organisation currently takes part. The covenant binds organisations, consent is
 * given per recipient organisation, the policy's need-to-know asks whether the
 * organisation takes part (policies/zvh/exchange/need_to_know), and a push reaches the
 * organisation's adapter and so its own system: hiding the case from a colleague in the
 * broker protected nothing the protocol asks for, and left a case without anyone when its
 * participant was ill or on leave. So a colleague follows the case, its plan and progress,
 * and does what the case grants the organisation (the registrant's, the provider's, the
 * carrier of an action). What the case records per employee stays per employee: directing
 * it (case-guard.ts requireRole), and receiving or sending data about a person in a pull
 * or push, for which the process director adds the colleague to the case.
 *
 * The process direction, an employee of the network's coordinating organisation whose
 * assertion says process director, sees every case of the network, as it runs the process
 * for all of them. Nobody sees a case past its network's retention period or a case of
 * another network.
 */
export class VisibleCases {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #participants: ParticipantRegistry;

  constructor(db: Kysely<Database>, clock: Clock, participants: ParticipantRegistry) {
    this.#db = db;
    this.#clock = clock;
    this.#participants = participants;
  }

  /**
   * The case, or exactly the NotFoundError of a case that does not exist.
   *
   * @example
   * const { view, role } = await store.visibleCases.one('bonaire', caseId, viewer);
   */
  async one(network: string, caseId: string, viewer: CaseViewer): Promise<VisibleCase> {
    const now = this.#clock.now();
    const visible = await this.#visible(network, viewer, now);
    const row = await visible.query.where('cases.id', '=', caseId).executeTakeFirst();
    if (row === undefined) throw new NotFoundError('case');
    const participants = await this.#participants.list(network, caseId);
    return {
      view: caseView(row, now),
      participants,
      role: roleInCase(participants, viewer, visible.processDirection),
    };
  }

  /**
   * A page of the cases the viewer may see, newest registration first. The cursor names
   * the last case of the page by its registration time and id, so a case registered while
   * someone pages never shifts or repeats a later page.
   *
   * @example
   * const page = await store.visibleCases.page('bonaire', viewer, { reviewDue: true });
   */
  async page(network: string, viewer: CaseViewer, query: CaseListQuery): Promise<CasePage> {
    const now = this.#clock.now();
    const limit = Math.min(query.limit ?? DEFAULT_CASE_PAGE_LIMIT, MAX_CASE_PAGE_LIMIT);
    let select = (await this.#visible(network, viewer, now)).query;
    if (query.phase !== undefined) select = select.where('cases.phase', '=', query.phase);
    if (query.caseType !== undefined) {
      select = select.where('cases.case_type', '=', query.caseType);
    }
    if (query.registeredFrom !== undefined) {
      select = select.where('cases.registered_at', '>=', query.registeredFrom);
    }
    if (query.registeredTo !== undefined) {
      select = select.where('cases.registered_at', '<', query.registeredTo);
    }
    if (query.closedFrom !== undefined) {
      select = select.where('cases.closed_at', '>=', query.closedFrom);
    }
    if (query.closedTo !== undefined) select = select.where('cases.closed_at', '<', query.closedTo);
    if (query.reviewDue !== undefined) {
      const due = now.toISOString();
      select = query.reviewDue
        ? select.where('cases.phase', '=', 'shadow_list').where('cases.shadow_review_at', '<=', due)
        : select.where((eb) =>
            eb.or([
              eb('cases.phase', '!=', 'shadow_list'),
              eb('cases.shadow_review_at', 'is', null),
              eb('cases.shadow_review_at', '>', due),
            ]),
          );
    }
    if (query.directedByMe !== undefined) {
      const directs = (eb: ExpressionBuilder<Database, 'cases'>) =>
        eb.exists(
          eb
            .selectFrom('participants')
            .select('participants.id')
            .whereRef('participants.case_id', '=', 'cases.id')
            .where('participants.organisation_id', '=', viewer.organisation)
            .where('participants.user_id', '=', viewer.user)
            .where('participants.role', 'in', ['process_director', 'case_director'])
            .where('participants.removed_at', 'is', null),
        );
      select = query.directedByMe
        ? select.where(directs)
        : select.where((eb) => eb.not(directs(eb)));
    }
    if (query.cursor !== undefined) {
      const after = decodeCaseCursor(query.cursor);
      select = select.where((eb) =>
        eb.or([
          eb('cases.registered_at', '<', after.registeredAt),
          eb.and([
            eb('cases.registered_at', '=', after.registeredAt),
            eb('cases.id', '<', after.id),
          ]),
        ]),
      );
    }
    const rows = await select
      .orderBy('cases.registered_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      cases: page.map((row) => caseView(row, now)),
      next: rows.length > limit && last !== undefined ? encodeCaseCursor(last) : null,
    };
  }

  async #visible(
    network: string,
    viewer: CaseViewer,
    now: Date,
  ): Promise<{
    readonly query: SelectQueryBuilder<Database, 'cases', Database['cases']>;
    readonly processDirection: boolean;
  }> {
    const row = await this.#db
      .selectFrom('networks')
      .select(['retention_years', 'coordinator_organisation'])
      .where('id', '=', network)
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('case');
    const cutoff = yearsBefore(now, row.retention_years);
    const processDirection =
      viewer.claimedRole === 'process_director' &&
      viewer.organisation === row.coordinator_organisation;
    let query = this.#db
      .selectFrom('cases')
      .selectAll('cases')
      .where('cases.network_id', '=', network)
      .where((eb) =>
        eb.or([
          eb('cases.phase', '!=', 'closed'),
          eb('cases.closed_at', 'is', null),
          eb('cases.closed_at', '>', cutoff),
        ]),
      );
    if (!processDirection) {
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('participants')
            .select('participants.id')
            .whereRef('participants.case_id', '=', 'cases.id')
            .where('participants.organisation_id', '=', viewer.organisation)
            .where('participants.removed_at', 'is', null),
        ),
      );
    }
    return { query, processDirection };
  }
}

/**
 * The role the viewer acts in, in an exchange: the most privileged the case records for
 * this employee, or process director for the process direction. A colleague of a
 * participant has none: receiving data about a person needs the employee's own place in
 * the case, recorded (and audited) when the process director adds them.
 */
function roleInCase(
  participants: readonly ParticipantView[],
  viewer: CaseViewer,
  processDirection: boolean,
): CaseRole | null {
  const own = participants
    .filter((p) => p.organisation === viewer.organisation && p.user === viewer.user)
    .map((p) => p.role)
    .sort((a, b) => CASE_ROLES.indexOf(a) - CASE_ROLES.indexOf(b));
  return own[0] ?? (processDirection ? 'process_director' : null);
}

/**
 * The last case of a page, by registration time and id, as the store keeps them. Any text
 * of this shape is a valid place to continue from, so the pattern in the API document is
 * the whole rule.
 */
export const CASE_CURSOR_PATTERN =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

function encodeCaseCursor(row: { registered_at: string; id: string }): string {
  return `${row.registered_at}_${row.id}`;
}

function decodeCaseCursor(cursor: string): { registeredAt: string; id: string } {
  const match = CASE_CURSOR_PATTERN.exec(cursor);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new RequestInvalidError('cursor is not one this API handed out');
  }
  return { registeredAt: match[1], id: match[2] };
}
