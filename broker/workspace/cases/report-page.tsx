import { z } from 'zod';
import { RequestInvalidError } from '../../../adapters/contract/coded-error.ts';
import { formatTraceparent } from '../../../adapters/contract/trace-context.ts';
import {
  caseReportParametersSchema,
  REPORT_TABLES,
  type ReportTable,
} from '../../reports/case-report.ts';
import {
  CaseReportReaderRequiredError,
  caseReportRead,
  mayReadCaseReport,
} from '../../reports/report-reader.ts';
import { BarChart } from '../bar-chart.tsx';
import { parseForm } from '../form-input.ts';
import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { sections } from './case-list-page.tsx';

const WORDS = {
  title: { nl: 'Jaarrapportage', en: 'Yearly report' },
  intro: {
    nl: 'Geteld uit het anonieme verslag dat elke afgesloten casus achterlaat; kleine aantallen zijn verborgen (<10, en waar nodig ≥10).',
    en: 'Counted from the anonymous record every closed case leaves; small counts are hidden (<10, and where needed ≥10).',
  },
  from: { nl: 'Van jaar', en: 'From year' },
  to: { nl: 'Tot en met jaar', en: 'To year (included)' },
  show: { nl: 'Tonen', en: 'Show' },
  total: { nl: 'Totaal', en: 'Total' },
} as const;

const TABLE_WORDS = {
  casesByType: { nl: 'Casussen per soort', en: 'Cases by type' },
  outcomes: { nl: 'Uitkomsten', en: 'Outcomes' },
  ageBandsByGender: {
    nl: 'Personen naar leeftijd en geslacht',
    en: 'Persons by age band and gender',
  },
  lifeDomains: { nl: 'Leefgebieden', en: 'Life domains' },
} as const;

const yearSchema = z.string().regex(/^\d{4}$/);
const reportFormSchema = z.object({ from: yearSchema.optional(), to: yearSchema.optional() });

/**
 * GET /cases/report: the yearly report of GET /v1/reports/cases, for its readers only
 * (report-reader.ts), each table drawn as a bar chart of its row totals beside the table.
 * Reading it is the same `audit.search` entry as through the API.
 */
export function registerReportPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/report', async (c) => {
    const ctx = pageContext(c);
    const user = c.get('user');
    const reader = {
      organisation: c.get('partner').organisation,
      user: user.userId,
      role: user.role,
    };
    const { coordinatorOrganisation } = await deps.store.networks.getNetwork(deps.network);
    if (!mayReadCaseReport(reader, coordinatorOrganisation))
      throw new CaseReportReaderRequiredError();
    const form = parseForm(reportFormSchema, c.req.query());
    const year = deps.clock.now().getUTCFullYear();
    const chosen = { from: form.from ?? String(year - 4), to: form.to ?? String(year) };
    const parsed = caseReportParametersSchema.safeParse(chosen);
    if (!parsed.success) {
      throw new RequestInvalidError(
        'the report query is invalid',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const report = await deps.store.caseReports.report(deps.network, parsed.data);
    await deps.store.audit.append(
      caseReportRead({
        network: deps.network,
        reader,
        via: 'workspace',
        details: { ...parsed.data, format: 'html' },
        requestId: c.get('requestId'),
        traceparent: formatTraceparent(c.get('trace')),
      }),
    );
    const { say } = ctx;
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={sections(ctx)}>
        <p>{say(WORDS.intro)}</p>
        <form class="filters" method="get" action={ctx.link('/cases/report')}>
          {ctx.language === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
          <div>
            <label for="r-from">{say(WORDS.from)}</label>
            <input
              id="r-from"
              name="from"
              type="text"
              inputmode="numeric"
              value={chosen.from}
              maxlength={4}
            />
          </div>
          <div>
            <label for="r-to">{say(WORDS.to)}</label>
            <input
              id="r-to"
              name="to"
              type="text"
              inputmode="numeric"
              value={chosen.to}
              maxlength={4}
            />
          </div>
          <div class="actions">
            <button type="submit">{say(WORDS.show)}</button>
          </div>
        </form>
        {REPORT_TABLES.map((name) => (
          <ReportSection
            ctx={ctx}
            id={name}
            title={say(TABLE_WORDS[name])}
            table={report.tables[name]}
          />
        ))}
      </Page>,
    );
  });
}

function ReportSection({
  ctx,
  id,
  title,
  table,
}: {
  readonly ctx: PageContext;
  readonly id: string;
  readonly title: string;
  readonly table: ReportTable;
}) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {table.withheld === undefined ? null : <p class="notice">{table.withheld}</p>}
      <BarChart
        id={id}
        title={`${title} (${ctx.say(WORDS.total)})`}
        bars={table.rows.map((row, index) => ({ label: row, value: table.rowTotals[index] ?? 0 }))}
      />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{table.rowsAre}</th>
              {table.columns.map((column) => (
                <th scope="col" class="number">
                  {column}
                </th>
              ))}
              <th scope="col" class="number">
                {ctx.say(WORDS.total)}
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr>
                <th scope="row">{row}</th>
                {table.columns.map((_, col) => (
                  <td class="number">{String(table.cells[r]?.[col] ?? 0)}</td>
                ))}
                <td class="number">{String(table.rowTotals[r] ?? 0)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{ctx.say(WORDS.total)}</th>
              {table.columns.map((_, col) => (
                <td class="number">{String(table.columnTotals[col] ?? 0)}</td>
              ))}
              <td class="number">{String(table.total)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}
