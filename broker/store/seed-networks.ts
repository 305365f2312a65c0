import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  coordinatorOf,
  DEFAULT_AUDIT_RETENTION_YEARS,
  readCovenantContent,
} from '../covenant/covenant-content.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import type { NetworkDirectory } from './network-directory.ts';

/**
 * The three Caribbean ZVH networks. Bonaire's name, process direction and terms come from
 * its covenant in the policy data; Saba and Sint Eustatius have no covenant in the policy
 * yet (no one is a party there, and the policy denies their exchanges, until one is added
 * and accepted), so only their process direction is seeded, with the protocol's terms (a
 * year's retention, half a year on the shadow list, the trail's default term) until a covenant states its own.
 * Partners are not seeded: who is a party follows the covenant in force and the partners'
 * signed acceptances of it (covenant/covenant-parties.ts).
 */
const OTHER_NETWORKS = [
  { id: 'saba', name: 'Zorg- en Veiligheidshuis Saba', coordinator: 'zvh-saba' },
  {
    id: 'sint-eustatius',
    name: 'Zorg- en Veiligheidshuis Sint Eustatius',
    coordinator: 'zvh-statia',
  },
] as const;

/**
 * Adds the networks that are missing; an existing network is left as it is, so seeding
 * at every start is safe.
 *
 * @example
 * await seedNetworks(store.networks, 'policies/zvh/covenants');
 */
export async function seedNetworks(
  networks: NetworkDirectory,
  covenantsDir: string,
): Promise<void> {
  const existing = new Set(await networks.listNetworkIds());
  if (!existing.has('bonaire')) {
    await seedFromCovenant(networks, 'bonaire', join(covenantsDir, 'bonaire', 'data.json'));
  }
  for (const network of OTHER_NETWORKS) {
    if (existing.has(network.id)) continue;
    await networks.addNetwork(
      {
        id: network.id,
        name: network.name,
        coordinatorOrganisation: network.coordinator,
        covenantVersion: null,
        retentionYears: 1,
        auditRetentionYears: DEFAULT_AUDIT_RETENTION_YEARS,
        shadowReviewMonths: 6,
      },
      SYSTEM_ACTOR,
    );
  }
}

async function seedFromCovenant(
  networks: NetworkDirectory,
  id: string,
  dataFile: string,
): Promise<void> {
  const content = readCovenantContent(JSON.parse(await readFile(dataFile, 'utf8')));
  await networks.addNetwork(
    {
      id,
      name: content.name,
      coordinatorOrganisation: coordinatorOf(content),
      covenantVersion: content.version,
      retentionYears: content.retention_years,
      auditRetentionYears: content.audit_retention_years ?? DEFAULT_AUDIT_RETENTION_YEARS,
      shadowReviewMonths: content.shadow_list_review_months,
    },
    SYSTEM_ACTOR,
  );
}
