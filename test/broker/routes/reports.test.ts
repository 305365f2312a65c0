import { expect, it } from 'vitest';
import type { AuditEntryView } from '../../../broker/audit/search/audit-entry-view.ts';
import type { Caller } from '../../support/api-client.ts';
import { useApi } from '../../support/api-fixture.ts';
import { monitoredCase } from '../../support/case-setup.ts';
import { caller, cast, outsider } from '../../support/cast.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';

describeOnEveryDatabase('the yearly case report over mutual TLS', (ctx) => {
  const api = useApi(ctx);

  /** A case in monitoring, closed now and deleted by the retention job a year later. */
  async function deletedCase() {
    ctx.clock.set(new Date().toISOString());
    const people = cast(api.holders);
    const { caseId } = await monitoredCase(api.api, people);
    const closed = await api.api.call(
      people.processDirector,
      'POST',
      `/v1/cases/${caseId}/transitions`,
      { action: 'close', outcome: 'positive_with_involvement' },
    );
    expect(closed.status, closed.text).toBe(200);
    const yearLater = new Date(ctx.clock.now().getTime() + 367 * 86_400_000);
    expect((await ctx.store.retention.run(yearLater)).deleted).toHaveLength(1);
    const year = ctx.clock.now().getUTCFullYear();
    return { people, caseId, year };
  }

  it('counts a case whose data were deleted, for the process director and a privacy officer, as JSON and CSV', async () => {
    const { people, caseId, year } = await deletedCase();
    const networkOfficer = caller(api.holders, 'zvh-bonaire', 'fg-zvh', 'privacy_officer');
    const path = `/v1/reports/cases?from=${year}&to=${year}`;
    for (const reader of [people.processDirector, people.privacyOfficer, networkOfficer]) {
      const answer = await api.api.call(reader, 'GET', path);
      expect(answer.status, answer.text).toBe(200);
      const { casesByType, outcomes } = answer.body.tables;
      const row = casesByType.rows.indexOf('domestic_violence');
      expect(casesByType.cells[row]).toEqual(['<10']);
      expect(casesByType.total).toBe('<10');
      expect(outcomes.rowTotals[outcomes.rows.indexOf('positive_with_involvement')]).toBe('<10');
      expect(answer.text).not.toContain(caseId);
    }
    const csv = await api.api.call(people.processDirector, 'GET', `${path}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\n');
    expect(lines[0]).toBe('table,row,column,count');
    expect(lines).toContain(`casesByType,domestic_violence,${year},<10`);
    expect(lines).toContain(`casesByType,total,total,<10`);
    const accepted = await api.api.call(people.privacyOfficer, 'GET', path, undefined, {
      accept: 'text/csv',
    });
    expect(accepted.text).toBe(csv.text);
  });

  it('records each reading in the audit trail', async () => {
    const { people, year } = await deletedCase();
    await api.api.call(
      people.processDirector,
      'GET',
      `/v1/reports/cases?from=${year}&to=${year}&threshold=5`,
    );
    const page = await ctx.store.auditQueries.search({
      network: 'bonaire',
      scope: { kind: 'network' },
      type: 'audit.search',
    });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0] as AuditEntryView).toMatchObject({
      requester: {
        organisation: 'zvh-bonaire',
        user: 'procesregisseur-1',
        role: 'process_director',
      },
      details: {
        action: 'case_report',
        via: 'api',
        from: year,
        to: year,
        threshold: 5,
        format: 'json',
      },
    });
  });

  it('refuses everyone else with CASE_REPORT_READER_REQUIRED before it reads the query', async () => {
    const people = cast(api.holders);
    const refused: Caller[] = [
      people.caseDirector,
      people.participant,
      people.registrant,
      outsider(api.holders),
      // The role is the assertion's claim; a process director is the coordinator's own.
      caller(api.holders, 'politie-cn', 'chef-1', 'process_director'),
    ];
    for (const who of refused) {
      for (const query of ['from=2026&to=2026', 'from=next&to=year&threshold=1']) {
        const answer = await api.api.call(who, 'GET', `/v1/reports/cases?${query}`);
        expect(answer.status, `${who.organisation} ${who.role}`).toBe(403);
        expect(answer.body.code).toBe('CASE_REPORT_READER_REQUIRED');
      }
    }
    const bad = await api.api.call(
      people.processDirector,
      'GET',
      '/v1/reports/cases?from=2027&to=2026',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual(['to: must not lie before from']);
  });
});
