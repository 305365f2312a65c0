import PDFDocument from 'pdfkit';
import type { Ground } from '../../policy/decision.ts';
import { REASON_WORDS } from './reason-words.ts';
import type {
  Organisation,
  SubjectAccessEvent,
  SubjectAccessReport,
  SubjectAccessRow,
  Withholding,
} from './subject-access-report.ts';

export interface SubjectAccessPdfOptions {
  /** The zone the letter gives its times in: the Caribbean Netherlands' unless told. */
  readonly timeZone?: string;
}

/** The columns of the table: Dutch first, since the letter is Dutch, English beneath. */
const COLUMNS = [
  { nl: 'Datum', en: 'Date', width: 72 },
  { nl: 'Van', en: 'From', width: 108 },
  { nl: 'Aan', en: 'To', width: 108 },
  { nl: 'Gegevens', en: 'Categories', width: 170 },
  { nl: 'Doel', en: 'Purpose', width: 108 },
  { nl: 'Grondslag', en: 'Ground', width: 106 },
  { nl: 'Besluit', en: 'Decision', width: 98 },
] as const;

const MARGIN = 36;
const FOOTER_HEIGHT = 24;
const CELL_PADDING = 3;
const TABLE_FONT_SIZE = 7.5;
const GREY = '#555555';
const RULE = '#bbbbbb';
const WITHHELD_SHADE = '#fbe9d0';

const EVENT_WORDS: Record<SubjectAccessEvent, string> = {
  pull: 'opgevraagd / requested',
  push: 'verstuurd / sent',
  push_delivered: 'afgeleverd / delivered',
  push_rejected: 'niet afgeleverd / not delivered',
};

const GROUND_WORDS: Record<Ground['type'], string> = {
  consent: 'toestemming / consent',
  exception: 'wettelijke uitzondering / legal exception',
  formal_request: 'formeel verzoek / formal request',
  case_process:
    'het casusoverleg, zonder persoonsgegevens / the case process, without personal data',
  statutory: 'de wet, zonder uw toestemming / the law, without your consent',
};

/** The ground in words; a statute by its name (and article, where the covenant names one). */
function groundWords(ground: Ground): string {
  const words = GROUND_WORDS[ground.type] ?? ground.type;
  if (ground.type !== 'statutory') return words;
  return `${words} (${[ground.law, ground.article].filter(Boolean).join(', ')})`;
}

/**
 * The report as a PDF for the letter to the person (or the privacy officer's file): a
 * header with the network and the report's date, a table of the exchanges, page numbers.
 * Only the PDF standard fonts, so nothing is fetched and every reader has them.
 *
 * @example
 * await writeFile('inzage.pdf', await subjectAccessPdf(report));
 */
