import { z } from 'zod';
import { RequestInvalidError } from '../../../adapters/contract/coded-error.ts';
import { readStatistics } from '../../audit/search/privacy-officer-access.ts';
import { DEFAULT_THRESHOLD } from '../../audit/statistics/cell-suppression.ts';
import {
  STATISTICS_DIMENSIONS,
  type StatisticsTable,
  statisticsParametersSchema,
} from '../../audit/statistics/exchange-statistics.ts';
import { STATISTICS_PERIODS } from '../../audit/statistics/statistics-periods.ts';
import { BarChart } from '../bar-chart.tsx';
import { parseForm } from '../form-input.ts';
import { Page } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { type PageContext, pageContext, type WorkspaceDependencies } from '../workspace-context.ts';
import type { WorkspaceRoutes } from '../workspace-module.ts';
import { auditSections } from './audit-sections.ts';
import { officerRead } from './officer-access.ts';

const WORDS = {
  title: { nl: 'Statistiek van de uitwisselingen', en: 'Statistics of the exchanges' },
  intro: {
    nl: 'Aantallen uitwisselingen per periode; kleine aantallen zijn verborgen (<10), en waar nodig nog een getal (≥10), zodat geen klein aantal uit de totalen valt af te leiden.',
    en: 'Exchanges per period; small counts are hidden (<10), and where needed one more (≥10), so that no small count can be worked out from the totals.',
  },
  from: { nl: 'Vanaf (datum)', en: 'From (date)' },
  to: { nl: 'Tot (datum, niet inbegrepen)', en: 'Until (date, not included)' },
  period: { nl: 'Periode', en: 'Period' },
  by: { nl: 'Verdeeld naar', en: 'Broken down by' },
  show: { nl: 'Tonen', en: 'Show' },
  perPeriod: { nl: 'Uitwisselingen per periode', en: 'Exchanges per period' },
  perColumn: { nl: 'Uitwisselingen naar', en: 'Exchanges by' },
  table: { nl: 'De tabel', en: 'The table' },
  total: { nl: 'Totaal', en: 'Total' },
  periodColumn: { nl: 'Periode', en: 'Period' },
} as const;

const statisticsFormSchema = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  period: z.enum(STATISTICS_PERIODS).default('month'),
  by: z.enum(STATISTICS_DIMENSIONS).default('decision'),
});

/** The last twelve whole months, up to the end of this one. */
function defaultPeriod(now: Date): { from: string; to: string } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 12, 1));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/**
 * GET /audit/statistics: the API's statistics table (small cells suppressed) in the
 * officer's scope, drawn as two SVG bar charts with the table beside them.
 */
export function registerStatisticsPage(routes: WorkspaceRoutes, deps: WorkspaceDependencies): void {
  routes.get('/statistics', async (c) => {
    const ctx = pageContext(c);
    const form = parseForm(statisticsFormSchema, c.req.query());
    const period = defaultPeriod(deps.clock.now());
    const chosen = { ...form, from: form.from ?? period.from, to: form.to ?? period.to };
    const parsed = statisticsParametersSchema.safeParse({
      ...chosen,
      threshold: DEFAULT_THRESHOLD,
    });
    if (!parsed.success) {
      throw new RequestInvalidError(
        'the statistics query is invalid',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const table = await readStatistics(officerRead(deps, c), parsed.data, {
      from: chosen.from,
      to: chosen.to,
      period: chosen.period,
      by: chosen.by,
    });
    const { say } = ctx;
    return renderPage(
      c,
      <Page ctx={ctx} title={WORDS.title} sections={auditSections(ctx)}>
        <p>{say(WORDS.intro)}</p>
        <form class="filters" method="get" action={ctx.link('/audit/statistics')}>
          {ctx.language === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
          <div>
            <label for="s-from">{say(WORDS.from)}</label>
            <input id="s-from" name="from" type="date" value={chosen.from} />
          </div>
          <div>
            <label for="s-to">{say(WORDS.to)}</label>
            <input id="s-to" name="to" type="date" value={chosen.to} />
          </div>
          <div>
            <label for="s-period">{say(WORDS.period)}</label>
            <select id="s-period" name="period">
              {STATISTICS_PERIODS.map((period) => (
                <option value={period} selected={period === chosen.period}>
                  {period}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="s-by">{say(WORDS.by)}</label>
            <select id="s-by" name="by">
              {STATISTICS_DIMENSIONS.map((by) => (
                <option value={by} selected={by === chosen.by}>
                  {by}
                </option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button type="submit">{say(WORDS.show)}</button>
          </div>
        </form>
        <StatisticsView ctx={ctx} table={table} />
      </Page>,
    );
  });
}

function StatisticsView({
  ctx,
  table,
}: {
  readonly ctx: PageContext;
  readonly table: StatisticsTable;
}) {
  const { say } = ctx;
  return (
    <>
      <BarChart
        id="per-period"
        title={say(WORDS.perPeriod)}
        bars={table.rows.map((row) => ({ label: row.period, value: row.total }))}
      />
      <BarChart
        id="per-column"
        title={`${say(WORDS.perColumn)} ${table.by}`}
        bars={table.columns.map((column) => ({
          label: column,
          value: table.totals.cells[column] ?? 0,
        }))}
      />
      <h2>{say(WORDS.table)}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{say(WORDS.periodColumn)}</th>
              {table.columns.map((column) => (
                <th scope="col" class="number">
                  {column}
                </th>
              ))}
              <th scope="col" class="number">
                {say(WORDS.total)}
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr>
                <th scope="row">{row.period}</th>
                {table.columns.map((column) => (
                  <td class="number">{String(row.cells[column] ?? 0)}</td>
                ))}
                <td class="number">{String(row.total)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{say(WORDS.total)}</th>
              {table.columns.map((column) => (
                <td class="number">{String(table.totals.cells[column] ?? 0)}</td>
              ))}
              <td class="number">{String(table.totals.total)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
