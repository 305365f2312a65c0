import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../keys/clock.ts';
import { Checkpointer } from '../audit/checkpoints/checkpointer.ts';
import { AuditTrail } from '../audit/trail/audit-trail.ts';
import { AesGcmIdentifierProtector } from './aes-gcm-identifier-protector.ts';
import { CaseRegistry } from './case-registry.ts';
import { ConsentRegister } from './consent-register.ts';
import type { Database } from './database.ts';
import { DomainEventLog } from './domain-event-log.ts';
import { ExchangeFactsAssembler } from './exchange-facts-assembler.ts';
import { FormalRequestRegister } from './formal-request-register.ts';
import { LegalGroundRegister } from './legal-ground-register.ts';
import { NetworkDirectory } from './network-directory.ts';
import { openDatabase } from './open-database.ts';
import { ParticipantRegistry } from './participant-registry.ts';
import { PersonRegistry } from './person-registry.ts';
import { PushIdempotency } from './push-idempotency.ts';
import { PushOutbox } from './push-outbox.ts';
import { RetentionJob } from './retention-job.ts';
import type { SqlDialectName } from './sql-dialect-name.ts';

export interface BrokerStoreOptions {
  /** `sqlite:<file>`, `postgres://...` or `postgresql://...`. */
  readonly databaseUrl: string;
  /** At least 32 bytes; see identifier-secret.ts. */
  readonly identifierSecret: Uint8Array;
  readonly clock?: Clock;
}

/**
 * The storage and domain layer in one object: open it once at start (the schema is
 * migrated then), hand its parts to the routes, close it at shutdown.
 *
 * @example
 * const store = await BrokerStore.open({ databaseUrl: config.databaseUrl, identifierSecret });
 * const c = await store.cases.register('bonaire', actor, registration);
 */
export class BrokerStore {
  readonly dialect: SqlDialectName;
  readonly networks: NetworkDirectory;
  readonly cases: CaseRegistry;
  readonly persons: PersonRegistry;
  readonly participants: ParticipantRegistry;
  readonly consent: ConsentRegister;
  readonly legalGrounds: LegalGroundRegister;
  readonly formalRequests: FormalRequestRegister;
  readonly facts: ExchangeFactsAssembler;
  readonly retention: RetentionJob;
  readonly events: DomainEventLog;
  /** Pushed messages waiting for their recipients' adapters. */
  readonly outbox: PushOutbox;
  /** The Idempotency-Keys of pushes, so that a retried push is not sent twice. */
  readonly idempotency: PushIdempotency;
  /** Exchanges and decisions; domain changes reach the same chain through `events`. */
  readonly audit: AuditTrail;
  readonly checkpoints: Checkpointer;
  readonly #db: Kysely<Database>;

  private constructor(db: Kysely<Database>, dialect: SqlDialectName, options: BrokerStoreOptions) {
    const clock = options.clock ?? systemClock;
    this.#db = db;
    this.dialect = dialect;
    this.networks = new NetworkDirectory(db, clock);
    this.cases = new CaseRegistry(db, clock);
    this.persons = new PersonRegistry(
      db,
      clock,
      new AesGcmIdentifierProtector(options.identifierSecret),
    );
    this.participants = new ParticipantRegistry(db, clock);
    this.consent = new ConsentRegister(db, clock);
    this.legalGrounds = new LegalGroundRegister(db, clock);
    this.formalRequests = new FormalRequestRegister(db, clock);
    this.facts = new ExchangeFactsAssembler(db);
    this.retention = new RetentionJob(db);
    this.events = new DomainEventLog(db);
    this.outbox = new PushOutbox(db, clock, options.identifierSecret);
    this.idempotency = new PushIdempotency(db, clock);
    this.audit = new AuditTrail(db, clock);
    this.checkpoints = new Checkpointer(db, clock);
  }

  static async open(options: BrokerStoreOptions): Promise<BrokerStore> {
    const { db, dialect } = await openDatabase(options.databaseUrl);
    return new BrokerStore(db, dialect, options);
  }

  /** Commits the audit entries still pending, then closes the database. */
  async close(): Promise<void> {
    await this.audit.close();
    await this.#db.destroy();
  }
}
