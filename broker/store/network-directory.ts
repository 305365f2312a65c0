import type { Kysely } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import { PartnerUnknownError, RecordConflictError } from '../errors/broker-error.ts';
import { type Actor, actorSchema } from './actor.ts';
import type { Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import { slugSchema } from './domain-vocabulary.ts';
import { parseInput } from './parse-input.ts';

const networkInputSchema = z.strictObject({
  id: slugSchema,
  name: z.string().trim().min(1).max(200),
  coordinatorOrganisation: slugSchema,
  covenantVersion: slugSchema.nullable(),
  retentionYears: z.int().min(1).max(30),
  /** The covenant's term on the shadow list before a case is reviewed (six months). */
  shadowReviewMonths: z.int().min(1).max(24),
});
export type NetworkInput = z.input<typeof networkInputSchema>;

const partnerInputSchema = z.strictObject({
  organisation: slugSchema,
  name: z.string().trim().min(1).max(200),
  domain: slugSchema,
  joinedAt: z.date(),
});
export type PartnerInput = z.input<typeof partnerInputSchema>;

export interface Network {
  readonly id: string;
  readonly name: string;
  readonly coordinatorOrganisation: string;
  readonly covenantVersion: string | null;
  readonly retentionYears: number;
  readonly shadowReviewMonths: number;
}

export interface Partner {
  readonly organisation: string;
  readonly name: string;
  readonly domain: string;
  readonly joinedAt: string;
  readonly withdrawnAt: string | null;
}

/**
 * The ZVH networks of one deployment and their partners. Partners come and go (one
 * withdrew from ZVH Bonaire in 2020): a withdrawal is recorded, never deleted, because
 * the cases of the past still name the partner.
 */
export class NetworkDirectory {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  async addNetwork(input: NetworkInput, actor: Actor): Promise<Network> {
    const network = parseInput(networkInputSchema, input, 'network');
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('networks')
        .select('id')
        .where('id', '=', network.id)
        .executeTakeFirst();
      if (existing !== undefined) throw new RecordConflictError(`network ${network.id} exists`);
      await trx
        .insertInto('networks')
        .values({
          id: network.id,
          name: network.name,
          coordinator_organisation: network.coordinatorOrganisation,
          covenant_version: network.covenantVersion,
          retention_years: network.retentionYears,
          shadow_review_months: network.shadowReviewMonths,
          created_at: at.toISOString(),
        })
        .execute();
      await DomainEventLog.append(trx, {
        type: 'network.added',
        network: network.id,
        actor: by,
        at,
        caseId: null,
        personPseudonym: null,
        details: {
          coordinator: network.coordinatorOrganisation,
          covenant_version: network.covenantVersion,
          retention_years: network.retentionYears,
          shadow_review_months: network.shadowReviewMonths,
        },
      });
    });
    return network;
  }

  async addPartner(networkId: string, input: PartnerInput, actor: Actor): Promise<Partner> {
    const partner = parseInput(partnerInputSchema, input, 'partner');
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      await this.#requireNetwork(trx, networkId);
      const existing = await trx
        .selectFrom('partners')
        .select('withdrawn_at')
        .where('network_id', '=', networkId)
        .where('organisation_id', '=', partner.organisation)
        .executeTakeFirst();
      if (existing !== undefined) {
        throw new RecordConflictError(`${partner.organisation} is already listed in ${networkId}`);
      }
      await trx
        .insertInto('partners')
        .values({
          network_id: networkId,
          organisation_id: partner.organisation,
          name: partner.name,
          domain: partner.domain,
          joined_at: partner.joinedAt.toISOString(),
          withdrawn_at: null,
        })
        .execute();
      await DomainEventLog.append(trx, {
        type: 'partner.added',
        network: networkId,
        actor: by,
        at,
        caseId: null,
        personPseudonym: null,
        details: { organisation: partner.organisation, domain: partner.domain },
      });
    });
    return {
      organisation: partner.organisation,
      name: partner.name,
      domain: partner.domain,
      joinedAt: partner.joinedAt.toISOString(),
      withdrawnAt: null,
    };
  }

  /** From now on the partner cannot register cases or be added to one. */
  async withdrawPartner(networkId: string, organisation: string, actor: Actor): Promise<void> {
    const by = parseInput(actorSchema, actor, 'actor');
    const at = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('partners')
        .set({ withdrawn_at: at.toISOString() })
        .where('network_id', '=', networkId)
        .where('organisation_id', '=', organisation)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new PartnerUnknownError(organisation, networkId);
      await DomainEventLog.append(trx, {
        type: 'partner.withdrawn',
        network: networkId,
        actor: by,
        at,
        caseId: null,
        personPseudonym: null,
        details: { organisation },
      });
    });
  }

  async getNetwork(id: string): Promise<Network> {
    const row = await this.#requireNetwork(this.#db, id);
    return {
      id: row.id,
      name: row.name,
      coordinatorOrganisation: row.coordinator_organisation,
      covenantVersion: row.covenant_version,
      retentionYears: row.retention_years,
      shadowReviewMonths: row.shadow_review_months,
    };
  }

  async listNetworkIds(): Promise<string[]> {
    const rows = await this.#db.selectFrom('networks').select('id').orderBy('id').execute();
    return rows.map((row) => row.id);
  }

  async listPartners(networkId: string): Promise<Partner[]> {
    const rows = await this.#db
      .selectFrom('partners')
      .selectAll()
      .where('network_id', '=', networkId)
      .orderBy('organisation_id')
      .execute();
    return rows.map((row) => ({
      organisation: row.organisation_id,
      name: row.name,
      domain: row.domain,
      joinedAt: row.joined_at,
      withdrawnAt: row.withdrawn_at,
    }));
  }

  async #requireNetwork(db: Kysely<Database>, id: string) {
    const row = await db.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new NotFoundError('network');
    return row;
  }
}
