import { expect } from 'vitest';
import type { ApiClient } from './api-client.ts';
import { NATIONAL_ID, REGISTRATION } from './case-fixtures.ts';
import type { cast } from './cast.ts';

export interface MonitoredCase {
  readonly caseId: string;
  readonly personId: string;
}

/**
 * A case in monitoring with the whole cast taking part and one person, built through the
 * API only.
 */
export async function monitoredCase(
  client: ApiClient,
  people: ReturnType<typeof cast>,
  nationalId = NATIONAL_ID,
): Promise<MonitoredCase> {
  const { registrant, processDirector, caseDirector, participant, privacyOfficer } = people;
  const ok = async (response: Promise<{ status: number; body: { id?: string } }>) => {
    const answer = await response;
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    return answer.body;
  };
  const caseId = (await ok(client.call(registrant, 'POST', '/v1/cases', REGISTRATION))).id ?? '';
  const transitions = `/v1/cases/${caseId}/transitions`;
  await ok(client.call(processDirector, 'POST', transitions, { action: 'start_triage' }));
  await ok(client.call(processDirector, 'POST', transitions, { action: 'accept' }));
  for (const who of [participant, privacyOfficer]) {
    await ok(
      client.call(processDirector, 'POST', `/v1/cases/${caseId}/participants`, {
        organisation: who.organisation,
        user: who.user,
        role: who.role,
      }),
    );
  }
  await ok(
    client.call(processDirector, 'PUT', `/v1/cases/${caseId}/case-director`, {
      organisation: caseDirector.organisation,
      user: caseDirector.user,
    }),
  );
  await ok(client.call(processDirector, 'POST', transitions, { action: 'start_monitoring' }));
  const person = await ok(
    client.call(registrant, 'POST', `/v1/cases/${caseId}/persons`, {
      nationalId,
      ageBand: '4-12',
      gender: 'male',
    }),
  );
  return { caseId, personId: person.id ?? '' };
}

/**
 * Consent to `recipient` for every category, given a day before by the legal
 * representative: the case's person is a child (4-12), who does not consent for herself.
 */
export async function giveConsent(
  client: ApiClient,
  people: ReturnType<typeof cast>,
  { caseId, personId }: MonitoredCase,
  recipient: string,
): Promise<string> {
  const given = await client.call(
    people.processDirector,
    'POST',
    `/v1/cases/${caseId}/persons/${personId}/consents`,
    {
      recipient,
      categories: null,
      givenBy: 'legal_representative',
      obtainedHow: 'in_person',
      at: new Date(Date.now() - 86_400_000).toISOString(),
    },
  );
  expect(given.status, JSON.stringify(given.body)).toBe(201);
  return given.body.id;
}
