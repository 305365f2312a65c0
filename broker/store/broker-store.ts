import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../keys/clock.ts';
import { AuditQueries } from '../audit/audit-queries.ts';
import { Checkpointer } from '../audit/checkpoints/checkpointer.ts';
import { AuditTrail } from '../audit/trail/audit-trail.ts';
import { TrailVocabulary } from '../audit/trail/trail-vocabulary.ts';
import { type ActiveCovenantLookup, CovenantParties } from '../covenant/covenant-parties.ts';
import { CovenantRegister } from '../covenant/covenant-register.ts';
import { DEFAULT_REPLAY_QUOTA, StoredReplayCache } from '../identity/replay-cache.ts';
import { NO_WORDS, type VocabularyLookup } from '../policy/covenant-vocabulary.ts';
import { CaseReports } from '../reports/case-report.ts';
import { AesGcmIdentifierProtector } from './aes-gcm-identifier-protector.ts';
import { CaseActions } from './case-actions.ts';
import { CaseProgressReader } from './case-progress.ts';
import { CaseRegistry } from './case-registry.ts';
import { ConsentRegister } from './consent-register.ts';
import type { Database } from './database.ts';
import { DecisionHistory } from './decision-history.ts';
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
import { VisibleCases } from './visible-cases.ts';

export interface BrokerStoreOptions {
  /** `sqlite:<file>`, `postgres://...` or `postgresql://...`. */
  readonly databaseUrl: string;
  /** At least 32 bytes; see identifier-secret.ts. */
  readonly identifierSecret: Uint8Array;
  /**
   * The covenant's words, the only category and field names the trail writes out; the
   * policy's (`policy.vocabulary`). Without it the trail writes none, only counts them.
   */
  readonly vocabulary?: VocabularyLookup;
  readonly clock?: Clock;
  /**
   * The covenant version the active policy bundle implements per network
   * (`policy.covenantVersionId`), asked on every use. Without it no covenant is in force
   * and no organisation is a party.
   */
  readonly activeCovenant?: ActiveCovenantLookup;
  /** Live user assertions one partner may have; 100,000 by default. */
  readonly replayQuotaPerPartner?: number;
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
  /** Covenant versions and the partners' signed decisions about them. */
  readonly covenants: CovenantRegister;
  /** Who is a party to the covenant in force: registration, case routes, participants, policy. */
  readonly parties: CovenantParties;
  readonly cases: CaseRegistry;
  readonly persons: PersonRegistry;
  readonly participants: ParticipantRegistry;
  /** Who sees which case: the case lists and every case route. */
  readonly visibleCases: VisibleCases;
  /** The joint plan's actions. */
  readonly actions: CaseActions;
  /** Phases, meetings and actions of a case, for its participants. */
  readonly progress: CaseProgressReader;
  readonly consent: ConsentRegister;
  readonly legalGrounds: LegalGroundRegister;
  readonly formalRequests: FormalRequestRegister;
  readonly facts: ExchangeFactsAssembler;
  /** The policy inputs of the decisions made, for the covenant impact report. */
  readonly decisions: DecisionHistory;
  readonly retention: RetentionJob;
  readonly events: DomainEventLog;
  /** Pushed messages waiting for their recipients' adapters. */
  readonly outbox: PushOutbox;
  /** The Idempotency-Keys of pushes, so that a retried push is not sent twice. */
  readonly idempotency: PushIdempotency;
  /** Exchanges and decisions; domain changes reach the same chain through `events`. */
  readonly audit: AuditTrail;
  readonly checkpoints: Checkpointer;
  /** The privacy officer's reads of the trail. */
  readonly auditQueries: AuditQueries;
  /** The user assertions accepted so far, so that none is accepted twice. */
  readonly replays: StoredReplayCache;
  /** The yearly report's tables, from the records closed cases leave behind. */
  readonly caseReports: CaseReports;
  readonly #db: Kysely<Database>;

  private constructor(db: Kysely<Database>, dialect: SqlDialectName, options: BrokerStoreOptions) {
    const clock = options.clock ?? systemClock;
    this.#db = db;
    this.dialect = dialect;
    this.networks = new NetworkDirectory(db, clock);
    this.covenants = new CovenantRegister(db, clock);
    this.parties = new CovenantParties(db, options.activeCovenant ?? (() => null), clock);
    this.cases = new CaseRegistry(db, clock, this.parties);
    this.persons = new PersonRegistry(
      db,
      clock,
      new AesGcmIdentifierProtector(options.identifierSecret),
    );
    this.participants = new ParticipantRegistry(db, clock, this.parties);
    this.visibleCases = new VisibleCases(db, clock, this.participants);
    this.actions = new CaseActions(db, clock);
    this.progress = new CaseProgressReader(db, this.actions);
    this.consent = new ConsentRegister(db, clock, this.parties);
    this.legalGrounds = new LegalGroundRegister(db, clock, this.parties);
    this.formalRequests = new FormalRequestRegister(db, clock, this.parties);
    this.facts = new ExchangeFactsAssembler(db, this.parties);
    this.decisions = new DecisionHistory(db);
    this.retention = new RetentionJob(db, dialect);
    this.events = new DomainEventLog(db);
    this.outbox = new PushOutbox(db, clock, options.identifierSecret);
    this.idempotency = new PushIdempotency(db, clock);
    this.audit = new AuditTrail(
      db,
      new TrailVocabulary(options.vocabulary ?? (() => NO_WORDS), options.identifierSecret),
      clock,
    );
    this.checkpoints = new Checkpointer(db, clock);
    this.auditQueries = new AuditQueries(db);
    this.caseReports = new CaseReports(db);
    this.replays = new StoredReplayCache(db, {
      quotaPerPartner: options.replayQuotaPerPartner ?? DEFAULT_REPLAY_QUOTA,
      // Claims and the trail share one database: a claim that cannot commit is an outage
      // of the trail too, which /health reports and the outage recorder probes.
      onCommitFailed: (error) => this.audit.commitFailed(error),
    });
  }

  static async open(options: BrokerStoreOptions): Promise<BrokerStore> {
    const { db, dialect } = await openDatabase(options.databaseUrl);
    return new BrokerStore(db, dialect, options);
  }

  /**
   * Commits the audit entries, assertion claims and decision inputs still pending, then
   * closes the database.
   */
  async close(): Promise<void> {
    await Promise.all([this.audit.close(), this.replays.close(), this.decisions.close()]);
    await this.#db.destroy();
  }
}
