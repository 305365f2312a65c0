import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { describeReport } from '../../../broker/audit/verification/verification-report.ts';
import { yearsBefore } from '../../../broker/store/retention-job.ts';
import { checkpointKeyFixture, verifyAt, withDatabase } from '../../support/audit.ts';
import {
  acceptedCase,
  NATIONAL_ID,
  NETWORK,
  POLICE,
  PROCESS_DIRECTOR,
  YOUTH_CARE,
} from '../../support/case-fixtures.ts';
import { describeOnEveryDatabase, type StoreContext } from '../../support/databases.ts';
import { receivedPull } from '../../support/received-exchange.ts';

/**
 * A case with a person, consent, an objection, an exception a provider approved, a formal
 * request, an action of its plan and a pushed message still waiting for its recipient,
 * closed.
 */
async function closedCaseWithData(ctx: StoreContext) {
  const { store, clock } = ctx;
  const caseId = await acceptedCase(store);
  await store.participants.appointCaseDirector(NETWORK, caseId, PROCESS_DIRECTOR, YOUTH_CARE);
  const person = await store.persons.add(NETWORK, caseId, POLICE, {
    nationalId: NATIONAL_ID,
    ageBand: '4-12',
    gender: 'male',
  });
  const statement = {
    personId: person.id,
    recipient: 'jeugdzorg-cn',
    categories: null,
    givenBy: 'legal_representative' as const,
    obtainedHow: 'in_writing' as const,
    at: clock.now(),
  };
  await store.consent.record(NETWORK, caseId, POLICE, 'consent', statement);
  await store.consent.record(NETWORK, caseId, POLICE, 'objection', {
    ...statement,
    recipient: 'sgb',
  });
  const exception = await store.legalGrounds.approve(NETWORK, caseId, PROCESS_DIRECTOR, {
    personId: person.id,
    recipient: 'sgb',
    categories: ['school_attendance'],
    reason: 'danger_to_those_involved',
    justification: 'Unsafe to ask.',
    expiresAt: new Date('2026-05-01T00:00:00.000Z'),
  });
  await store.legalGrounds.decideAsProvider(NETWORK, caseId, POLICE, exception.id, {
    decision: 'approved',
    reason: 'Proportionate.',
  });
  const received = await receivedPull(store, {
    caseId,
    personPseudonym: person.pseudonym,
    requester: YOUTH_CARE,
    provider: 'politie-cn',
    categories: ['police_incidents'],
  });
  await store.formalRequests.request(NETWORK, caseId, YOUTH_CARE, {
    personId: person.id,
    provider: 'politie-cn',
    purpose: 'own_file',
    categories: ['police_incidents'],
    exchangeIds: [received],
    justification: 'For the youth care file.',
  });
  await store.outbox.enqueue({
    recipient: 'jeugdzorg-cn',
    network: NETWORK,
    personId: person.id,
    message: {
      messageId: 'message-1',
      exchangeId: 'exchange-2',
      purpose: 'case_meeting',
      sender: 'politie-cn',
      caseId,
      categories: { signal: { signal_type: 'school' } },
    },
    audit: { network: NETWORK, caseId },
  });
  await store.actions.agree(NETWORK, caseId, YOUTH_CARE, {
    organisation: 'politie-cn',
    description: 'Visit the family with youth care',
    dueOn: '2026-04-01',
  });
  await store.cases.startMonitoring(NETWORK, caseId, PROCESS_DIRECTOR);
  clock.set('2026-06-15T10:00:00.000Z');
  await store.cases.close(NETWORK, caseId, PROCESS_DIRECTOR, 'positive_without_involvement');
  return { caseId, person };
}

