import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCovenantCli } from '../../../broker/covenant/cli/covenant-cli.ts';
import { impactReport } from '../../../broker/covenant/impact/impact-report.ts';
import { impactLines } from '../../../broker/covenant/impact/impact-text.ts';
import type { PolicyEngine } from '../../../broker/policy/policy-engine.ts';
import { openPolicyEngine } from '../../../broker/policy/wasm-policy-engine.ts';
import type { KeptDecision } from '../../../broker/store/decision-history.ts';
import { buildCandidateBundle, type CandidateBundle } from '../../support/candidate-bundle.ts';
import { NETWORK } from '../../support/case-fixtures.ts';
import { captured } from '../../support/cli-output.ts';
import { describeOnEveryDatabase } from '../../support/databases.ts';
import { inputOfAnEarlierShape, seedKeptDecisions } from '../../support/decision-history.ts';
import { opaForTests } from '../../support/opa-cli.ts';

const { opa, skipReason } = opaForTests();
const DAY_MS = 86_400_000;
const ACTIVE_BUNDLE = 'policies/bundle';
const RENEWAL_TERM = {
  notBefore: '2028-01-01T00:00:00.000Z',
  notAfter: '2032-01-01T00:00:00.000Z',
};

let policy: PolicyEngine;
/**
 * A renewal of the active covenant, in force only from 2028, that takes police incidents
 * out of the case meeting's matrix.
 */
let narrowing: CandidateBundle;
/** The active covenant letting the education domain have care plan summaries in a case meeting. */
let widening: CandidateBundle;

beforeAll(async () => {
  policy = await openPolicyEngine(ACTIVE_BUNDLE);
  if (opa === null) return;
  narrowing = await buildCandidateBundle(opa, (bonaire) => {
    bonaire.version = 'bonaire-2028';
    bonaire.not_before = RENEWAL_TERM.notBefore;
    bonaire.not_after = RENEWAL_TERM.notAfter;
    const matrix = bonaire.purposes.case_meeting?.matrix ?? {};
    delete matrix.police_incidents;
  });
  widening = await buildCandidateBundle(opa, (bonaire) => {
    bonaire.purposes.case_meeting?.matrix.care_plan_summary?.push('education');
  });
}, 60_000);

afterAll(() => {
  narrowing?.remove();
  widening?.remove();
});

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'zvh-covenant-cli-'));
});
afterEach(() => rmSync(stateDir, { recursive: true }));

function covenant(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return captured((io) => runCovenantCli(args, { ...io, env }));
}

describe('npm run covenant -- impact, on a wrong command line', () => {
  it('shows its usage', async () => {
    const run = await covenant(['impact', '--help']);
    expect(run.code).toBe(0);
    expect(run.out.join('\n')).toContain('npm run covenant -- impact --candidate <bundle dir>');
    expect((await covenant(['--help'])).out.join('\n')).toMatch(/^ {2}impact /m);
  });

  it.each([
    [[], 'covenant: missing <command> (npm run covenant -- --help)'],
    [['activate'], 'covenant: unknown command "activate" (npm run covenant -- --help)'],
    [
      ['impact'],
      'covenant: --candidate <bundle dir> is needed (npm run covenant -- impact --help)',
    ],
    [
      ['impact', '--candidate', ACTIVE_BUNDLE, '--days', '0'],
      'covenant: --days must be a whole number from 1 to 3650 (npm run covenant -- impact --help)',
    ],
    [
      ['impact', '--candidate', ACTIVE_BUNDLE, '--days', '9x'],
      'covenant: --days must be a whole number from 1 to 3650 (npm run covenant -- impact --help)',
    ],
  ])('%j exits 2 with one line', async (args, line) => {
    expect(await covenant(args)).toEqual({ code: 2, out: [], err: [line] });
  });

  it('exits 2 with one line for a directory that holds no bundle, before it opens a database', async () => {
    const run = await covenant(['impact', '--candidate', stateDir, '--database', 'nowhere.sqlite']);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toBe('covenant: policy bundle lacks .manifest');
  });
});