export function subjectAccessPdf(
  report: SubjectAccessReport,
  options: SubjectAccessPdfOptions = {},
): Promise<Buffer> {
  const timeZone = options.timeZone ?? 'America/Kralendijk';
  const officer = report.copy === 'privacy_officer';
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    lang: 'nl',
    displayTitle: true,
    info: {
      Title: officer
        ? "Inzageoverzicht, kopie privacyfunctionaris / Subject access report, privacy officer's copy"
        : 'Inzageoverzicht / Subject access report',
      Author: report.network.name,
      CreationDate: new Date(report.at),
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const when = dateTimeFormat(timeZone);
  const bottom = doc.page.height - MARGIN - FOOTER_HEIGHT;

  let y = pageHeader(doc, report, timeZone, true);
  if (report.rows.length === 0) {
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('black')
      .text(
        'Er zijn geen uitwisselingen van gegevens over u vastgelegd. / No exchanges of data about you were recorded.',
        MARGIN,
        y + 8,
      );
  } else {
    const holds = withholdingNotes(report.rows);
    y = tableHeader(doc, y);
    for (const row of report.rows) {
      const cells = rowCells(row, when, holds);
      const height = rowHeight(doc, cells);
      if (y + height > bottom) {
        doc.addPage();
        y = tableHeader(doc, pageHeader(doc, report, timeZone, false));
      }
      drawRow(doc, cells, y, height, row.withheld !== undefined);
      y += height;
    }
    const newPage = () => {
      doc.addPage();
      return pageHeader(doc, report, timeZone, false);
    };
    y = notes(doc, 'Redenen / Reasons', reasonLines(report.rows), y, bottom, newPage);
    notes(doc, 'Achtergehouden regels / Withheld rows', holdLines(holds), y, bottom, newPage);
  }
  pageFooters(doc);
  doc.end();
  return done;
}

/** The title, the network and the date on every page; the explanation on the first only. */
function pageHeader(
  doc: PDFKit.PDFDocument,
  report: SubjectAccessReport,
  timeZone: string,
  first: boolean,
): number {
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(14).fillColor('black');
  doc.text('Overzicht van uitwisselingen van uw gegevens', MARGIN, MARGIN, { width });
  doc.font('Helvetica').fontSize(10).fillColor(GREY);
  doc.text('Record of the exchanges of your data', { width });
  doc.font('Helvetica').fontSize(9).fillColor('black');
  doc.text(report.network.name, MARGIN, MARGIN, { width, align: 'right' });
  doc.text(`Datum / Date: ${dateFormat(timeZone).format(new Date(report.at))}`, {
    width,
    align: 'right',
  });
  let y = MARGIN + 34;
  if (report.copy === 'privacy_officer') {
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#a04000');
    doc.text(
      'Kopie privacyfunctionaris, niet voor de betrokkene: gemarkeerde regels zijn achtergehouden. / ' +
        "Privacy officer's copy, not for the person: shaded rows are withheld from the person's copy.",
      MARGIN,
      y,
      { width },
    );
    y = doc.y + 4;
  }
  if (first) {
    doc.font('Helvetica').fontSize(8.5).fillColor('black');
    doc.text(
      'Dit overzicht noemt elke keer dat een organisatie in het netwerk gegevens over u opvroeg of ' +
        'doorgaf, ook als dat werd geweigerd: wanneer, van wie, aan wie, welke soorten gegevens, ' +
        `voor welk doel en op welke grondslag. Tijden in de tijdzone ${timeZone}.`,
      MARGIN,
      y,
      { width },
    );
    doc.fillColor(GREY);
    doc.text(
      'This record lists every time an organisation in the network asked for or passed on data ' +
        'about you, including when this was refused: when, from whom, to whom, which kinds of ' +
        `data, for which purpose and on which legal ground. Times are in the ${timeZone} time zone.`,
      { width },
    );
    y = doc.y + 8;
  }
  return y + 4;
}

function tableHeader(doc: PDFKit.PDFDocument, top: number): number {
  let x = MARGIN;
  for (const column of COLUMNS) {
    doc.font('Helvetica-Bold').fontSize(8).fillColor('black');
    doc.text(column.nl, x + CELL_PADDING, top, { width: column.width - 2 * CELL_PADDING });
    doc.font('Helvetica-Oblique').fontSize(7).fillColor(GREY);
    doc.text(column.en, x + CELL_PADDING, doc.y, { width: column.width - 2 * CELL_PADDING });
    x += column.width;
  }
  const bottom = top + 22;
  doc.moveTo(MARGIN, bottom).lineTo(x, bottom).lineWidth(0.8).strokeColor('black').stroke();
  return bottom + 2;
}

function rowCells(
  row: SubjectAccessRow,
  when: Intl.DateTimeFormat,
  holds: ReadonlyMap<string, WithholdingNote>,
): string[] {
  return [
    `${when.format(new Date(row.at))}\n${EVENT_WORDS[row.event]}`,
    withActor(organisationText(row.provider), row, row.event !== 'pull'),
    withActor(organisationText(row.recipient), row, row.event === 'pull'),
    categoriesText(row),
    row.purpose === null ? '-' : (row.purpose.title ?? words(row.purpose.id)),
    groundsText(row),
    decisionText(row, holds),
  ];
}

function rowHeight(doc: PDFKit.PDFDocument, cells: readonly string[]): number {
  doc.font('Helvetica').fontSize(TABLE_FONT_SIZE);
  const heights = cells.map((text, i) =>
    doc.heightOfString(text, { width: (COLUMNS[i]?.width ?? 0) - 2 * CELL_PADDING }),
  );
  return Math.max(...heights) + 2 * CELL_PADDING;
}

function drawRow(
  doc: PDFKit.PDFDocument,
  cells: readonly string[],
  top: number,
  height: number,
  withheld: boolean,
): void {
  const right = MARGIN + COLUMNS.reduce((sum, column) => sum + column.width, 0);
  if (withheld) doc.rect(MARGIN, top, right - MARGIN, height).fill(WITHHELD_SHADE);
  doc.font('Helvetica').fontSize(TABLE_FONT_SIZE).fillColor('black');
  let x = MARGIN;
  cells.forEach((text, i) => {
    const width = COLUMNS[i]?.width ?? 0;
    doc.text(text, x + CELL_PADDING, top + CELL_PADDING, { width: width - 2 * CELL_PADDING });
    x += width;
  });
  doc
    .moveTo(MARGIN, top + height)
    .lineTo(right, top + height)
    .lineWidth(0.4)
    .strokeColor(RULE)
    .stroke();
}

/** Page numbers once every page exists; the footer lies below the bottom margin. */
function pageFooters(doc: PDFKit.PDFDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * MARGIN;
    doc.font('Helvetica').fontSize(8).fillColor(GREY);
    doc.text(
      `Pagina ${i - start + 1} van ${count} / Page ${i - start + 1} of ${count}`,
      MARGIN,
      doc.page.height - MARGIN - 10,
      { width, align: 'center', lineBreak: false },
    );
  }
}

/**
 * The employee who asked (pull) or sent (push), under their organisation: only the privacy
 * officer's copy has them.
 */
function withActor(text: string, row: SubjectAccessRow, acted: boolean): string {
  const user = row.requester?.user;
  if (!acted || user === undefined || user === null) return text;
  const role = row.requester?.role;
  return `${text}\ndoor / by: ${user}${role === undefined || role === null ? '' : ` (${words(role)})`}`;
}

