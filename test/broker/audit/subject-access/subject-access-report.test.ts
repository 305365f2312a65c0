import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  MAX_SUBJECT_ACCESS_ROWS,
  type SubjectAccessCopy,
  subjectAccessReport,
} from '../../../../broker/audit/subject-access/subject-access-report.ts';
import { covenantPurposeTitles } from '../../../../broker/policy/purpose-titles.ts';
import { withDatabase } from '../../../support/audit.ts';
import { NETWORK } from '../../../support/case-fixtures.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';
import { EXPIRES_AT, investigationScenario } from './investigation-scenario.ts';

const purposeTitles = covenantPurposeTitles(
  JSON.parse(readFileSync('policies/bundle/data.json', 'utf8')),
  NETWORK,
);

describeOnEveryDatabase('the subject access report', (ctx) => {
  const report = (pseudonym: string, copy: SubjectAccessCopy, at = ctx.clock.now()) =>
    withDatabase(ctx.url, (db) =>
      subjectAccessReport(
        db,
        { network: NETWORK, personPseudonym: pseudonym, at, copy },
        { purposeTitles },
      ),
    );

  it("leaves an investigation in force out of the person's copy without a trace", async () => {
    const s = await investigationScenario(ctx);
    const copy = await report(s.pseudonym, 'person');

    expect(copy.rows.map((row) => row.seq)).toEqual([
      s.caseMeetingPull,
      s.partlyAllowedPull,
      s.push,
      s.delivery,
    ]);
    const text = JSON.stringify(copy);
    for (const trace of [s.formalRequestId, 'criminal_investigation', 'INVESTIGATION_IN_FORCE']) {
      expect(text).not.toContain(trace);
    }
    expect(text).not.toContain('agent-17');
    expect(copy.rows.some((row) => 'withheld' in row || 'exchangeId' in row)).toBe(false);
    expect(copy.rows[1]).toEqual({
      seq: s.partlyAllowedPull,
      at: expect.any(String),
      event: 'pull',
      caseId: expect.any(String),
      provider: { id: 'politie-cn', name: 'Korps Politie Caribisch Nederland' },
      recipient: { id: 'om-bes', name: 'Openbaar Ministerie BES' },
      requester: { organisation: { id: 'om-bes', name: 'Openbaar Ministerie BES' } },
      purpose: {
        id: 'case_meeting',
        title: 'Prepare and hold the case meeting and make the joint plan',
      },
      requestedCategories: ['police_incidents', 'mental_health_treatment'],
      releasedCategories: ['police_incidents'],
      decision: 'allow',
      reasons: [{ code: 'SPECIAL_CATEGORY_NO_BASIS', category: 'mental_health_treatment' }],
      outcomes: [
        { category: 'police_incidents', outcome: 'released', codes: [] },
        {
          category: 'mental_health_treatment',
          outcome: 'withheld',
          codes: ['SPECIAL_CATEGORY_NO_BASIS'],
        },
      ],
      grounds: { police_incidents: { type: 'exception', id: 'exception-1' } },
    });
    expect(
      copy.rows.slice(2).map((row) => [row.event, row.provider?.id, row.recipient?.id]),
    ).toEqual([
      ['push', 'politie-cn', 'sgb'],
      ['push_delivered', 'politie-cn', 'sgb'],
    ]);
    expect(new Set(copy.rows.map((row) => row.caseId)).size).toBe(2);
  });

  it('shows the privacy officer the withheld entries, with the request and until when', async () => {
    const s = await investigationScenario(ctx);
    const copy = await report(s.pseudonym, 'privacy_officer');

    expect(copy.rows.map((row) => row.seq)).toEqual([
      s.caseMeetingPull,
      s.investigationPull,
      s.deniedInvestigationPull,
      s.partlyAllowedPull,
      s.push,
      s.delivery,
    ]);
    const withheld = {
      reason: 'INVESTIGATION_IN_FORCE',
      purpose: 'criminal_investigation',
      formalRequestId: s.formalRequestId,
      until: EXPIRES_AT,
    };
    expect(copy.rows.map((row) => row.withheld)).toEqual([
      undefined,
      withheld,
      withheld,
      undefined,
      undefined,
      undefined,
    ]);
    expect(copy.rows[2]).toMatchObject({
      requester: {
        organisation: { id: 'politie-cn' },
        user: 'agent-17',
        role: 'case_participant',
      },
      provider: { id: 'cjg-bonaire' },
      decision: 'deny',
      grounds: {},
      reasons: [{ code: 'FORMAL_REQUEST_REQUIRED', category: 'youth_care_involvement' }],
      purpose: { id: 'criminal_investigation', title: 'Use in a criminal investigation' },
    });
  });

  it("puts the investigation in the person's copy once the request has expired", async () => {
    const s = await investigationScenario(ctx);
    const copy = await report(s.pseudonym, 'person', new Date(EXPIRES_AT));

    expect(copy.rows.map((row) => row.seq)).toEqual([
      s.caseMeetingPull,
      s.investigationPull,
      s.deniedInvestigationPull,
      s.partlyAllowedPull,
      s.push,
      s.delivery,
    ]);
    expect(copy.rows[1]).toMatchObject({
      grounds: { youth_care_involvement: { type: 'formal_request', id: s.formalRequestId } },
    });
    expect(copy.rows.some((row) => 'withheld' in row)).toBe(false);
  });

  it('never shows an entry about another person', async () => {
    const s = await investigationScenario(ctx);
    for (const copy of ['person', 'privacy_officer'] as const) {
      const seqs = (await report(s.pseudonym, copy)).rows.map((row) => row.seq);
      expect(seqs).not.toEqual(expect.arrayContaining([s.otherPersonPulls[0]]));
      expect(seqs).not.toEqual(expect.arrayContaining([s.otherPersonPulls[1]]));
    }
    const neighbour = await report(s.otherPseudonym, 'person');
    expect(neighbour.rows.map((row) => row.seq)).toEqual(s.otherPersonPulls);
  });

  it("leaves out the person's exchanges in another network", async () => {
    const s = await investigationScenario(ctx);
    await ctx.store.audit.append({
      type: 'exchange.pull',
      network: 'saba',
      requester: { organisation: 'zvh-saba', user: 'procesregisseur-2' },
      provider: 'zvh-saba',
      personPseudonym: s.pseudonym,
      purpose: 'case_meeting',
      decision: 'deny',
      reasons: ['COVENANT_NOT_IN_FORCE'],
    });
    const copy = await report(s.pseudonym, 'privacy_officer');
    expect(copy.rows).toHaveLength(6);
    expect(copy.rows.every((row) => row.provider?.id !== 'zvh-saba')).toBe(true);
  });

  it('reads a person with more entries than one batch in full, oldest first', async () => {
    const s = await investigationScenario(ctx);
    const receipts = await Promise.all(
      Array.from({ length: 1_205 }, () =>
        ctx.store.audit.append({
          type: 'exchange.pull',
          network: NETWORK,
          requester: { organisation: 'sgb', user: 'mentor-2' },
          provider: 'politie-cn',
          recipient: 'sgb',
          personPseudonym: s.pseudonym,
          purpose: 'case_meeting',
          requestedCategories: ['police_incidents'],
          decision: 'deny',
          reasons: ['NOT_CASE_PARTICIPANT'],
        }),
      ),
    );
    const seqs = receipts.map((receipt) => receipt.seq).sort((a, b) => a - b);
    const rows = (await report(s.pseudonym, 'person')).rows;
    expect(rows).toHaveLength(4 + seqs.length);
    expect(rows.slice(4).map((row) => row.seq)).toEqual(seqs);
  });

  it('refuses a person with more exchanges than one report holds, with a code', async () => {
    const s = await investigationScenario(ctx);
    await Promise.all(
      Array.from({ length: MAX_SUBJECT_ACCESS_ROWS - 3 }, () =>
        ctx.store.audit.append({
          type: 'exchange.pull',
          network: NETWORK,
          requester: { organisation: 'sgb', user: 'mentor-2' },
          provider: 'politie-cn',
          personPseudonym: s.pseudonym,
          purpose: 'case_meeting',
          decision: 'deny',
          reasons: ['NOT_CASE_PARTICIPANT'],
        }),
      ),
    );
    await expect(report(s.pseudonym, 'privacy_officer')).rejects.toMatchObject({
      code: 'SUBJECT_ACCESS_TOO_LARGE',
    });
  });

  it('refuses a network that does not exist', async () => {
    const s = await investigationScenario(ctx);
    await expect(
      withDatabase(ctx.url, (db) =>
        subjectAccessReport(db, {
          network: 'atlantis',
          personPseudonym: s.pseudonym,
          at: ctx.clock.now(),
          copy: 'person',
        }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
