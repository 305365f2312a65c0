import type { Kysely } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { Clock } from '../../keys/clock.ts';
import { RecordConflictError } from '../errors/broker-error.ts';
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
  /** Years after which the trail's entries lose their subject, however long the case runs. */
  auditRetentionYears: z.int().min(1).max(30),
  /** The covenant's term on the shadow list before a case is reviewed (six months). */
  shadowReviewMonths: z.int().min(1).max(24),
});
export type NetworkInput = z.input<typeof networkInputSchema>;

export interface Network {
  readonly id: string;
  readonly name: string;
  readonly coordinatorOrganisation: string;
  readonly covenantVersion: string | null;
  readonly retentionYears: number;
  readonly auditRetentionYears: number;
  readonly shadowReviewMonths: number;
}

/**
 * The ZVH networks of one deployment. Who their partners are is not kept here: it is the
 * covenant in force and the partners' acceptances of it (covenant/covenant-parties.ts).
 * The `partners` table of earlier releases stays as it was, for history, and is no longer
 * read or written.
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
          audit_retention_years: network.auditRetentionYears,
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
          audit_retention_years: network.auditRetentionYears,
          shadow_review_months: network.shadowReviewMonths,
        },
      });
    });
    return network;
  }

  async getNetwork(id: string): Promise<Network> {
    const row = await this.#requireNetwork(this.#db, id);
    return {
      id: row.id,
      name: row.name,
      coordinatorOrganisation: row.coordinator_organisation,
      covenantVersion: row.covenant_version,
      retentionYears: row.retention_years,
      auditRetentionYears: row.audit_retention_years,
      shadowReviewMonths: row.shadow_review_months,
    };
  }

  async listNetworkIds(): Promise<string[]> {
    const rows = await this.#db.selectFrom('networks').select('id').orderBy('id').execute();
    return rows.map((row) => row.id);
  }

  async #requireNetwork(db: Kysely<Database>, id: string) {
    const row = await db.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new NotFoundError('network');
    return row;
  }
}