function organisationText(organisation: Organisation | null): string {
  if (organisation === null) return '-';
  return organisation.name ?? organisation.id;
}

/**
 * What was released, and what was asked for or offered but not released with the codes
 * that kept it back; an entry from before requests were recorded apart knows only the first.
 */
function categoriesText(row: SubjectAccessRow): string {
  if (row.outcomes.length === 0) {
    return row.releasedCategories.length === 0
      ? '-'
      : `verstrekt / released: ${row.releasedCategories.map(words).join(', ')}`;
  }
  const released = row.outcomes.filter((o) => o.outcome === 'released').map((o) => o.category);
  const kept = row.outcomes.filter((o) => o.outcome !== 'released');
  const lines: string[] = [];
  if (released.length > 0) lines.push(`verstrekt / released: ${released.map(words).join(', ')}`);
  if (kept.length > 0) {
    const withCodes = kept.map((o) =>
      o.codes.length === 0 ? words(o.category) : `${words(o.category)} (${o.codes.join(', ')})`,
    );
    lines.push(`niet verstrekt / not released: ${withCodes.join(', ')}`);
  }
  return lines.join('\n');
}

/** The categories under each kind of ground. */
function groundsText(row: SubjectAccessRow): string {
  const byGround = new Map<string, string[]>();
  for (const [category, ground] of Object.entries(row.grounds)) {
    const key = groundWords(ground);
    byGround.set(key, [...(byGround.get(key) ?? []), words(category)]);
  }
  if (byGround.size === 0) return '-';
  return [...byGround]
    .map(([ground, categories]) => `${ground}: ${categories.join(', ')}`)
    .join('\n');
}

function decisionText(row: SubjectAccessRow, holds: ReadonlyMap<string, WithholdingNote>): string {
  const requestCodes = row.reasons.filter((r) => r.category === undefined).map((r) => r.code);
  const lines = [decisionWords(row)];
  if (requestCodes.length > 0) lines.push(requestCodes.join(', '));
  const hold = row.withheld === undefined ? undefined : holds.get(row.withheld.formalRequestId);
  if (hold !== undefined) lines.push(`ACHTERGEHOUDEN / WITHHELD [${hold.number}]`);
  return lines.join('\n');
}

interface WithholdingNote {
  readonly number: number;
  readonly withheld: Withholding;
}

/** The requests rows are withheld under, numbered in order of first use, for the list below. */
function withholdingNotes(rows: readonly SubjectAccessRow[]): Map<string, WithholdingNote> {
  const numbered = new Map<string, WithholdingNote>();
  for (const { withheld } of rows) {
    if (withheld === undefined || numbered.has(withheld.formalRequestId)) continue;
    numbered.set(withheld.formalRequestId, { number: numbered.size + 1, withheld });
  }
  return numbered;
}

/**
 * Each request rows are withheld under, in full: its id is too long for a cell, and the
 * officer needs it whole to look the request up.
 */
function holdLines(notes: ReadonlyMap<string, WithholdingNote>): string[] {
  return [...notes.values()].map(
    ({ number, withheld }) =>
      `[${number}] formeel verzoek / formal request ${withheld.formalRequestId}: ` +
      `${words(withheld.purpose)}, in force; achtergehouden tot / withheld until ${withheld.until.slice(0, 10)}`,
  );
}

/** The reason codes the table uses, in words. */
function reasonLines(rows: readonly SubjectAccessRow[]): string[] {
  const codes = new Set(rows.flatMap((row) => row.reasons.map((reason) => reason.code)));
  return [...codes].sort().map((code) => `${code}: ${REASON_WORDS[code]}`);
}

/** A titled list under the table, on a new page if it does not fit; returns where it ends. */
function notes(
  doc: PDFKit.PDFDocument,
  title: string,
  lines: readonly string[],
  top: number,
  bottom: number,
  newPage: () => number,
): number {
  if (lines.length === 0) return top;
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica').fontSize(8);
  const height = 14 + lines.reduce((sum, line) => sum + doc.heightOfString(line, { width }), 0);
  const y = top + 8 + height > bottom ? newPage() : top + 8;
  doc.font('Helvetica-Bold').fontSize(8.5).fillColor('black');
  doc.text(title, MARGIN, y, { width });
  doc.font('Helvetica').fontSize(8);
  for (const line of lines) doc.text(line, { width });
  return doc.y;
}

function decisionWords(row: SubjectAccessRow): string {
  if (row.event === 'push_delivered') return 'afgeleverd / delivered';
  if (row.event === 'push_rejected') return 'niet afgeleverd / not delivered';
  if (row.decision === 'deny') return 'geweigerd / refused';
  if (row.decision === null) return '-';
  return row.outcomes.some((o) => o.outcome === 'withheld')
    ? 'deels toegestaan / partly allowed'
    : 'toegestaan / allowed';
}

/** A vocabulary id as words: `police_incidents` reads as "police incidents". */
function words(id: string): string {
  return id.replaceAll('_', ' ');
}

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
}