describeOnEveryDatabase('npm run covenant -- impact on the decisions the broker kept', (ctx) => {
  /** The history of seedKeptDecisions: four decisions in the last 90 days, one before. */
  const seedHistory = () => seedKeptDecisions(ctx, policy);

  const impact = (candidate: string, ...args: string[]) =>
    covenant(['impact', '--candidate', candidate, '--database', ctx.url, ...args], {
      BROKER_STATE_DIR: stateDir,
      BROKER_IDENTIFIER_KEY: Buffer.from(ctx.identifierSecret).toString('base64'),
      BROKER_NETWORK: NETWORK,
    });

  it.skipIf(opa === null)(
    `names the exact numbers that change when a candidate takes a category out of a purpose${skipReason ? ` (${skipReason})` : ''}`,
    async () => {
      await seedHistory();
      const run = await impact(narrowing.dir, '--as', 'procesregisseur-1');
      expect(run.err).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.out[0]).toBe(`Impact of candidate ${narrowing.revision} on network bonaire`);
      expect(run.out[1]).toMatch(
        /^Decisions from \S+ to \S+ \(90 days\): 4 decided again, 3 would change$/,
      );
      // Judged at the decisions' own times, a renewal from 2028 would deny them all as
      // COVENANT_NOT_IN_FORCE; the report judges its rules and names the term it states.
      expect(run.out.slice(2)).toEqual([
        "The candidate's covenant runs from 2028-01-01T00:00:00.000Z to 2032-01-01T00:00:00.000Z; it decided as if in force over the whole window.",
        'Jeugdzorg Caribisch Nederland (jeugdzorg-cn), case_meeting, police_incidents: 3 allowed would be denied (CATEGORY_DISPROPORTIONATE)',
        'Total: 3 allowed would be denied, 0 denied would be allowed, 3 unchanged (categories of 4 decisions)',
      ]);

      // Reading every case's kept inputs is processing: the run leaves its entry.
      const page = await ctx.store.auditQueries.search({
        network: NETWORK,
        scope: { kind: 'network' },
        type: 'audit.search',
      });
      expect(page.entries).toHaveLength(1);
      expect(page.entries[0]).toMatchObject({
        requester: {
          organisation: 'zvh-bonaire',
          user: 'procesregisseur-1',
          role: 'process_director',
        },
        caseId: null,
        details: {
          action: 'covenant_impact',
          via: 'cli',
          candidate_revision: narrowing.revision,
          decisions: 4,
          changed_decisions: 3,
        },
      });
    },
  );

  it.skipIf(opa === null)('gives the same report as one JSON document', async () => {
    await seedHistory();
    const run = await impact(narrowing.dir, '--json', '--days', '120');
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(1);
    const report = JSON.parse(run.out[0] ?? '');
    expect(report).toMatchObject({
      network: 'bonaire',
      candidateRevision: narrowing.revision,
      candidateTerm: RENEWAL_TERM,
      days: 120,
      decisions: 5,
      changedDecisions: 4,
      unreadable: 0,
      totals: { allowedToDenied: 4, deniedToAllowed: 0, unchanged: 4 },
      changes: [
        {
          partner: { id: 'jeugdzorg-cn', name: 'Jeugdzorg Caribisch Nederland' },
          purpose: 'case_meeting',
          category: 'police_incidents',
          change: 'allowed_to_denied',
          reasons: ['CATEGORY_DISPROPORTIONATE'],
          count: 4,
        },
      ],
    });
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(120 * DAY_MS);
  });

  it.skipIf(opa === null)(
    'counts what a wider candidate would let go that was denied',
    async () => {
      await seedHistory();
      const run = await impact(widening.dir);
      expect(run.code).toBe(0);
      expect(run.out.slice(2)).toEqual([
        'Scholengemeenschap Bonaire (sgb), case_meeting, care_plan_summary: 1 denied would be allowed (denied for DOMAIN_NOT_PERMITTED)',
        'Total: 0 allowed would be denied, 1 denied would be allowed, 5 unchanged (categories of 4 decisions)',
      ]);
    },
  );

  it('finds no change under the bundle that made the decisions', async () => {
    await seedHistory();
    const run = await impact(ACTIVE_BUNDLE, '--days', '120');
    expect(run.code).toBe(0);
    expect(run.out.slice(1)).toEqual([
      expect.stringMatching(/\(120 days\): 5 decided again, 0 would change$/),
      'No decision would change.',
      'Total: 0 allowed would be denied, 0 denied would be allowed, 8 unchanged (categories of 5 decisions)',
    ]);
  });

  it.skipIf(opa === null)('reads only the decisions of the last --days', async () => {
    await seedHistory();
    const lastWeek = await impact(narrowing.dir, '--days', '7', '--json');
    expect(JSON.parse(lastWeek.out[0] ?? '')).toMatchObject({
      decisions: 0,
      changes: [],
      totals: { allowedToDenied: 0, deniedToAllowed: 0, unchanged: 0 },
    });
    const counts = async (days: string) => {
      const run = await impact(narrowing.dir, '--days', days, '--json');
      return JSON.parse(run.out[0] ?? '').changes[0]?.count;
    };
    expect([await counts('11'), await counts('99'), await counts('101')]).toEqual([3, 3, 4]);
  });
});

describe('the impact report on inputs kept before the policy input changed shape', () => {
  /** A pull allowed under a policy whose input had no person, statements' givers or provider decisions. */
  const olderInput: KeptDecision = {
    decidedAt: '2026-10-01T10:00:00.000Z',
    input: inputOfAnEarlierShape(new Date('2026-10-01T10:00:00.000Z'), 'case-1'),
    outcome: {
      allow: true,
      permittedCategories: ['police_incidents'],
      reasons: [],
      revision: 'sha256:earlier',
    },
  };

  async function* kept(...decisions: KeptDecision[]): AsyncIterable<KeptDecision> {
    yield* decisions;
  }

  it('leaves out what the candidate cannot read, and says so, rather than report it as denied', async () => {
    const report = await impactReport(
      kept(olderInput),
      { revision: 'sha256:candidate', engine: policy, partnerNames: new Map(), term: null },
      { network: NETWORK, from: new Date('2026-09-01'), to: new Date('2026-11-01'), days: 61 },
    );
    expect(report).toMatchObject({
      decisions: 0,
      changedDecisions: 0,
      unreadable: 0,
      unreadableByCandidate: 1,
      totals: { allowedToDenied: 0, deniedToAllowed: 0, unchanged: 0 },
      changes: [],
    });
    expect(impactLines(report)).toContain(
      "1 kept inputs the candidate cannot read (INPUT_INVALID), left out: kept before the policy's input changed shape, or the candidate no longer reads the input the broker gives.",
    );
  });

  it('still counts a decision the policy of its time refused as INPUT_INVALID among the decisions', async () => {
    const refused: KeptDecision = {
      ...olderInput,
      outcome: {
        ...olderInput.outcome,
        allow: false,
        permittedCategories: [],
        reasons: [{ code: 'INPUT_INVALID' }],
      },
    };
    const report = await impactReport(
      kept(refused),
      { revision: 'sha256:candidate', engine: policy, partnerNames: new Map(), term: null },
      { network: NETWORK, from: new Date('2026-09-01'), to: new Date('2026-11-01'), days: 61 },
    );
    expect(report).toMatchObject({ decisions: 1, unreadableByCandidate: 0, changedDecisions: 0 });
  });
});
