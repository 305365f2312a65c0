import { beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema } from '../../../adapters/contract/wire-messages.ts';
import type { RunningReferenceAdapter } from '../../../adapters/reference/start-reference-adapter.ts';
import { DOMESTIC_VIOLENCE } from '../../../demo/demo-cases.ts';
import { callAdapter } from '../../support/https-request.ts';
import { capturingLogger } from '../../support/logger.ts';
import { useTestNetwork } from '../../support/network.ts';

const { father, mother, daughter } = DOMESTIC_VIOLENCE;
/** Not in any sample source: fails the eleven-test like the sample identifiers. */
const STRANGER = '999999999';

const network = useTestNetwork();
let police: RunningReferenceAdapter;
let narrowPolice: RunningReferenceAdapter;
let mentalHealth: RunningReferenceAdapter;
let youthCare: RunningReferenceAdapter;
const policeLog = capturingLogger();

function pull(
  adapter: RunningReferenceAdapter,
  body: object,
  headers: Record<string, string> = {},
) {
  return callAdapter(
    `${adapter.url}/v1/pull`,
    // The narrow police adapter serves the police database under om-bes's certificate.
    network.agents.for(adapter === narrowPolice ? 'om-bes' : adapter.organisation),
    'POST',
    body,
    headers,
  );
}

beforeAll(async () => {
  [police, narrowPolice, mentalHealth, youthCare] = await Promise.all([
    network.startAdapter('politie-cn', { logger: policeLog.logger }),
    // The same police database behind a manifest that exposes two of its fields only.
    network.startAdapter('politie-cn', {
      certificateOf: 'om-bes',
      stateDir: 'politie-narrow',
      manifest: { police_incidents: ['incident_date', 'incident_type'] },
    }),
    network.startAdapter('mhc'),
    network.startAdapter('jeugdzorg-cn'),
  ]);
});

