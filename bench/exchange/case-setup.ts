import type {
  BrokerResponse,
  PartnerClient,
} from '../../adapters/partner-client/partner-client.ts';
import type { SamplePerson } from '../../adapters/reference/sample-persons.ts';
import { REGISTRATION } from '../../test/support/case-fixtures.ts';

/** The case director's user id: the case records the case director by organisation and user. */
export const CASE_DIRECTOR_USER = 'jeugdwerker-4';

/** Who acts in the benchmark's case, each with the partner certificate of their organisation. */
export interface Cast {
  /** politie-cn: registers the case and the person. */
  readonly registrant: PartnerClient;
  /** zvh-bonaire: directs the process, records the consent. */
  readonly processDirector: PartnerClient;
  /** jeugdzorg-cn: the case director, who pulls in the benchmark. */
  readonly caseDirector: PartnerClient;
  /** The participants besides the registrant that the case director pulls from. */
  readonly providers: readonly { organisation: string; user: string }[];
}

export interface BenchCase {
  readonly caseId: string;
  readonly personId: string;
}

async function ok(what: string, answer: Promise<BrokerResponse>): Promise<{ id?: string }> {
  const { status, body: text } = await answer;
  if (status >= 300) throw new Error(`case setup: ${what} answered ${status}: ${text}`);
  return text === '' ? {} : (JSON.parse(text) as { id?: string });
}

/**
 * Through the broker's API, as the partners would: a case in monitoring with the
 * providers and the case director taking part, one person, and the person's consent
 * to share with the case director's organisation.
 */
export async function setUpCase(cast: Cast, person: SamplePerson): Promise<BenchCase> {
  const { registrant, processDirector, caseDirector } = cast;
  const { id: caseId = '' } = await ok(
    'registration',
    registrant.request('POST', '/v1/cases', REGISTRATION),
  );
  const transition = (action: string) =>
    ok(action, processDirector.request('POST', `/v1/cases/${caseId}/transitions`, { action }));
  await transition('start_triage');
  await transition('accept');
  for (const provider of cast.providers) {
    await ok(
      `participant ${provider.organisation}`,
      processDirector.request('POST', `/v1/cases/${caseId}/participants`, {
        ...provider,
        role: 'case_participant',
      }),
    );
  }
  await ok(
    'case director',
    processDirector.request('PUT', `/v1/cases/${caseId}/case-director`, {
      organisation: caseDirector.organisation,
      user: CASE_DIRECTOR_USER,
    }),
  );
  await transition('start_monitoring');
  const { id: personId = '' } = await ok(
    'person',
    registrant.request('POST', `/v1/cases/${caseId}/persons`, {
      nationalId: person.nationalId,
      ageBand: person.ageBand,
      gender: person.gender,
    }),
  );
  await ok(
    'consent',
    processDirector.request('POST', `/v1/cases/${caseId}/persons/${personId}/consents`, {
      recipient: caseDirector.organisation,
      categories: null,
      // A child's consent is her legal representative's (the policy's minors rule).
      givenBy: person.role === 'child' ? 'legal_representative' : 'person',
      obtainedHow: 'in_person',
      at: new Date(Date.now() - 86_400_000).toISOString(),
    }),
  );
  return { caseId, personId };
}
