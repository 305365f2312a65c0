import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subjectAccessPdf } from '../../../../broker/audit/subject-access/subject-access-pdf.ts';
import {
  type SubjectAccessCopy,
  type SubjectAccessReport,
  type SubjectAccessRow,
  subjectAccessReport,
} from '../../../../broker/audit/subject-access/subject-access-report.ts';
import { withDatabase } from '../../../support/audit.ts';
import { NETWORK } from '../../../support/case-fixtures.ts';
import { describeOnEveryDatabase } from '../../../support/databases.ts';
import { available, requireTool, run } from '../../../support/tools.ts';
import { investigationScenario } from './investigation-scenario.ts';

const hasPoppler = requireTool(available('pdftotext', ['-v']), 'pdftotext (poppler-utils)');

/** Where a human finds a rendered page of the last run, to judge the layout by eye. */
const LOOK_AT = join(tmpdir(), 'zvh-subject-access-report-page-1.png');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zvh-subject-access-'));
});
afterEach(() => rmSync(dir, { recursive: true }));

async function pdfFile(report: SubjectAccessReport, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await subjectAccessPdf(report));
  return file;
}

/** The text of the PDF (or of one page) with its line breaks and runs of spaces as one space. */
async function pdfText(file: string, page?: number): Promise<string> {
  const pages = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  const result = await run('pdftotext', [...pages, file, '-']);
  expect(result.code, result.err).toBe(0);
  return result.out.replace(/\s+/g, ' ');
}

async function pageCount(file: string): Promise<number> {
  const result = await run('pdfinfo', [file]);
  expect(result.code, result.err).toBe(0);
  return Number(/^Pages:\s+(\d+)$/m.exec(result.out)?.[1]);
}

/** The share of the first page, rendered at 50 dpi, that is not white. */
async function inkOnFirstPage(file: string): Promise<{ png: string; ink: number }> {
  const prefix = join(dir, 'page');
  const result = await run('pdftoppm', [
    '-png',
    '-r',
    '50',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    file,
    prefix,
  ]);
  expect(result.code, result.err).toBe(0);
  const png = `${prefix}.png`;
  const image = PNG.sync.read(readFileSync(png));
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r = 255, g = 255, b = 255] = [image.data[i], image.data[i + 1], image.data[i + 2]];
    if (r < 200 || g < 200 || b < 200) inked++;
  }
  return { png, ink: inked / (image.width * image.height) };
}

