import type { PublishedCount } from '../audit/statistics/cell-suppression.ts';
import { type CaseReport, REPORT_TABLES } from './case-report.ts';

/** The row and column name of a table's margins. */
export const TOTAL = 'total';

/**
 * The report as one CSV file (RFC 4180, `\n` line ends): a line per count, totals
 * included, under the header `table,row,column,count`; a spreadsheet's pivot table lays
 * each table out again. Hidden counts stay as their markers (`<10`, `≥10`).
 *
 * @example
 * caseReportCsv(report).split('\n')[1]; // 'casesByType,domestic_violence,2019,<10'
 */
export function caseReportCsv(report: CaseReport): string {
  const lines = [['table', 'row', 'column', 'count']];
  for (const name of REPORT_TABLES) {
    const table = report.tables[name];
    const line = (row: string, column: string, count: PublishedCount | undefined) => {
      lines.push([name, row, column, String(count ?? 0)]);
    };
    table.rows.forEach((row, r) => {
      table.columns.forEach((column, c) => {
        line(row, column, table.cells[r]?.[c]);
      });
      line(row, TOTAL, table.rowTotals[r]);
    });
    table.columns.forEach((column, c) => {
      line(TOTAL, column, table.columnTotals[c]);
    });
    line(TOTAL, TOTAL, table.total);
  }
  return `${lines.map((fields) => fields.map(csvField).join(',')).join('\n')}\n`;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
