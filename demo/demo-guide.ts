import type { DemoCaseIds } from './demo-cases.ts';
import { DEMO_CAST } from './demo-cast.ts';
import {
  cliCommand,
  curlCommand,
  type ExampleCommands,
  type ExampleRequest,
  shellQuote,
} from './demo-commands.ts';
import type { DemoCovenant } from './demo-covenant.ts';
import type { DemoKeyPaths } from './demo-keys.ts';
import type { DemoCase } from './seeded-case-record.ts';

export interface DemoGuideFacts {
  readonly brokerUrl: string;
  readonly audience: string;
  readonly keys: DemoKeyPaths;
  readonly cases: DemoCaseIds;
  /** The covenant in force, the renewal proposed, and who has yet to accept it. */
  readonly covenant: DemoCovenant;
  /** The daughter in the domestic violence case: police and school hold data about her. */
  readonly daughterId: string;
  /** Organisation id to the adapter's local URL, where the partner's systems read the inbox. */
  readonly inboxes: ReadonlyMap<string, string>;
}

const CASE_TITLES: Readonly<Record<DemoCase, string>> = {
  domestic_violence: 'domestic violence          (case meeting; youth care directs)',
  multi_problem: 'multi-problem family       (monitoring, a plan; youth care directs)',
  aftercare_after_detention: 'aftercare after detention  (case meeting; probation directs)',
  review_due: 'a stable family            (shadow list, review due; youth care directs)',
};

const PULL_CATEGORIES = ['police_incidents', 'school_attendance'] as const;
const PULL_PROVIDERS = ['politie-cn', 'sgb'] as const;
const PUSH_RECIPIENTS = ['jeugdzorg-cn', 'sgb'] as const;

/**
 * What the demo prints once it is up: the example cases, a pull and a push with the partner
 * CLI and with curl, and the privacy officer's search of the trail, on real ids, ready to paste.
 *
 * @example
 * console.error(demoGuide({ brokerUrl, audience, keys, cases, daughterId, inboxes }));
 */
export function demoGuide(facts: DemoGuideFacts): string {
  const env: ExampleCommands = { brokerUrl: facts.brokerUrl, audience: facts.audience };
  const caseId = facts.cases.domestic_violence;
  const pull: ExampleRequest = {
    as: DEMO_CAST.youthCare,
    role: 'case_director',
    keys: facts.keys.partner(DEMO_CAST.youthCare.actor.organisation),
    path: `/v1/cases/${caseId}/persons/${facts.daughterId}/pull`,
    body: { purpose: 'case_meeting', categories: PULL_CATEGORIES, providers: PULL_PROVIDERS },
  };
  const incident = {
    police_incidents: {
      incident_date: new Date().toISOString().slice(0, 10),
      incident_type: 'domestic_violence',
      role_in_incident: 'witness',
    },
  };
  const push: ExampleRequest = {
    as: DEMO_CAST.police,
    role: 'case_participant',
    keys: facts.keys.partner(DEMO_CAST.police.actor.organisation),
    path: `/v1/cases/${caseId}/push`,
    body: {
      purpose: 'case_meeting',
      personId: facts.daughterId,
      categories: incident,
      recipients: PUSH_RECIPIENTS,
    },
  };
  const audit: ExampleRequest = {
    as: DEMO_CAST.privacyOfficer,
    role: 'privacy_officer',
    keys: facts.keys.partner(DEMO_CAST.privacyOfficer.actor.organisation),
    path: `/v1/audit/entries?caseId=${caseId}`,
    body: {},
  };
  const covenantAs: ExampleRequest = {
    as: DEMO_CAST.police,
    role: 'case_participant',
    keys: facts.keys.partner(DEMO_CAST.police.actor.organisation),
    path: '/v1/covenant',
    body: {},
  };
  const cases = (Object.entries(facts.cases) as [DemoCase, string][])
    .map(([name, id]) => `  ${CASE_TITLES[name]}  ${id}`)
    .join('\n');
  const inbox = facts.inboxes.get('jeugdzorg-cn');
  return `
The ZVH Bonaire demo network is up: the broker on ${facts.brokerUrl}, the reference adapters of
${[...facts.inboxes.keys()].join(', ')}, and these example cases:
${cases}

Pull, as the case director at youth care: the police incidents and school attendance of the
daughter in the domestic violence case (each provider gives only what it holds, and the police
leave out the summary: need-to-know):
  ${cliCommand(
    env,
    pull,
    'pull',
    `--case ${caseId} --person ${facts.daughterId} --purpose case_meeting --categories ${PULL_CATEGORIES.join(',')} --providers ${PULL_PROVIDERS.join(',')}`,
  )}
or with curl:
  ${curlCommand(env, pull)}

Push, as the police: the incident she witnessed today, to youth care and the school (the
school may not receive police incidents: denied):
  echo ${shellQuote(JSON.stringify(incident))} | \\
  ${cliCommand(
    env,
    push,
    'push',
    `--case ${caseId} --person ${facts.daughterId} --purpose case_meeting --data - --recipients ${PUSH_RECIPIENTS.join(',')}`,
  )}
or with curl:
  ${curlCommand(env, push)}
${inbox === undefined ? '' : `What reached youth care's systems: curl ${inbox}/v1/inbox\n`}
Audit, as the network's privacy officer: who received what in the domestic violence case, the
refused attempts included (a person is searched by national identifier on stdin: --person):
  ${cliCommand(env, audit, 'audit search', `--case ${caseId}`)}

Covenant: the version in force (${facts.covenant.inForce}) was accepted by every demo partner;
a renewal is proposed (${facts.covenant.renewal})${
    facts.covenant.awaiting === null
      ? ', and the police decided about it too.'
      : ', and the police\nhave not accepted it yet.'
  } What is in force, what is pending, and who accepted what:
  ${cliCommand(env, covenantAs, 'covenant show', '')}
${
  facts.covenant.awaiting === null
    ? ''
    : `Accept the renewal as the police (the CLI reads the version, checks its hash, and signs with
the police's partner key):
  ${cliCommand(env, covenantAs, 'covenant accept', facts.covenant.renewal)}
`
}
Stop everything with Ctrl-C.
`;
}
