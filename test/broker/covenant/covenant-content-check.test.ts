import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCovenantContent } from '../../../broker/covenant/covenant-content-check.ts';

// biome-ignore lint/suspicious/noExplicitAny: each test breaks the content in its own place
type Content = any;

let live: Content;

beforeAll(async () => {
  live = JSON.parse(await readFile('policies/zvh/covenants/bonaire/data.json', 'utf8'));
});

/** The live Bonaire content with one change, and the problems the check finds in it. */
function problemsAfter(change: (content: Content) => void) {
  const content = structuredClone(live);
  change(content);
  return checkCovenantContent(content);
}

describe('the covenant content check', () => {
  it('finds the live Bonaire covenant valid', () => {
    expect(checkCovenantContent(live)).toEqual([]);
  });

  it('names an unknown category in a purpose matrix', () => {
    expect(
      problemsAfter((c) => {
        c.purposes.case_meeting.matrix.police_incidentz = ['youth'];
      }),
    ).toEqual([
      {
        path: 'purposes.case_meeting.matrix',
        message: 'category police_incidentz does not exist',
      },
    ]);
  });

  it('names an unknown domain in a purpose matrix', () => {
    expect(
      problemsAfter((c) => {
        c.purposes.triage.matrix.identification = ['coordinaton'];
      }),
    ).toEqual([
      {
        path: 'purposes.triage.matrix.identification',
        message: 'domain coordinaton does not exist',
      },
    ]);
  });

  it('requires a maximum term for exceptions, of at most a year', () => {
    expect(
      problemsAfter((c) => {
        delete c.exception_max_months;
      }),
    ).toEqual([{ path: 'exception_max_months', message: expect.any(String) }]);
    expect(
      problemsAfter((c) => {
        c.exception_max_months = 13;
      }),
    ).toEqual([{ path: 'exception_max_months', message: expect.any(String) }]);
  });

  it('names an unknown category among those a due shadow-list review lets through', () => {
    expect(
      problemsAfter((c) => {
        c.shadow_review_categories.push('signals');
      }),
    ).toEqual([{ path: 'shadow_review_categories', message: 'category signals does not exist' }]);
    expect(
      problemsAfter((c) => {
        delete c.shadow_review_categories;
      }),
    ).toEqual([{ path: 'shadow_review_categories', message: expect.any(String) }]);
  });

  it('keeps the fields of an update about the case as a whole to fields of a category that is not special', () => {
    expect(
      problemsAfter((c) => {
        c.categories.meeting_outcome.case_level_fields.push('agenda');
        c.categories.police_incidents.case_level_fields = ['incident_date'];
      }),
    ).toEqual([
      {
        path: 'categories.police_incidents.case_level_fields',
        message: 'a criminal category is about a person, never about the case as a whole',
      },
      {
        path: 'categories.meeting_outcome.case_level_fields',
        message: 'field agenda is not in fields',
      },
    ]);
  });

  it("takes the trail's term as optional, of one to thirty years", () => {
    expect(
      problemsAfter((c) => {
        delete c.audit_retention_years;
      }),
    ).toEqual([]);
    expect(
      problemsAfter((c) => {
        c.audit_retention_years = 0;
      }),
    ).toEqual([{ path: 'audit_retention_years', message: expect.any(String) }]);
  });

  it("names a reuse purpose's matrix domain outside the purpose's domains", () => {
    expect(
      problemsAfter((c) => {
        c.purposes.criminal_investigation.matrix.police_incidents.push('education');
      }),
    ).toEqual([
      {
        path: 'purposes.criminal_investigation.matrix.police_incidents',
        message: "domain education is not one of the purpose's domains",
      },
    ]);
  });

  it("names a partner's unknown domain", () => {
    expect(
      problemsAfter((c) => {
        c.partners.sgb.domain = 'schooling';
      }),
    ).toEqual([{ path: 'partners.sgb.domain', message: 'domain schooling does not exist' }]);
  });

  it('names a special category or field whose basis no partner holds', () => {
    expect(
      problemsAfter((c) => {
        for (const partner of Object.values<{ special_bases: string[] }>(c.partners)) {
          partner.special_bases = partner.special_bases.filter((basis) => basis !== 'health');
        }
      }),
    ).toEqual([
      ...[
        ['youth_care_involvement', 'care_type'],
        ['care_plan_summary', 'goals'],
      ].map(([category, field]) => ({
        path: `categories.${category}.special_fields.${field}`,
        message: 'no partner holds the health basis that may receive it',
      })),
      ...['mental_health_treatment', 'addiction_care'].map((category) => ({
        path: `categories.${category}.special`,
        message: 'no partner holds the health basis that may receive this category',
      })),
    ]);
  });

  it('refuses a special category or basis of an unknown kind, and a partner without bases', () => {
    const problems = problemsAfter((c) => {
      c.categories.housing.special = 'financial';
      c.partners.olb.special_bases = ['criminal', 'financial'];
      delete c.partners.szw.special_bases;
    });
    expect(problems.map((p) => p.path)).toEqual([
      'partners.olb.special_bases.1',
      'partners.szw.special_bases',
      'categories.housing.special',
    ]);
  });

  it('wants exactly one partner with the coordination domain', () => {
    expect(
      problemsAfter((c) => {
        c.partners.olb.domain = 'coordination';
      }),
    ).toEqual([
      {
        path: 'partners',
        message: 'exactly one partner must have the coordination domain, found 2: zvh-bonaire, olb',
      },
    ]);
    expect(
      problemsAfter((c) => {
        delete c.partners['zvh-bonaire'];
      }),
    ).toContainEqual({
      path: 'partners',
      message: 'exactly one partner must have the coordination domain, found 0',
    });
  });

  it('wants not_before before not_after, both as toISOString writes them', () => {
    expect(
      problemsAfter((c) => {
        c.not_after = c.not_before;
      }),
    ).toEqual([{ path: 'not_after', message: 'must be later than not_before' }]);
    expect(
      problemsAfter((c) => {
        c.not_before = '2020-01-20';
        c.not_after = '2028-02-30T00:00:00.000Z';
      }).map((p) => p.path),
    ).toEqual(['not_before', 'not_after']);
  });

  it('names an unknown phase or role of a purpose', () => {
    expect(
      problemsAfter((c) => {
        c.purposes.triage.phases = ['intake'];
        c.purposes.own_file.receiving_roles = ['process_directer'];
      }),
    ).toEqual([
      { path: 'purposes.triage.phases', message: 'phase intake does not exist' },
      {
        path: 'purposes.own_file.receiving_roles',
        message: 'role process_directer does not exist',
      },
    ]);
  });

  it("refuses covenant phases and roles that are not the case process's", () => {
    expect(
      problemsAfter((c) => {
        c.phases.push('intake');
        c.roles.push('janitor');
      }),
    ).toEqual([
      { path: 'roles', message: 'role janitor is not a role of the case process' },
      { path: 'phases', message: 'phase intake is not a phase of the case process' },
    ]);
  });

  it('names a field_domains entry for a field the category does not have, and its unknown domain', () => {
    expect(
      problemsAfter((c) => {
        c.categories.police_incidents.field_domains = { summry: ['justise'] };
      }),
    ).toEqual([
      {
        path: 'categories.police_incidents.field_domains',
        message: 'field summry is not in fields',
      },
      {
        path: 'categories.police_incidents.field_domains.summry',
        message: 'domain justise does not exist',
      },
    ]);
  });

  it('keeps special fields to fields of an ordinary category, of a basis some partner holds, never about the case as a whole', () => {
    expect(
      problemsAfter((c) => {
        c.categories.care_plan_summary.special_fields = { goal: 'health' };
        c.categories.police_incidents.special_fields = { summary: 'criminal' };
        c.categories.action_status.special_fields = { action: 'health' };
        for (const partner of Object.values<{ special_bases: string[] }>(c.partners)) {
          partner.special_bases = partner.special_bases.filter((kind) => kind !== 'health');
        }
      }),
    ).toEqual(
      expect.arrayContaining([
        {
          path: 'categories.care_plan_summary.special_fields',
          message: 'field goal is not in fields',
        },
        {
          path: 'categories.police_incidents.special_fields',
          message: 'the whole category is criminal already',
        },
        {
          path: 'categories.action_status.special_fields.action',
          message: 'no partner holds the health basis that may receive it',
        },
        {
          path: 'categories.action_status.special_fields',
          message: 'field action is about a person, never about the case as a whole',
        },
      ]),
    );
    expect(
      problemsAfter((c) => {
        c.categories.care_plan_summary.special_fields = { goals: 'religion' };
      }),
    ).toEqual([
      expect.objectContaining({ path: 'categories.care_plan_summary.special_fields.goals' }),
    ]);
  });

  it('names an unknown or twice-listed domain that may provide a category', () => {
    expect(
      problemsAfter((c) => {
        c.categories.police_incidents.provider_domains = ['safety', 'safty', 'safety'];
      }),
    ).toEqual([
      {
        path: 'categories.police_incidents.provider_domains',
        message: 'domain safty does not exist',
      },
      {
        path: 'categories.police_incidents.provider_domains',
        message: 'safety is listed twice',
      },
    ]);
  });

  it("names a statutory basis's unknown partner or category, and wants its law named", () => {
    expect(
      problemsAfter((c) => {
        c.statutory_bases['police-data-to-prosecutor'].providers = ['politie-bes'];
        c.statutory_bases['police-data-to-prosecutor'].categories.push('police_incidentz');
      }),
    ).toEqual([
      {
        path: 'statutory_bases.police-data-to-prosecutor',
        message: 'partner politie-bes does not exist',
      },
      {
        path: 'statutory_bases.police-data-to-prosecutor.categories',
        message: 'category police_incidentz does not exist',
      },
    ]);
    expect(
      problemsAfter((c) => {
        delete c.statutory_bases['police-data-to-prosecutor'].law;
      }),
    ).toEqual([expect.objectContaining({ path: 'statutory_bases.police-data-to-prosecutor.law' })]);
    expect(
      problemsAfter((c) => {
        delete c.statutory_bases;
      }),
    ).toEqual([]);
  });

  it('names what is listed twice', () => {
    expect(
      problemsAfter((c) => {
        c.domains.push('youth');
        c.categories.housing.fields.push('situation');
      }),
    ).toEqual([
      { path: 'domains', message: 'youth is listed twice' },
      { path: 'categories.housing.fields', message: 'situation is listed twice' },
    ]);
  });

  it('requires phases, domains and a matrix of every purpose, reuse included', () => {
    expect(
      problemsAfter((c) => {
        delete c.purposes.own_file.matrix;
        delete c.purposes.prosecution.domains;
        delete c.purposes.monitoring.matrix;
      })
        .map((p) => p.path)
        .sort(),
    ).toEqual([
      'purposes.monitoring.matrix',
      'purposes.own_file.matrix',
      'purposes.prosecution.domains',
    ]);
  });

  it('refuses a misspelt key rather than ignoring it', () => {
    expect(
      problemsAfter((c) => {
        c.categories.housing.specal = 'health';
      }),
    ).toEqual([{ path: 'categories.housing', message: expect.stringContaining('specal') }]);
  });

  it('refuses ids that are not slugs and sizes beyond the bounds', () => {
    const problems = problemsAfter((c) => {
      c.version = 'Bonaire 2020';
      c.partners['Politie CN'] = c.partners['politie-cn'];
      c.categories.housing.fields = Array.from({ length: 65 }, (_, i) => `field_${i}`);
      c.retention_years = 0;
    });
    expect(problems.map((p) => p.path)).toEqual([
      'version',
      'retention_years',
      'partners.Politie CN',
      'categories.housing.fields',
    ]);
  });

  it('refuses what is not content at all', () => {
    expect(checkCovenantContent(null)).toEqual([{ path: '', message: expect.any(String) }]);
    expect(checkCovenantContent([])).toHaveLength(1);
  });
});