describe.skipIf(!hasPoppler)('the subject access report as a PDF', () => {
  describeOnEveryDatabase('from the trail', (ctx) => {
    const pdfOf = async (copy: SubjectAccessCopy) => {
      const s = await investigationScenario(ctx);
      const report = await withDatabase(ctx.url, (db) =>
        subjectAccessReport(db, {
          network: NETWORK,
          personPseudonym: s.pseudonym,
          at: ctx.clock.now(),
          copy,
        }),
      );
      return { s, file: await pdfFile(report, copy) };
    };

    it("shows the person's rows and nothing of the investigation", async () => {
      const { file } = await pdfOf('person');
      const text = await pdfText(file);

      expect(text).toContain('Overzicht van uitwisselingen van uw gegevens');
      expect(text).toContain('Zorg- en Veiligheidshuis Bonaire');
      expect(text).toContain('Datum / Date: 2026-03-03');
      for (const shown of [
        '2026-03-02 06:10',
        'Jeugdzorg Caribisch Nederland',
        'Openbaar Ministerie BES',
        'Scholengemeenschap Bonaire',
        'verstrekt / released: police incidents',
        'niet verstrekt / not released: mental health treatment (SPECIAL_CATEGORY_NO_BASIS)',
        'wettelijke uitzondering / legal exception: police incidents',
        'deels toegestaan / partly allowed',
        'afgeleverd / delivered',
        'Redenen / Reasons SPECIAL_CATEGORY_NO_BASIS: geen grondslag voor bijzondere gegevens / no legal basis for special categories of data',
        'Pagina 1 van 1 / Page 1 of 1',
      ]) {
        expect(text).toContain(shown);
      }
      for (const hidden of [
        'ACHTERGEHOUDEN',
        'criminal investigation',
        'Centrum voor Jeugd',
        'FORMAL_REQUEST_REQUIRED',
        'door / by',
      ]) {
        expect(text).not.toContain(hidden);
      }
      expect((await inkOnFirstPage(file)).ink).toBeGreaterThan(0.02);
    });

    it('shows the privacy officer the withheld rows, marked', async () => {
      const { s, file } = await pdfOf('privacy_officer');
      const text = await pdfText(file);

      expect(text).toContain('Kopie privacyfunctionaris, niet voor de betrokkene');
      expect(text).toContain('Centrum voor Jeugd en Gezin');
      expect(text).toContain(
        'Korps Politie Caribisch Nederland door / by: agent-17 (case participant)',
      );
      expect(text).toContain('criminal investigation - geweigerd / refused');
      expect(text).toContain('formeel verzoek / formal request: youth care involvement');
      expect(text.match(/ACHTERGEHOUDEN \/ WITHHELD \[1\]/g)).toHaveLength(2);
      expect(text).toContain(
        `Achtergehouden regels / Withheld rows [1] formeel verzoek / formal request ${s.formalRequestId}: ` +
          'criminal investigation, in force; achtergehouden tot / withheld until 2026-06-01',
      );
      const { png, ink } = await inkOnFirstPage(file);
      expect(ink).toBeGreaterThan(0.02);
      copyFileSync(png, LOOK_AT);
    });
  });

  it('repeats the header and numbers every page of a long report', async () => {
    const file = await pdfFile(reportOf(90), 'long');
    const pages = await pageCount(file);

    expect(pages).toBeGreaterThan(2);
    for (let page = 1; page <= pages; page++) {
      const text = await pdfText(file, page);
      expect(text).toContain(`Pagina ${page} van ${pages} / Page ${page} of ${pages}`);
      expect(text).toContain(
        'Datum Van Aan Gegevens Doel Grondslag Besluit Date From To Categories Purpose Ground Decision',
      );
    }
    const all = await pdfText(file);
    for (let n = 1; n <= 90; n++) expect(all).toContain(`Partner ${n} `);
  });

  it('names the law where a statute was the ground, and its article where the covenant names one', async () => {
    const report = reportOf(1);
    const [row] = report.rows;
    if (row === undefined) throw new TypeError('a row');
    const statutory = {
      ...report,
      rows: [
        {
          ...row,
          grounds: {
            police_incidents: {
              type: 'statutory' as const,
              id: 'police-data-to-prosecutor',
              law: 'Wet politiegegevens',
            },
            school_attendance: {
              type: 'statutory' as const,
              id: 'other',
              law: 'Een wet',
              article: 'art. 1',
            },
          },
        },
      ],
    };
    const text = await pdfText(await pdfFile(statutory, 'statutory'));
    // The cell wraps, and the decision column's words fall in between.
    expect(text).toContain('de wet, zonder uw');
    expect(text).toContain('the law, without your consent (Wet politiegegevens): police incidents');
    expect(text).toContain('the law, without your consent (Een wet, art. 1): school attendance');
  });

  it('says so when nothing about the person was exchanged', async () => {
    const file = await pdfFile(reportOf(0), 'empty');
    expect(await pdfText(file)).toContain(
      'Er zijn geen uitwisselingen van gegevens over u vastgelegd. / No exchanges of data about you were recorded.',
    );
    expect((await inkOnFirstPage(file)).ink).toBeGreaterThan(0.005);
  });
});

/** A person's copy of `rows` allowed pulls, each from a partner of its own. */
function reportOf(rows: number): SubjectAccessReport {
  return {
    network: { id: NETWORK, name: 'Zorg- en Veiligheidshuis Bonaire' },
    copy: 'person',
    personPseudonym: 'pseudonym',
    at: '2026-03-03T12:00:00.000Z',
    rows: Array.from(
      { length: rows },
      (_, i): SubjectAccessRow => ({
        seq: i + 1,
        at: new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString(),
        event: 'pull',
        caseId: 'case-1',
        provider: { id: `partner-${i + 1}`, name: `Partner ${i + 1}` },
        recipient: { id: 'jeugdzorg-cn', name: 'Jeugdzorg Caribisch Nederland' },
        requester: { organisation: { id: 'jeugdzorg-cn', name: 'Jeugdzorg Caribisch Nederland' } },
        purpose: { id: 'case_meeting', title: 'Prepare and hold the case meeting' },
        requestedCategories: ['police_incidents', 'school_attendance'],
        releasedCategories: ['police_incidents', 'school_attendance'],
        decision: 'allow',
        reasons: [],
        outcomes: [
          { category: 'police_incidents', outcome: 'released', codes: [] },
          { category: 'school_attendance', outcome: 'released', codes: [] },
        ],
        grounds: {
          police_incidents: { type: 'consent', id: 'c-1' },
          school_attendance: { type: 'consent', id: 'c-1' },
        },
      }),
    ),
  };
}
