import type { Kysely, Selectable } from 'kysely';
import type { CovenantDecision } from '../../adapters/contract/covenant-decision.ts';
import type { Clock } from '../../keys/clock.ts';
import { PartnerUnknownError, RecordConflictError } from '../errors/broker-error.ts';
import { type Actor, actorSchema } from '../store/actor.ts';
import type { CovenantDecisionsTable, CovenantVersionsTable, Database } from '../store/database.ts';
import { DomainEventLog } from '../store/domain-event-log.ts';
import { parseInput } from '../store/parse-input.ts';
import {
  type CovenantContent,
  checkProposedContent,
  readCovenantContent,
} from './covenant-content.ts';
import {
  CovenantDecisionConflictError,
  CovenantProposerRequiredError,
  CovenantVersionUnknownError,
} from './covenant-errors.ts';
import { canonicalCovenant, covenantVersionId } from './covenant-id.ts';
import type { VerifiedCovenantDecision } from './decision-signature.ts';

export interface CovenantVersion {
  readonly id: string;
  readonly network: string;
  readonly label: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly proposedAt: string;
  readonly proposedBy: Actor;
  readonly content: CovenantContent;
}

export interface RecordedCovenantDecision {
  readonly versionId: string;
  readonly organisation: string;
  readonly decision: CovenantDecision;
  readonly signedAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly jws: string;
  readonly certificatePem: string;
}

/** Who may propose: a process director of the organisation that coordinates the network. */
export interface Proposer extends Actor {
  readonly role: string;
}

/**
 * The covenant versions proposed in a network and the partners' signed decisions about
 * them. Both only grow (migration 0010): a version is its content, and a decision stands
 * until the organisation's next one. Every proposal and decision is an audit entry in the
 * transaction that records it.
 */
