import { expect } from 'vitest';
import type { ReleaseEntry } from '../../adapters/kit/release-log.ts';
import type { ReferencePartnerId } from '../../adapters/reference/reference-partners.ts';
import type { SamplePerson } from '../../adapters/reference/sample-persons.ts';
import type { RunningReferenceAdapter } from '../../adapters/reference/start-reference-adapter.ts';
import type { BrokerStore } from '../../broker/store/broker-store.ts';
import type { ExceptionReason, StatementGiver } from '../../broker/store/domain-vocabulary.ts';
import { DOMESTIC_VIOLENCE } from '../../demo/demo-cases.ts';
import type { ApiClient, ApiResponse, Caller } from './api-client.ts';
import { withDatabase } from './audit.ts';
import { REGISTRATION } from './case-fixtures.ts';
import { type MonitoredCase, monitoredCase } from './case-setup.ts';
import { ORGANISATIONS as CAST_ORGANISATIONS, cast, outsider } from './cast.ts';
import type { Holder } from './certificates.ts';
import type { TestClock } from './clock.ts';

const DAY_MS = 86_400_000;

/** The partners a scenario acts for: the API tests' cast, and a youth partner without a health basis. */
export const ORGANISATIONS = [...CAST_ORGANISATIONS, 'voogdijraad-cn'] as const;
export type ScenarioOrganisation = (typeof ORGANISATIONS)[number];

/** Known to the police, the school and youth care; not to mental health care. */
export const DAUGHTER = DOMESTIC_VIOLENCE.daughter;
/** In treatment at mental health care. */
export const MOTHER = DOMESTIC_VIOLENCE.mother;

export type PullResult =
  | {
      provider: string;
      status: 'data';
      exchangeId: string;
      purpose: string;
      data: Record<string, Record<string, unknown>[]>;
      withheld: Record<string, string[]>;
    }
  | { provider: string; status: 'denied'; reasons: string[] }
  | { provider: string; status: 'unavailable' };

/** An exchange entry of the audit trail, its JSON columns parsed. */
export interface ExchangeEntry {
  readonly requester: string | null;
  readonly provider: string | null;
  readonly purpose: string | null;
  readonly decision: string | null;
  readonly reasons: string[];
  readonly categories: string[];
  readonly fields: string[];
  readonly droppedFields: string[];
  readonly grounds: Record<string, { type: string; id: string }>;
  readonly exchangeId: string;
  readonly payloadSha256: string | null;
}

/** One broker, its database and the callers of the scenario's case. */
export class Scenario {
  readonly api: ApiClient;
  readonly store: BrokerStore;
  readonly people: ReturnType<typeof cast> & {
    /** Youth partner without a basis for health data. */
    readonly guardianshipCouncil: Caller;
    /** A covenant partner that takes no part in the scenario's case. */
    readonly outsider: Caller;
  };
  readonly #clock: TestClock;
  readonly #url: string;
  readonly #adapters: Record<ReferencePartnerId, RunningReferenceAdapter>;

  constructor(
    api: ApiClient,
    holders: Record<ScenarioOrganisation, Holder>,
    clock: TestClock,
    store: BrokerStore,
    url: string,
    adapters: Record<ReferencePartnerId, RunningReferenceAdapter>,
  ) {
    this.api = api;
    this.store = store;
    this.people = {
      ...cast(holders),
      guardianshipCouncil: {
        organisation: 'voogdijraad-cn',
        holder: holders['voogdijraad-cn'],
        user: 'raadsonderzoeker-3',
        role: 'case_participant',
      },
      outsider: outsider(holders),
    };
    this.#clock = clock;
    this.#url = url;
    this.#adapters = adapters;
  }

  /** From now on the store records changes as made at `at`. */
  recordAt(at: Date): void {
    this.#clock.set(at.toISOString());
  }

  /** The scenario's case in monitoring with the whole cast and one person, recorded at `at`. */
  async caseInMonitoring(person: SamplePerson, at = hoursAgo(1)): Promise<MonitoredCase> {
    this.recordAt(at);
    return monitoredCase(this.api, this.people, person.nationalId);
  }

