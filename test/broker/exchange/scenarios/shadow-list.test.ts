import { describe, expect, it } from 'vitest';
import { DAUGHTER, daysAgo } from '../../../support/scenario.ts';
import { useScenarioNetwork } from '../../../support/scenario-network.ts';

const network = useScenarioNetwork();

const followUp = {
  purpose: 'monitoring',
  categories: ['care_plan_summary', 'case_involvement'],
  providers: ['jeugdzorg-cn'],
};

describe('the shadow list has an end: after the review date only what the review needs', () => {
  it('holds the follow-up of a case past its review date until the process director reviews it', async () => {
    const scenario = await network.open();
    const { processDirector } = scenario.people;
    const theCase = await scenario.caseInMonitoring(DAUGHTER, daysAgo(200));
    await scenario.consent(theCase, 'zvh-bonaire');
    scenario.recordAt(daysAgo(190));
    await scenario.transition(theCase, { action: 'move_to_shadow_list' });

    // Half a year on the list is not yet over ten days later.
    scenario.recordAt(daysAgo(180));
    const [before] = await scenario.results(processDirector, theCase, followUp);
    expect(before).toMatchObject({ provider: 'jeugdzorg-cn', status: 'data', withheld: {} });

    scenario.recordAt(new Date());
    const [due] = await scenario.results(processDirector, theCase, followUp);
    expect(due).toMatchObject({
      provider: 'jeugdzorg-cn',
      status: 'data',
      withheld: { care_plan_summary: ['SHADOW_REVIEW_DUE'] },
    });
    if (due?.status !== 'data') throw new Error('youth care gave no data');
    expect(Object.keys(due.data)).toEqual(['case_involvement']);

    // The review returns it to the case meeting, where the case process flows again.
    await scenario.transition(theCase, { action: 'return_to_case_meeting' });
    const [reviewed] = await scenario.results(processDirector, theCase, {
      ...followUp,
      purpose: 'case_meeting',
    });
    expect(reviewed).toMatchObject({ provider: 'jeugdzorg-cn', status: 'data', withheld: {} });
  });
});
