import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DAUGHTER, daysAgo, type Scenario, withoutInstance } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

const evaluation = {
  purpose: 'evaluation',
  categories: ['case_involvement'],
  providers: ['jeugdzorg-cn'],
};

/** A case that ran from `openedDaysAgo` and was closed `closedDaysAgo`, with consent for the process director. */
async function closedCase(scenario: Scenario, openedDaysAgo: number, closedDaysAgo: number) {
  const theCase = await scenario.caseInMonitoring(DAUGHTER, daysAgo(openedDaysAgo));
  await scenario.consent(theCase, 'zvh-bonaire');
  await scenario.consent(theCase, 'jeugdzorg-cn');
  scenario.recordAt(daysAgo(closedDaysAgo));
  await scenario.transition(theCase, { action: 'close', outcome: 'positive_with_involvement' });
  return theCase;
}

describe('rule 7, retention: nothing about a case closed more than a year ago', () => {
  it('still answers the evaluation of a case closed within the year, and nothing of the case process', async () => {
    const scenario = await network.open();
    const { processDirector, caseDirector } = scenario.people;
    const theCase = await closedCase(scenario, 200, 100);

    const [evaluated] = await scenario.results(processDirector, theCase, evaluation);
    expect(evaluated).toMatchObject({ provider: 'jeugdzorg-cn', status: 'data', withheld: {} });
    if (evaluated?.status !== 'data') throw new Error('no evaluation data');
    expect(evaluated.data.case_involvement).toEqual([
      {
        involved: true,
        involved_since: expect.any(String),
        contact_person: expect.any(String),
        contact_phone: expect.any(String),
      },
    ]);
    expect(
      await scenario.results(caseDirector, theCase, {
        purpose: 'case_meeting',
        categories: ['school_attendance'],
        providers: ['sgb'],
      }),
    ).toEqual([
      { provider: 'sgb', status: 'denied', reasons: ['PURPOSE_PHASE_MISMATCH'], withheld: {} },
    ]);
  });

  it('returns nothing of a case closed more than a year ago, before the retention job deleted it as well as after', async () => {
    const scenario = await network.open();
    const { processDirector, caseDirector } = scenario.people;
    const theCase = await closedCase(scenario, 420, 366);
    const releasedBefore = await scenario.released('jeugdzorg-cn');
    scenario.recordAt(new Date());
    const nonexistent = await scenario.pull(
      processDirector,
      { ...theCase, caseId: randomUUID() },
      evaluation,
    );
    const expectNothing = async () => {
      for (const who of [processDirector, caseDirector]) {
        const pulled = await scenario.pull(who, theCase, evaluation);
        expect(pulled.status).toBe(404);
        expect(withoutInstance(pulled.body)).toEqual(withoutInstance(nonexistent.body));
        const read = await scenario.api.call(who, 'GET', `/v1/cases/${theCase.caseId}`);
        expect([read.status, read.body.code]).toEqual([404, 'NOT_FOUND']);
      }
    };

    await expectNothing();
    const { deleted } = await scenario.store.retention.run(new Date());
    expect(deleted.map((d) => d.caseId)).toEqual([theCase.caseId]);
    await expectNothing();
    expect(await scenario.entries()).toEqual([]);
    expect(await scenario.released('jeugdzorg-cn')).toEqual(releasedBefore);
  });
});
