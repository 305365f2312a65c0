import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SYSTEM_ACTOR } from './actor.ts';
import type { NetworkDirectory } from './network-directory.ts';

/** The part of a covenant's policy data the store needs; the policy owns the rest. */
const covenantDataSchema = z.object({
  name: z.string(),
  retention_years: z.int(),
  shadow_list_review_months: z.int(),
  version: z.string(),
  not_before: z.iso.datetime(),
  partners: z.record(z.string(), z.object({ name: z.string(), domain: z.string() })),
});

/**
 * The three Caribbean ZVH networks. Bonaire's partners come from its covenant in the
 * policy data, so that the store and the policy cannot disagree about who they are; Saba
 * and Sint Eustatius have no covenant in the policy yet (the policy denies their exchanges
 * until one is added), so only their own process direction is seeded, with the protocol's
 * terms (a year's retention, half a year on the shadow list) until a covenant states its own.
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
 * await seedNetworks(store.networks, 'policies/zvh/covenants', new Date());
 */
export async function seedNetworks(
  networks: NetworkDirectory,
  covenantsDir: string,
  now: Date,
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
        shadowReviewMonths: 6,
      },
      SYSTEM_ACTOR,
    );
    await networks.addPartner(
      network.id,
      {
        organisation: network.coordinator,
        name: network.name,
        domain: 'coordination',
        joinedAt: now,
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
  const data = covenantDataSchema.parse(JSON.parse(await readFile(dataFile, 'utf8')));
  const coordinators = Object.entries(data.partners).filter(([, p]) => p.domain === 'coordination');
  const coordinator = coordinators[0];
  if (coordinator === undefined || coordinators.length > 1) {
    throw new TypeError(`${dataFile}: exactly one partner must have the coordination domain`);
  }
  await networks.addNetwork(
    {
      id,
      name: data.name,
      coordinatorOrganisation: coordinator[0],
      covenantVersion: data.version,
      retentionYears: data.retention_years,
      shadowReviewMonths: data.shadow_list_review_months,
    },
    SYSTEM_ACTOR,
  );
  for (const [organisation, partner] of Object.entries(data.partners)) {
    await networks.addPartner(
      id,
      {
        organisation,
        name: partner.name,
        domain: partner.domain,
        joinedAt: new Date(data.not_before),
      },
      SYSTEM_ACTOR,
    );
  }
}