export class CovenantRegister {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Stores proposed content as a version of `network`, named by its digest. The proposer
   * must be a process director of the network's coordinating organisation, and the content
   * must pass checkProposedContent; the same content cannot be proposed twice.
   */
  async propose(
    network: string,
    content: unknown,
    proposer: Proposer,
    coordinator: string,
  ): Promise<CovenantVersion> {
    const by = parseInput(
      actorSchema,
      { organisation: proposer.organisation, user: proposer.user },
      'actor',
    );
    if (proposer.role !== 'process_director' || by.organisation !== coordinator) {
      throw new CovenantProposerRequiredError();
    }
    const checked = checkProposedContent(content);
    // The id covers the content as proposed, fields the broker does not read included:
    // that is what the policy bundle holds and what partners sign.
    const id = covenantVersionId(content);
    const at = this.#clock.now();
    const row: Selectable<CovenantVersionsTable> = {
      id,
      network_id: network,
      label: checked.version,
      content: canonicalCovenant(content),
      not_before: checked.not_before,
      not_after: checked.not_after,
      proposed_at: at.toISOString(),
      proposed_by_organisation: by.organisation,
      proposed_by_user: by.user,
    };
    await this.#db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('covenant_versions')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (existing !== undefined) throw new RecordConflictError(`${id} was already proposed`);
      await trx.insertInto('covenant_versions').values(row).execute();
      await DomainEventLog.append(trx, {
        type: 'covenant.proposed',
        network,
        actor: by,
        at,
        caseId: null,
        personPseudonym: null,
        details: {
          version_id: id,
          version: checked.version,
          not_before: checked.not_before,
          not_after: checked.not_after,
          partners: Object.keys(checked.partners).sort(),
        },
      });
    });
    return versionOf(row);
  }

  /**
   * Records a verified decision of the organisation whose certificate signed it. The
   * version must be one of this network's, name the organisation among its partners, and
   * the decision must follow the organisation's standing one: accept or reject when it
   * has none or revoked its acceptance, revoke only an acceptance. From the moment this
   * commits the decision counts (covenant-parties.ts).
   */
  async recordDecision(
    signed: VerifiedCovenantDecision,
    actor: Actor,
  ): Promise<RecordedCovenantDecision> {
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now();
    const recorded: RecordedCovenantDecision = {
      versionId: signed.version,
      organisation: signed.organisation,
      decision: signed.decision,
      signedAt: signed.signedAt.toISOString(),
      recordedAt: at.toISOString(),
      recordedBy: by.user,
      jws: signed.jws,
      certificatePem: signed.certificatePem,
    };
    try {
      await this.#db.transaction().execute(async (trx) => {
        const version = await requireVersion(trx, signed.network, signed.version);
        if (!Object.hasOwn(version.content.partners, signed.organisation)) {
          throw new PartnerUnknownError(
            signed.organisation,
            `${signed.network}'s covenant ${version.label}`,
          );
        }
        const standing = await trx
          .selectFrom('covenant_decisions')
          .select(['decision', 'position'])
          .where('version_id', '=', signed.version)
          .where('organisation_id', '=', signed.organisation)
          .orderBy('position', 'desc')
          .executeTakeFirst();
        checkTransition(standing?.decision ?? null, signed.decision);
        await trx
          .insertInto('covenant_decisions')
          .values({
            version_id: recorded.versionId,
            organisation_id: recorded.organisation,
            position: (standing?.position ?? 0) + 1,
            decision: recorded.decision,
            signed_at: recorded.signedAt,
            recorded_at: recorded.recordedAt,
            recorded_by_user: recorded.recordedBy,
            jws: recorded.jws,
            certificate_pem: recorded.certificatePem,
          })
          .execute();
        await DomainEventLog.append(trx, {
          type: 'covenant.decided',
          network: signed.network,
          actor: by,
          at,
          caseId: null,
          personPseudonym: null,
          details: {
            version_id: signed.version,
            version: version.label,
            organisation: signed.organisation,
            decision: signed.decision,
            signed_at: recorded.signedAt,
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new CovenantDecisionConflictError(
          `another decision of ${signed.organisation} about this version was recorded at the same moment`,
        );
      }
      throw error;
    }
    return recorded;
  }

  /** The network's versions, newest proposal first. */
  async versions(network: string): Promise<CovenantVersion[]> {
    const rows = await this.#db
      .selectFrom('covenant_versions')
      .selectAll()
      .where('network_id', '=', network)
      .orderBy('proposed_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(versionOf);
  }

  async version(network: string, id: string): Promise<CovenantVersion> {
    return requireVersion(this.#db, network, id);
  }

  /** Every decision about the versions, in the order they were recorded. */
  async decisions(versionIds: readonly string[]): Promise<RecordedCovenantDecision[]> {
    if (versionIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('covenant_decisions')
      .selectAll()
      .where('version_id', 'in', versionIds)
      .orderBy('seq')
      .execute();
    return rows.map(decisionOf);
  }
}

async function requireVersion(
  db: Kysely<Database>,
  network: string,
  id: string,
): Promise<CovenantVersion> {
  const row = await db
    .selectFrom('covenant_versions')
    .selectAll()
    .where('network_id', '=', network)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new CovenantVersionUnknownError(id);
  return versionOf(row);
}

function checkTransition(standing: string | null, next: CovenantDecision): void {
  if (next === 'revoke') {
    if (standing !== 'accept') {
      throw new CovenantDecisionConflictError('only a standing acceptance can be revoked');
    }
    return;
  }
  if (standing !== null && standing !== 'revoke') {
    throw new CovenantDecisionConflictError(
      `the organisation's decision about this version stands (${standing}); only an acceptance can be revoked`,
    );
  }
}

function versionOf(row: Selectable<CovenantVersionsTable>): CovenantVersion {
  return {
    id: row.id,
    network: row.network_id,
    label: row.label,
    notBefore: row.not_before,
    notAfter: row.not_after,
    proposedAt: row.proposed_at,
    proposedBy: { organisation: row.proposed_by_organisation, user: row.proposed_by_user },
    content: readCovenantContent(JSON.parse(row.content)),
  };
}

function decisionOf(row: Selectable<CovenantDecisionsTable>): RecordedCovenantDecision {
  return {
    versionId: row.version_id,
    organisation: row.organisation_id,
    decision: row.decision as CovenantDecision,
    signedAt: row.signed_at,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by_user,
    jws: row.jws,
    certificatePem: row.certificate_pem,
  };
}

/** PostgreSQL's unique_violation, SQLite's constraint codes for a unique or primary key. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
