import type { Kysely, Selectable } from 'kysely';
import { NotFoundError } from '../../adapters/contract/coded-error.ts';
import type { CaseRole } from '../../policies/vocabulary/case-roles.ts';
import type { CovenantParties } from '../covenant/covenant-parties.ts';
import { CaseRoleRequiredError } from '../errors/broker-error.ts';
import type { Actor } from './actor.ts';
import type { CasesTable, Database, ParticipantsTable, PersonsTable } from './database.ts';

/** The checks every case operation starts with, shared so that they cannot drift apart. */

export async function loadCase(
  db: Kysely<Database>,
  network: string,
  caseId: string,
): Promise<Selectable<CasesTable>> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('network_id', '=', network)
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('case');
  return row;
}

export async function loadPerson(
  db: Kysely<Database>,
  caseId: string,
  personId: string,
): Promise<Selectable<PersonsTable>> {
  const row = await db
    .selectFrom('persons')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('person');
  return row;
}

/** The actor's current participation in the role, or CaseRoleRequiredError. */
export async function requireRole(
  db: Kysely<Database>,
  caseId: string,
  actor: Actor,
  role: CaseRole,
  action: string,
): Promise<Selectable<ParticipantsTable>> {
  const row = await db
    .selectFrom('participants')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('organisation_id', '=', actor.organisation)
    .where('user_id', '=', actor.user)
    .where('role', '=', role)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) throw new CaseRoleRequiredError(role, action);
  return row;
}

/**
 * Only a party to the network's covenant in force may be named in its cases: the rule of
 * covenant/covenant-parties.ts, read in the caller's transaction.
 */
export async function requirePartner(
  db: Kysely<Database>,
  parties: CovenantParties,
  network: string,
  organisation: string,
): Promise<void> {
  await parties.requireNamedParty(db, network, organisation);
}

/** The acting organisation must be a party (403 PARTNER_NOT_SIGNATORY or COVENANT_NOT_IN_FORCE). */
export async function requireParty(
  db: Kysely<Database>,
  parties: CovenantParties,
  network: string,
  organisation: string,
): Promise<void> {
  await parties.requireParty(network, organisation, parties.now(), db);
}

/**
 * Consent is asked and recorded by the registering partner; the process director may
 * record what the person told the ZVH directly.
 */
export async function requireRegistrantOrProcessDirector(
  db: Kysely<Database>,
  caseRow: Selectable<CasesTable>,
  actor: Actor,
  action: string,
): Promise<void> {
  if (caseRow.registered_by_organisation === actor.organisation) return;
  await requireRole(db, caseRow.id, actor, 'process_director', action);
}