describe('POST /v1/pull over mutual TLS from the broker agent', () => {
  it('returns the records of the person with exactly the declared fields', async () => {
    const response = await pull(police, {
      exchangeId: 'ex-declared',
      purpose: 'case_meeting',
      person: { nationalId: father.nationalId },
      categories: ['police_incidents', 'police_reports'],
    });
    expect(response.status).toBe(200);
    const body = pullResponseSchema.parse(response.json);
    expect(body.exchangeId).toBe('ex-declared');
    const incidents = body.categories.police_incidents ?? [];
    expect(incidents.length).toBe(2);
    for (const record of incidents) {
      expect(Object.keys(record).sort()).toEqual(
        ['incident_date', 'incident_type', 'report_number', 'role_in_incident', 'summary'].sort(),
      );
      expect(record.role_in_incident).toBe('suspect');
      expect(record.incident_type).toBe('domestic_violence');
    }
    expect(body.categories.police_reports).toEqual([]);
    // Never another person's record: the victim's report stays out of the father's answer.
    expect(response.text).not.toContain(mother.nationalId);
  });

  it('never returns a field the source holds but the manifest does not declare', async () => {
    const response = await pull(narrowPolice, {
      exchangeId: 'ex-narrow',
      purpose: 'case_meeting',
      person: { nationalId: father.nationalId },
      categories: ['police_incidents'],
    });
    expect(response.status).toBe(200);
    const incidents = pullResponseSchema.parse(response.json).categories.police_incidents ?? [];
    expect(incidents.length).toBe(2);
    for (const record of incidents) {
      expect(Object.keys(record).sort()).toEqual(['incident_date', 'incident_type']);
    }
    for (const undeclared of ['summary', 'report_number', 'BON-', 'KPCN-', 'not for release']) {
      expect(response.text).not.toContain(undeclared);
    }
  });

  it('answers a person the source does not know with empty results, like any other answer', async () => {
    const body = {
      purpose: 'case_meeting',
      categories: ['police_incidents', 'police_reports'],
    };
    const stranger = await pull(police, {
      ...body,
      exchangeId: 'ex-x',
      person: { nationalId: STRANGER },
    });
    const known = await pull(police, {
      ...body,
      exchangeId: 'ex-y',
      person: { nationalId: daughter.nationalId },
    });
    expect(stranger.status).toBe(200);
    expect(stranger.json).toEqual({
      exchangeId: 'ex-x',
      categories: { police_incidents: [], police_reports: [] },
    });
    expect(known.status).toBe(stranger.status);
    expect(known.headers['content-type']).toBe(stranger.headers['content-type']);
  });

  it('maps the fields of an HTTP JSON source and leaves the rest in the partner system', async () => {
    const response = await pull(mentalHealth, {
      exchangeId: 'ex-mhc',
      purpose: 'case_meeting',
      person: { nationalId: mother.nationalId },
      categories: ['mental_health_treatment'],
    });
    expect(response.status).toBe(200);
    const [treatment, ...rest] =
      pullResponseSchema.parse(response.json).categories.mental_health_treatment ?? [];
    expect(rest).toEqual([]);
    expect(treatment?.in_treatment).toBe(true);
    expect(typeof treatment?.contact_person).toBe('string');
    expect(Object.keys(treatment ?? {}).sort()).toEqual(['contact_person', 'in_treatment']);
    expect(response.text).not.toMatch(/F43|diagnosis|medication|sertraline|quetiapine|\+599/);

    const youth = await pull(youthCare, {
      exchangeId: 'ex-youth',
      purpose: 'case_meeting',
      person: { nationalId: daughter.nationalId },
      categories: ['youth_care_involvement', 'care_plan_summary', 'case_involvement'],
    });
    const categories = pullResponseSchema.parse(youth.json).categories;
    expect(categories.youth_care_involvement?.[0]).toMatchObject({
      involved_since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      care_type: expect.any(String),
      contact_person: expect.any(String),
    });
    expect(categories.care_plan_summary?.[0]?.goals).toMatch(/Safe home/);
    expect(categories.case_involvement?.[0]).toMatchObject({
      involved: true,
      contact_phone: expect.stringMatching(/^\+599 /),
    });
    expect(youth.text).not.toContain('not for release');

    const unknown = await pull(mentalHealth, {
      exchangeId: 'ex-mhc-2',
      purpose: 'case_meeting',
      person: { nationalId: STRANGER },
      categories: ['mental_health_treatment'],
    });
    expect(unknown.json).toEqual({
      exchangeId: 'ex-mhc-2',
      categories: { mental_health_treatment: [] },
    });
  });

  it('continues the W3C trace to the partner system and into its log', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await pull(
      mentalHealth,
      {
        exchangeId: 'ex-trace',
        purpose: 'case_meeting',
        person: { nationalId: mother.nationalId },
        categories: ['mental_health_treatment'],
      },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    const answered = String(response.headers.traceparent);
    expect(answered).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(answered).not.toContain('00f067aa0ba902b7');
    const sent = mentalHealth.partnerApi?.traceparents.at(-1);
    expect(sent).toBe(answered);
    expect(await mentalHealth.releaseLog.entries('ex-trace')).toMatchObject([{ traceId }]);
  });

  it('logs every release with exchange id and field names, never a value', async () => {
    const entries = await police.releaseLog.entries('ex-declared');
    expect(entries).toMatchObject([
      {
        exchangeId: 'ex-declared',
        purpose: 'case_meeting',
        category: 'police_incidents',
        fields: ['incident_date', 'incident_type', 'role_in_incident', 'summary', 'report_number'],
        recordCount: 2,
      },
      { exchangeId: 'ex-declared', category: 'police_reports', fields: [], recordCount: 0 },
    ]);
    const served = await fetch(`${police.localUrl}/v1/releases?exchangeId=ex-declared`);
    expect(await served.json()).toEqual({ entries });
    const stored = JSON.stringify(await police.releaseLog.entries());
    expect(stored).not.toContain(father.nationalId);
    expect(stored).not.toMatch(/suspect|domestic_violence|BON-|Neighbours|Call from/);
    const logged = policeLog.lines.join('\n');
    expect(logged).toContain('ex-declared');
    expect(logged).not.toContain(father.nationalId);
    expect(logged).not.toMatch(/BON-|Neighbours|Call from/);
  });

  it('answers for the categories it exposes and leaves the others out', async () => {
    const mixed = await pull(police, {
      exchangeId: 'ex-mixed',
      purpose: 'case_meeting',
      person: { nationalId: father.nationalId },
      categories: ['mental_health_treatment', 'police_incidents'],
    });
    expect(mixed.status).toBe(200);
    const categories = pullResponseSchema.parse(mixed.json).categories;
    expect(Object.keys(categories)).toEqual(['police_incidents']);
    expect(categories.police_incidents?.length).toBe(2);
    expect((await police.releaseLog.entries('ex-mixed')).map((entry) => entry.category)).toEqual([
      'police_incidents',
    ]);

    const none = await pull(police, {
      exchangeId: 'ex-none',
      purpose: 'case_meeting',
      person: { nationalId: father.nationalId },
      categories: ['mental_health_treatment'],
    });
    expect(none.status).toBe(200);
    expect(none.json).toEqual({ exchangeId: 'ex-none', categories: {} });
    expect(await police.releaseLog.entries('ex-none')).toEqual([]);
  });

  it('answers errors as problem+json with stable codes and without echoing the identifier', async () => {
    const invalid = await pull(police, {
      exchangeId: 'ex-e2',
      person: { nationalId: 'x!' },
      categories: [],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({
      code: 'REQUEST_INVALID',
      instance: expect.stringMatching(/^urn:/),
    });
    expect(invalid.text).not.toContain('x!');
    expect(await police.releaseLog.entries('ex-e2')).toEqual([]);

    const huge = await pull(police, {
      exchangeId: 'ex-e3',
      purpose: 'x'.repeat(300_000),
      person: { nationalId: father.nationalId },
      categories: ['police_incidents'],
    });
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ code: 'REQUEST_TOO_LARGE' });

    const missing = await callAdapter(
      `${police.url}/v1/inbox`,
      network.agents.for('politie-cn'),
      'GET',
    );
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'NOT_FOUND' });
  });
});
