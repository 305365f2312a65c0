import { expect, it } from 'vitest';
import type { ApiClient, Caller } from '../../support/api-client.ts';
import { useApi } from '../../support/api-fixture.ts';
import { REGISTRATION } from '../../support/case-fixtures.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { caller, cast, type Organisation } from '../../support/cast.ts';
import { bundleCovenant, seedAcceptedCovenant } from '../../support/covenant.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

interface ListedCase {
  readonly id: string;
  readonly phase: string;
  readonly caseType: string;
  readonly registeredAt: string;
}

/** Every page of a list, following `next`. */
async function allPages(client: ApiClient, who: Caller, query = ''): Promise<ListedCase[]> {
  const cases: ListedCase[] = [];
  let cursor: string | null = null;
  do {
    const separator = query === '' ? '' : '&';
    const page = `${query}${cursor === null ? '' : `${separator}cursor=${encodeURIComponent(cursor)}`}`;
    const response = await client.call(who, 'GET', `/v1/cases${page === '' ? '' : `?${page}`}`);
    expect(response.status, response.text).toBe(200);
    cases.push(...response.body.cases);
    cursor = response.body.next;
  } while (cursor !== null);
  return cases;
}

describeOnEveryDatabase('the case lists', (ctx) => {
  const api = useApi(ctx);

  /**
   * The cases of the walk, and the organisations taking part in each: a registration not
   * yet taken up, the monitored case of the whole cast, a case in triage, a case closed
   * recently, one closed past retention, and one of another network.
   */
  async function network() {
    const people = cast(api.holders);
    const { registrant, processDirector } = people;
    const client = api.api;
    const register = async (who: Caller, caseType = REGISTRATION.caseType) => {
      ctx.clock.advanceMinutes(1);
      const response = await client.call(who, 'POST', '/v1/cases', { ...REGISTRATION, caseType });
      expect(response.status, response.text).toBe(201);
      return response.body.id as string;
    };
    const transition = async (id: string, action: string, extra: object = {}) => {
      const response = await client.call(processDirector, 'POST', `/v1/cases/${id}/transitions`, {
        action,
        ...extra,
      });
      expect(response.status, response.text).toBe(200);
    };

    const school = caller(api.holders, 'sgb', 'mentor-2', 'case_participant');
    const expired = await register(school, 'neglect');
    await transition(expired, 'start_triage');
    await transition(expired, 'advise_registrant');
    // A year and a day later the expired case is past retention, not yet deleted.
    ctx.clock.set('2027-03-03T09:00:00.000Z');

    // Saba with a covenant of its own that the police signed too: their case there is Saba's.
    const saba = await seedAcceptedCovenant(ctx.store, ctx.clock, {
      network: 'saba',
      content: { ...bundleCovenant(), name: 'ZVH Saba', version: 'saba-2026' },
    });
    ctx.activeCovenants.set('saba', saba.id);
    const elsewhere = await ctx.store.cases.register(
      'saba',
      { organisation: 'politie-cn', user: 'agent-17' },
      REGISTRATION,
    );
    const youthCare = caller(api.holders, 'jeugdzorg-cn', 'jeugdwerker-1', 'case_participant');
    const recentlyClosed = await register(youthCare, 'youth_crime');
    await transition(recentlyClosed, 'start_triage');
    await transition(recentlyClosed, 'advise_registrant');
    const inTriage = await register(youthCare, 'multi_problem');
    await transition(inTriage, 'start_triage');
    ctx.clock.advanceMinutes(1);
    const monitored = (await monitoredCase(client, people)).caseId;
    const registration = await register(registrant, 'neglect');

    const taking = (...organisations: Organisation[]) => new Set<string>(organisations);
    return {
      visibleTo: new Map<string, ReadonlySet<string>>([
        [registration, taking('politie-cn')],
        [monitored, taking('politie-cn', 'zvh-bonaire', 'jeugdzorg-cn', 'sgb', 'mhc')],
        [inTriage, taking('jeugdzorg-cn', 'zvh-bonaire')],
        [recentlyClosed, taking('jeugdzorg-cn', 'zvh-bonaire')],
      ]),
      neverVisible: [expired, elsewhere.id],
      newestFirst: [registration, monitored, inTriage, recentlyClosed],
    };
  }

  it('shows each role of each organisation exactly the cases it may see, as the case routes do', async () => {
    const cases = await network();
    const { holders } = api;
    const viewers: ReadonlyArray<readonly [Caller, 'process direction' | 'organisation']> = [
      [
        caller(holders, 'zvh-bonaire', 'procesregisseur-1', 'process_director'),
        'process direction',
      ],
      [
        caller(holders, 'zvh-bonaire', 'procesregisseur-2', 'process_director'),
        'process direction',
      ],
      [caller(holders, 'zvh-bonaire', 'secretaris-1', 'case_participant'), 'organisation'],
      [caller(holders, 'politie-cn', 'agent-17', 'case_participant'), 'organisation'],
      [caller(holders, 'politie-cn', 'agent-99', 'case_participant'), 'organisation'],
      [caller(holders, 'jeugdzorg-cn', 'jeugdwerker-4', 'case_director'), 'organisation'],
      [caller(holders, 'sgb', 'mentor-2', 'case_participant'), 'organisation'],
      [caller(holders, 'sgb', 'mentor-2', 'process_director'), 'organisation'],
      [caller(holders, 'mhc', 'privacy-1', 'privacy_officer'), 'organisation'],
      [caller(holders, 'krusada', 'k-1', 'process_director'), 'organisation'],
      [caller(holders, 'krusada', 'k-1', 'case_participant'), 'organisation'],
    ];
    for (const [who, sees] of viewers) {
      const what = `${who.organisation}/${who.user} as ${who.role}`;
      const expected = cases.newestFirst.filter(
        (id) =>
          sees === 'process direction' || cases.visibleTo.get(id)?.has(who.organisation) === true,
      );
      const listed = await allPages(api.api, who);
      expect(
        listed.map((c) => c.id),
        what,
      ).toEqual(expected);
      for (const id of [...cases.newestFirst, ...cases.neverVisible]) {
        const read = await api.api.call(who, 'GET', `/v1/cases/${id}`);
        expect(read.status, `${what} reads ${id}`).toBe(expected.includes(id) ? 200 : 404);
      }
    }
  });

  it('filters by phase, case type, period, review and direction', async () => {
    const cases = await network();
    const { processDirector, caseDirector } = cast(api.holders);
    const ids = async (who: Caller, query: string) =>
      (await allPages(api.api, who, query)).map((c) => c.id);
    const [registration, monitored, inTriage, recentlyClosed] = cases.newestFirst;

    expect(await ids(processDirector, 'phase=triage')).toEqual([inTriage]);
    expect(await ids(processDirector, 'caseType=youth_crime')).toEqual([recentlyClosed]);
    expect(await ids(processDirector, 'closedFrom=2027-01-01T00:00:00Z')).toEqual([recentlyClosed]);
    expect(await ids(processDirector, 'closedTo=2027-01-01T00:00:00%2B01:00')).toEqual([]);
    const listed = await allPages(api.api, processDirector);
    const monitoredAt = listed.find((c) => c.id === monitored)?.registeredAt ?? '';
    expect(
      await ids(processDirector, `registeredFrom=${monitoredAt}&registeredTo=2030-01-01T00:00:00Z`),
    ).toEqual([registration, monitored]);
    expect(await ids(processDirector, 'reviewDue=true')).toEqual([]);
    expect(await ids(processDirector, 'directedByMe=true')).toEqual([
      monitored,
      inTriage,
      recentlyClosed,
    ]);
    expect(await ids(caseDirector, 'directedByMe=true')).toEqual([monitored]);
    expect(await ids(caseDirector, 'directedByMe=false')).toEqual([inTriage, recentlyClosed]);
  });

  it('pages newest first, and a case registered meanwhile never shifts or repeats a page', async () => {
    const cases = await network();
    const { processDirector, registrant } = cast(api.holders);
    const seen: string[] = [];
    let next: string | null = null;
    let added = 0;
    do {
      const query: string = `?limit=1${next === null ? '' : `&cursor=${encodeURIComponent(next)}`}`;
      const page = await api.api.call(processDirector, 'GET', `/v1/cases${query}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.cases.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.cases.map((c: ListedCase) => c.id));
      next = page.body.next;
      ctx.clock.advanceMinutes(1);
      const registered = await api.api.call(registrant, 'POST', '/v1/cases', REGISTRATION);
      expect(registered.status).toBe(201);
      added += 1;
    } while (next !== null);
    expect(seen).toEqual(cases.newestFirst);
    const now = await allPages(api.api, processDirector);
    expect(now).toHaveLength(cases.newestFirst.length + added);
    expect(now.slice(added).map((c) => c.id)).toEqual(cases.newestFirst);
  });

  it('bounds the page and refuses a cursor it did not hand out', async () => {
    const { processDirector } = cast(api.holders);
    for (const query of [
      'limit=0',
      'limit=101',
      'cursor=bm9wZQ',
      'phase=archived',
      'reviewDue=1',
    ]) {
      const response = await api.api.call(processDirector, 'GET', `/v1/cases?${query}`);
      expect({ query, status: response.status, code: response.body.code }).toEqual({
        query,
        status: 400,
        code: 'REQUEST_INVALID',
      });
    }
    const empty = await api.api.call(processDirector, 'GET', '/v1/cases?limit=100');
    expect(empty.body).toEqual({ cases: [], next: null });
  });
});
