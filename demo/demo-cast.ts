import type { Actor } from '../broker/store/actor.ts';

/** An employee of a partner who acts in the example cases, and can be the CLI's user. */
export interface CastMember {
  readonly actor: Actor;
  readonly name: string;
}

/**
 * The people of the example cases. Everyone keeps one user id across the cases, so one
 * identity per partner suffices to try the printed commands in any of them.
 */
export const DEMO_CAST = {
  processDirector: {
    actor: { organisation: 'zvh-bonaire', user: 'procesregisseur-1' },
    name: 'M. Cicilia',
  },
  police: { actor: { organisation: 'politie-cn', user: 'agent-17' }, name: 'R. Martis' },
  youthCare: { actor: { organisation: 'jeugdzorg-cn', user: 'jeugdwerker-4' }, name: 'S. Frans' },
  school: { actor: { organisation: 'sgb', user: 'mentor-2' }, name: 'L. Thode' },
  mentalHealth: { actor: { organisation: 'mhc', user: 'behandelaar-3' }, name: 'J. Winklaar' },
  privacyOfficer: {
    actor: { organisation: 'zvh-bonaire', user: 'fg-zvh-1' },
    name: 'A. Hassell',
  },
  probation: {
    actor: { organisation: 'reclassering-cn', user: 'reclasseerder-5' },
    name: 'E. Anthony',
  },
} as const satisfies Record<string, CastMember>;

/** The partners whose employees act in the demo: each gets a partner certificate. */
export const DEMO_PARTNERS: readonly string[] = Object.values(DEMO_CAST).map(
  (member) => member.actor.organisation,
);
