import { join } from 'node:path';
import { NetworkAuthority } from '../keys/certificates/network-authority.ts';
import { exists } from '../keys/certificates/secret-files.ts';
import type { CaseRole } from '../policies/vocabulary/case-roles.ts';
import { type CastMember, DEMO_CAST } from './demo-cast.ts';

/**
 * The demo's personal certificates share one passphrase, printed in the guide: they open a
 * workspace on this machine only. A real one comes from `keys issue-person`, whose
 * passphrase is generated and shown once.
 */
export const DEMO_PASSPHRASE = 'zvh-demo-workspace';

const WORKSPACE_PEOPLE: readonly { readonly member: CastMember; readonly role: CaseRole }[] = [
  { member: DEMO_CAST.privacyOfficer, role: 'privacy_officer' },
  { member: DEMO_CAST.processDirector, role: 'process_director' },
];

export interface DemoWorkspace {
  /** The network CA's certificate, for the browser to trust the broker's. */
  readonly authority: string;
  readonly people: readonly DemoPerson[];
}

export interface DemoPerson {
  readonly name: string;
  readonly role: CaseRole;
  /** The PKCS#12 file to import into a browser. */
  readonly pkcs12: string;
}

/**
 * The personal certificates of the demo's privacy officer and process director, issued
 * where missing and reused after.
 *
 * @example
 * const workspace = await ensureDemoPersons('.state', 'bonaire', new Date());
 */
export async function ensureDemoPersons(
  stateDir: string,
  network: string,
  now: Date,
): Promise<DemoWorkspace> {
  const authority = new NetworkAuthority(join(stateDir, 'keys'), network);
  const people: DemoPerson[] = [];
  for (const { member, role } of WORKSPACE_PEOPLE) {
    const { organisation, user } = member.actor;
    const paths = authority.layout.person(organisation, user);
    if (!(await exists(paths.pkcs12))) {
      await authority.issuePerson(
        { organisation, person: { userId: user, displayName: member.name, role } },
        DEMO_PASSPHRASE,
        now,
      );
    }
    people.push({ name: member.name, role, pkcs12: paths.pkcs12 });
  }
  return { authority: authority.layout.authority.certificate, people };
}

/** How to open the workspace with them: a few lines under the demo's guide. */
export function workspaceGuide(brokerUrl: string, { authority, people }: DemoWorkspace): string {
  return [
    '',
    `The workspace in a browser: ${brokerUrl}/workspace`,
    `  Import a personal certificate (passphrase "${DEMO_PASSPHRASE}") into the browser:`,
    ...people.map((person) => `    ${person.name} (${person.role}): ${person.pkcs12}`),
    '  Chromium: Settings > Privacy and security > Security > Manage certificates > Your certificates > Import',
    '  Firefox:  Settings > Privacy & Security > Certificates > View Certificates > Your Certificates > Import',
    `  and trust the demo network's CA for websites (Authorities > Import): ${authority}`,
  ].join('\n');
}