  /** A registration the process director took up in triage, with one person, recorded at `at`. */
  async caseInTriage(person: SamplePerson, at = hoursAgo(1)): Promise<MonitoredCase> {
    this.recordAt(at);
    const { registrant, processDirector } = this.people;
    const registered = await this.#ok(this.api.call(registrant, 'POST', '/v1/cases', REGISTRATION));
    await this.#ok(
      this.api.call(processDirector, 'POST', `/v1/cases/${registered.id}/transitions`, {
        action: 'start_triage',
      }),
    );
    const added = await this.#ok(
      this.api.call(registrant, 'POST', `/v1/cases/${registered.id}/persons`, {
        nationalId: person.nationalId,
        ageBand: person.ageBand,
        gender: person.gender,
      }),
    );
    return { caseId: registered.id, personId: added.id };
  }

  async addParticipant(caseId: string, who: Caller): Promise<void> {
    await this.#ok(
      this.api.call(this.people.processDirector, 'POST', `/v1/cases/${caseId}/participants`, {
        organisation: who.organisation,
        user: who.user,
        role: who.role,
      }),
    );
  }

  /**
   * Consent given a day before it was recorded; `null` covers every category. The
   * scenario's persons are registered as children, so their legal representative gives it.
   */
  async consent(
    { caseId, personId }: MonitoredCase,
    recipient: string,
    categories: readonly string[] | null = null,
    givenBy: StatementGiver = 'legal_representative',
  ): Promise<string> {
    return this.#statement('consents', { caseId, personId }, recipient, categories, givenBy);
  }

  async objection(
    { caseId, personId }: MonitoredCase,
    recipient: string,
    categories: readonly string[] | null = null,
  ): Promise<string> {
    return this.#statement('objections', { caseId, personId }, recipient, categories, 'person');
  }

  async withdrawConsent({ caseId }: MonitoredCase, consentId: string): Promise<void> {
    await this.#ok(
      this.api.call(
        this.people.processDirector,
        'POST',
        `/v1/cases/${caseId}/consents/${consentId}/withdrawal`,
      ),
    );
  }

  /**
   * A legal ground the process director approves, for `recipient` and `categories` until
   * `expiresAt`, for `reason` (danger to those involved unless said otherwise).
   */
  async exception(
    { caseId, personId }: MonitoredCase,
    recipient: string,
    categories: readonly string[],
    expiresAt: Date,
    reason: ExceptionReason = 'danger_to_those_involved',
  ): Promise<string> {
    const body = await this.#ok(
      this.api.call(
        this.people.processDirector,
        'POST',
        `/v1/cases/${caseId}/persons/${personId}/exceptions`,
        {
          recipient,
          categories,
          reason,
          justification: 'Asking the mother would put the daughter at risk.',
          expiresAt: expiresAt.toISOString(),
        },
      ),
    );
    return body.id;
  }

  /** As `exception`, for the police's data: the police co-approve it as their provider. */
  async policeException(
    theCase: MonitoredCase,
    recipient: string,
    categories: readonly string[],
    expiresAt: Date,
    reason: ExceptionReason = 'danger_to_those_involved',
  ): Promise<string> {
    const id = await this.exception(theCase, recipient, categories, expiresAt, reason);
    await this.providerDecision(theCase, id, 'approved');
    return id;
  }

  /**
   * The decision of `provider` (the registering police unless said otherwise) on an
   * exception that would carry its health or criminal data.
   */
  async providerDecision(
    { caseId }: MonitoredCase,
    exceptionId: string,
    decision: 'approved' | 'refused',
    provider: Caller = this.people.registrant,
  ): Promise<void> {
    await this.#ok(
      this.api.call(
        provider,
        'POST',
        `/v1/cases/${caseId}/exceptions/${exceptionId}/provider-decision`,
        { decision, reason: 'The incidents are what youth care needs to keep the daughter safe.' },
      ),
    );
  }

  /** `requester` asks `provider` to reuse what it received in `exchangeId`; returns the request id. */
  async formalRequest(
    { caseId, personId }: MonitoredCase,
    requester: Caller,
    request: {
      provider: string;
      purpose: string;
      categories: readonly string[];
      exchangeId: string;
    },
  ): Promise<string> {
    const body = await this.#ok(
      this.api.call(requester, 'POST', `/v1/cases/${caseId}/persons/${personId}/formal-requests`, {
        provider: request.provider,
        purpose: request.purpose,
        categories: request.categories,
        exchangeIds: [request.exchangeId],
        justification: 'Suspected abuse reported in the case meeting.',
      }),
    );
    return body.id;
  }

  /** The provider's decision on a formal request: approved until `expiresAt`, or refused. */
  async decide(
    { caseId }: MonitoredCase,
    provider: Caller,
    requestId: string,
    decision: { status: 'approved'; expiresAt: Date } | { status: 'refused' },
  ): Promise<void> {
    await this.#ok(
      this.api.call(
        provider,
        'POST',
        `/v1/cases/${caseId}/formal-requests/${requestId}/decision`,
        decision.status === 'approved'
          ? { status: 'approved', reason: 'Proportionate.', expiresAt: decision.expiresAt }
          : { status: 'refused', reason: 'Not proportionate.' },
      ),
    );
  }

  async transition({ caseId }: MonitoredCase, body: object): Promise<void> {
    await this.#ok(
      this.api.call(this.people.processDirector, 'POST', `/v1/cases/${caseId}/transitions`, body),
    );
  }

  pull(who: Caller, { caseId, personId }: MonitoredCase, body: object): Promise<ApiResponse> {
    return this.api.call(who, 'POST', `/v1/cases/${caseId}/persons/${personId}/pull`, body);
  }

  /** The per-provider results of a pull that the broker answered. */
  async results(who: Caller, at: MonitoredCase, body: object): Promise<PullResult[]> {
    const response = await this.pull(who, at, body);
    expect(response.status, response.text).toBe(200);
    return response.body as PullResult[];
  }

  /**
   * The exchange entries of the audit trail, oldest pull first; within one pull by provider,
   * because its providers answer, and so are recorded, in any order.
   */
  entries(): Promise<ExchangeEntry[]> {
    return withDatabase(this.#url, async (db) => {
      const rows = await db
        .selectFrom('audit_entries')
        .selectAll()
        .where('event_type', '=', 'exchange.pull')
        .orderBy('seq')
        .execute();
      const firstSeq = new Map<string | null, number>();
      for (const row of rows) {
        if (!firstSeq.has(row.request_id)) firstSeq.set(row.request_id, firstSeq.size);
      }
      const pullOrder = (row: (typeof rows)[number]) => firstSeq.get(row.request_id) ?? 0;
      rows.sort(
        (a, b) =>
          pullOrder(a) - pullOrder(b) ||
          (a.provider_organisation ?? '').localeCompare(b.provider_organisation ?? ''),
      );
      return rows.map((row) => ({
        requester: row.requester_organisation,
        provider: row.provider_organisation,
        purpose: row.purpose,
        decision: row.decision,
        reasons: JSON.parse(row.reasons),
        categories: JSON.parse(row.categories),
        fields: JSON.parse(row.fields),
        droppedFields: JSON.parse(row.dropped_fields),
        grounds: JSON.parse(row.grounds),
        exchangeId: row.exchange_id ?? '',
        payloadSha256: row.payload_sha256,
      }));
    });
  }

  /** What a reference adapter logged as released: for one exchange, or all it ever did. */
  released(partner: ReferencePartnerId, exchangeId?: string): Promise<readonly ReleaseEntry[]> {
    return this.#adapters[partner].releaseLog.entries(exchangeId);
  }

  async #statement(
    kind: 'consents' | 'objections',
    { caseId, personId }: MonitoredCase,
    recipient: string,
    categories: readonly string[] | null,
    givenBy: StatementGiver,
  ): Promise<string> {
    const body = await this.#ok(
      this.api.call(
        this.people.processDirector,
        'POST',
        `/v1/cases/${caseId}/persons/${personId}/${kind}`,
        {
          recipient,
          categories,
          givenBy,
          obtainedHow: 'in_person',
          at: new Date(this.#clock.now().getTime() - DAY_MS).toISOString(),
        },
      ),
    );
    return body.id;
  }

  // biome-ignore lint/suspicious/noExplicitAny: the scenarios read what the API answered
  async #ok(response: Promise<ApiResponse>): Promise<any> {
    const answer = await response;
    expect(answer.status, answer.text).toBeLessThan(300);
    return answer.body;
  }
}

/** A problem+json answer without the one member that differs per request. */
export function withoutInstance(body: Record<string, unknown>): Record<string, unknown> {
  const { instance, ...rest } = body;
  expect(instance).toMatch(/^urn:zvh-broker:request:/);
  return rest;
}

export function hoursAgo(hours: number): Date {
  return new Date(Date.now() - hours * 3_600_000);
}

export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * DAY_MS);
}

export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}