describeOnEveryDatabase('retention and the domain events', (ctx, dialect) => {
  it('deletes a case one year after closing, erases the subject of its entries in the trail, and records the deletion', async () => {
    const { store, clock } = ctx;
    const { caseId, person } = await closedCaseWithData(ctx);
    const eventsBefore = await store.events.forCase(NETWORK, caseId);
    const naming = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .select('seq')
        .where((eb) =>
          eb.or([eb('case_id', '=', caseId), eb('person_pseudonym', '=', person.pseudonym)]),
        )
        .execute(),
    );
    expect(naming.length).toBeGreaterThan(eventsBefore.length);

    expect((await store.retention.run(new Date('2027-06-15T09:59:59.999Z'))).deleted).toEqual([]);
    expect((await store.cases.get(NETWORK, caseId)).phase).toBe('closed');

    const { deleted } = await store.retention.run(new Date('2027-06-15T10:00:00.000Z'));
    expect(deleted).toEqual([
      {
        network: NETWORK,
        caseId,
        closedAt: '2026-06-15T10:00:00.000Z',
        deleted: {
          decision_inputs: 0,
          push_outbox: 1,
          case_actions: 1,
          consents: 1,
          objections: 1,
          exception_provider_decisions: 1,
          legal_ground_exceptions: 1,
          formal_requests: 1,
          persons: 1,
          participants: 3,
          case_phases: 5,
          cases: 1,
        },
      },
    ]);
    await expect(store.cases.get(NETWORK, caseId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      store.facts.assemble({
        network: NETWORK,
        caseId,
        person: { id: person.id },
        recipient: 'sgb',
        at: clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // The trail no longer names the case or its person; the chain verifies, counting them erased.
    expect(await store.events.forCase(NETWORK, caseId)).toEqual([]);
    const rows = await withDatabase(ctx.url, (db) =>
      db.selectFrom('audit_entries').selectAll().orderBy('seq').execute(),
    );
    expect(JSON.stringify(rows)).not.toContain(caseId);
    expect(JSON.stringify(rows)).not.toContain(person.pseudonym);
    const erased = rows.filter((row) => row.erased_at !== null);
    // What was asked and released went with the subject.
    expect(JSON.stringify(erased)).not.toContain('police_incidents');
    expect(erased.map((row) => row.seq)).toEqual(naming.map((row) => row.seq));
    expect(rows.at(-1)).toMatchObject({ event_type: 'domain.case.data_deleted', case_id: null });
    expect(JSON.parse(rows.at(-1)?.details ?? '{}')).toMatchObject({
      closed_at: '2026-06',
      erased_entries: naming.length,
      deleted_persons: 1,
      deleted_consents: 1,
    });
    const keys = await checkpointKeyFixture();
    try {
      await store.checkpoints.checkpoint(keys.key);
      const report = await verifyAt(ctx.url, keys.key);
      expect(report).toMatchObject({ intact: true, erased: naming.length });
      expect(describeReport(report)).toContain(`(${naming.length} with their subject erased)`);
    } finally {
      keys.cleanUp();
    }
    expect((await store.retention.run(new Date('2028-01-01T00:00:00.000Z'))).deleted).toEqual([]);
  });

  it('lets the database change an entry of the trail only to erase its subject', async () => {
    const { caseId } = await closedCaseWithData(ctx);
    await expect(
      ctx.execute(`UPDATE audit_entries SET purpose = 'prosecution' WHERE case_id = '${caseId}'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      ctx.execute(`UPDATE audit_entries SET case_id = NULL WHERE case_id = '${caseId}'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      ctx.execute(`DELETE FROM audit_entries WHERE case_id = '${caseId}'`),
    ).rejects.toThrow(/append-only/);
    const subject = `case_id = NULL, person_pseudonym = NULL, details = '{}', subject_salt = NULL,
      erased_at = '2027-06-15T10:00:00.000Z'`;
    const categories = `categories = '[]', fields = '[]', dropped_fields = '[]', grounds = '{}',
      requested_categories = NULL, reason_details = NULL`;
    // The subject without its categories, or the categories without the subject: neither.
    await expect(
      ctx.execute(`UPDATE audit_entries SET ${subject} WHERE case_id = '${caseId}'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      ctx.execute(
        `UPDATE audit_entries SET ${categories}, erased_at = '2027-06-15T10:00:00.000Z'
         WHERE case_id = '${caseId}'`,
      ),
    ).rejects.toThrow(/append-only/);
    await ctx.execute(
      `UPDATE audit_entries SET ${subject}, ${categories} WHERE case_id = '${caseId}'`,
    );
  });

  it("erases the subject and categories of a case's entries at the trail's own term, though the case runs on", async () => {
    const { store, clock } = ctx;
    const caseId = await acceptedCase(store);
    const person = await store.persons.add(NETWORK, caseId, POLICE, {
      nationalId: NATIONAL_ID,
      ageBand: '4-12',
      gender: 'male',
    });
    const received = await receivedPull(store, {
      caseId,
      personPseudonym: person.pseudonym,
      requester: YOUTH_CARE,
      provider: 'politie-cn',
      categories: ['police_incidents'],
    });
    const appendedUntil = clock.now().toISOString();
    clock.set('2027-01-01T00:00:00.000Z');
    await store.participants.appointCaseDirector(NETWORK, caseId, PROCESS_DIRECTOR, YOUTH_CARE);
    expect((await store.networks.getNetwork(NETWORK)).auditRetentionYears).toBe(5);
    const standing = () =>
      withDatabase(ctx.url, (db) =>
        db
          .selectFrom('audit_entries')
          .selectAll()
          .where('case_id', '=', caseId)
          .orderBy('seq')
          .execute(),
      );
    const before = await standing();
    const early = before.filter((row) => row.at <= appendedUntil);
    expect(early.length).toBeGreaterThan(0);
    expect(early.length).toBeLessThan(before.length);

    const fiveYearsOn = new Date(new Date(appendedUntil).getTime() + 5 * 366 * 86_400_000);
    const run = await store.retention.run(fiveYearsOn);
    expect(run.deleted).toEqual([]);
    expect(run.erased).toEqual([
      { network: NETWORK, before: yearsBefore(fiveYearsOn, 5), entries: early.length },
    ]);
    // The case runs on, with its recent entries; the early ones name nothing of it.
    expect((await store.cases.get(NETWORK, caseId)).phase).toBe('case_meeting');
    expect((await standing()).map((row) => row.seq)).toEqual(
      before.filter((row) => row.at > appendedUntil).map((row) => row.seq),
    );
    const pull = await withDatabase(ctx.url, (db) =>
      db
        .selectFrom('audit_entries')
        .selectAll()
        .where('exchange_id', '=', received)
        .executeTakeFirstOrThrow(),
    );
    expect(pull).toMatchObject({
      case_id: null,
      person_pseudonym: null,
      categories: '[]',
      fields: '[]',
      grounds: '{}',
      requested_categories: null,
      provider_organisation: 'politie-cn',
      decision: 'allow',
    });
    expect(pull.erased_at).toBe(fiveYearsOn.toISOString());
    const last = await withDatabase(ctx.url, (db) =>
      db.selectFrom('audit_entries').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow(),
    );
    expect(last.event_type).toBe('domain.trail.entries_erased');
    expect(JSON.parse(last.details)).toEqual({
      appended_before: yearsBefore(fiveYearsOn, 5),
      audit_retention_years: 5,
      erased_entries: early.length,
    });
    const keys = await checkpointKeyFixture();
    try {
      await store.checkpoints.checkpoint(keys.key);
      expect(await verifyAt(ctx.url, keys.key)).toMatchObject({
        intact: true,
        erased: early.length,
      });
    } finally {
      keys.cleanUp();
    }
    expect((await store.retention.run(fiveYearsOn)).erased).toEqual([]);
  });

  it('finds no case once its retention period has ended, before the job deleted it', async () => {
    const { store, clock } = ctx;
    const { caseId } = await closedCaseWithData(ctx);
    clock.set('2027-06-15T09:59:59.999Z');
    expect((await store.cases.get(NETWORK, caseId)).phase).toBe('closed');
    clock.set('2027-06-15T10:00:00.000Z');
    await expect(store.cases.get(NETWORK, caseId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('leaves a reopened case alone', async () => {
    const { caseId } = await closedCaseWithData(ctx);
    await ctx.store.cases.reopen(NETWORK, caseId, PROCESS_DIRECTOR);
    expect((await ctx.store.retention.run(new Date('2030-01-01T00:00:00.000Z'))).deleted).toEqual(
      [],
    );
    expect((await ctx.store.cases.get(NETWORK, caseId)).phase).toBe('case_meeting');
  });

  it('refuses to change or delete a domain event, in the database itself', async () => {
    const { caseId } = await closedCaseWithData(ctx);
    await expect(ctx.execute("UPDATE audit_entries SET event_type = 'x'")).rejects.toThrow(
      /append-only/,
    );
    await expect(ctx.execute('DELETE FROM audit_entries')).rejects.toThrow(/append-only/);
    expect((await ctx.store.events.forCase(NETWORK, caseId)).length).toBeGreaterThan(5);
  });

  it('runs on a schedule from the moment it starts, and reports what it deleted', async () => {
    const { caseId } = await closedCaseWithData(ctx);
    const later = { now: () => new Date('2027-07-01T00:00:00.000Z') };
    const reported = await new Promise<string[]>((resolve, reject) => {
      const stop = ctx.store.retention.schedule(later, 3_600_000, {
        onDone: (run) => {
          stop();
          resolve(run.deleted.map((deleted) => deleted.caseId));
        },
        onError: reject,
      });
    });
    expect(reported).toEqual([caseId]);
  });

  // Only the embedded database is a file the test can read byte for byte.
  if (dialect === 'sqlite') {
    it('leaves no plain national identifier in the SQLite files', async () => {
      await closedCaseWithData(ctx);
      await ctx.store.close();
      const dir = dirname(ctx.sqliteFile!);
      const files = readdirSync(dir);
      expect(files).toContain('broker.sqlite');
      for (const file of files) {
        const bytes = readFileSync(join(dir, file));
        expect(bytes.includes(Buffer.from(NATIONAL_ID, 'utf8')), file).toBe(false);
        expect(bytes.includes(Buffer.from(NATIONAL_ID, 'utf16le')), file).toBe(false);
      }
    });
  }
});

it('computes the retention cut-off exactly as the policy adds years', () => {
  expect(yearsBefore(new Date('2027-06-15T10:00:00.000Z'), 1)).toBe('2026-06-15T10:00:00.000Z');
  // The policy's add_years keeps 29 February; 2024-02-29 + 1 year sorts before 2025-03-01.
  expect(yearsBefore(new Date('2025-03-01T00:00:00.000Z'), 1) >= '2024-02-29T00:00:00.000Z').toBe(
    true,
  );
});
