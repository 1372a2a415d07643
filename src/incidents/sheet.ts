import PDFDocument from 'pdfkit';
import { ukDateTime } from './steps';
import type { IncidentDetailView } from './views';

export interface SheetOptions {
  readonly timeZone: string;
  /** Who asked for the sheet, printed in its footer. */
  readonly printedBy: string;
  readonly printedAt: Date;
  /** Off only in tests, so the text can be read straight from the file. */
  readonly compress?: boolean;
}

/**
 * The incident sheet the policies ask for: what was reported, by whom and when, the answers, what
 * was done (the timeline) and the outcome. Returns the PDF as a stream (pdfkit's document).
 */
export function incidentSheet(view: IncidentDetailView, options: SheetOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    info: { Title: `Incident sheet ${view.reference}`, Author: 'Conduct', Subject: view.typeLabel },
  });
  const when = (date: Date | null): string => (date ? ukDateTime(date, options.timeZone) : '—');
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(safe(`Incident sheet ${view.reference}`));
  doc.font('Helvetica').fontSize(11).fillColor('#444').text(safe(view.typeLabel)).fillColor('black');
  if (view.restricted) {
    doc.moveDown(0.5).font('Helvetica-Bold').fillColor('#a00');
    doc.text('RESTRICTED: safeguarding. Only the designated safeguarding leads may read or keep this sheet.');
    doc.fillColor('black').font('Helvetica');
  }
  section(doc, 'Report');
  pairs(doc, [
    ['Reference', view.reference],
    ['Type', view.typeLabel],
    ['School', view.schoolName ?? '—'],
    ['Reported by', [view.reporter.name, view.reporter.jobTitle].filter(Boolean).join(', ')],
    ['Reported at', when(view.reportedAt)],
    ...(view.awareAt ? ([['School became aware', when(view.awareAt)]] as [string, string][]) : []),
    ['Status', view.status.replace('_', ' ')],
    ['Owner', view.owner?.name ?? 'nobody yet'],
    ...(view.escalatedAt ? ([['Escalated', when(view.escalatedAt)]] as [string, string][]) : []),
    ...(view.closedAt ? ([['Closed', when(view.closedAt)]] as [string, string][]) : []),
    ...(view.relatedReference ? ([['Raised from', view.relatedReference]] as [string, string][]) : []),
  ]);
  section(doc, 'What was reported');
  pairs(
    doc,
    [...view.fields, ...(view.sealed ?? [])].map((line) => [line.label, line.value]),
  );
  if (view.breachDetail) {
    section(doc, 'Data breach: the ICO');
    const decision = view.breachDetail.decision;
    pairs(doc, [
      ['72 hours end', when(view.breachDetail.deadlineAt)],
      [
        'Decision',
        decision ? (decision.report ? 'Report to the ICO' : 'Not reportable to the ICO') : 'not yet recorded',
      ],
      ...(decision
        ? ([
            ['Reason', decision.reason],
            ['Decided by', `${decision.decidedBy}, ${when(decision.decidedAt)}`],
          ] as [string, string][])
        : []),
    ]);
  }
  section(doc, 'Timeline');
  for (const entry of view.timeline) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(safe(`${when(entry.at)}  ${entry.what.replace(/_/g, ' ')}`), {
        continued: Boolean(entry.by),
      });
    if (entry.by) doc.font('Helvetica').text(safe(` — ${entry.by}`));
    if (entry.note) doc.font('Helvetica').fontSize(10).text(safe(entry.note), { indent: 12 });
  }
  section(doc, 'Outcome');
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(safe(view.outcome ?? 'Not yet recorded.'));
  doc.moveDown(2).fontSize(8).fillColor('#666');
  doc.text(safe(`Printed by ${options.printedBy} on ${when(options.printedAt)} from Conduct.`));
  doc.end();
  return doc;
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('black').text(title);
  doc.moveDown(0.3);
}

function pairs(doc: PDFKit.PDFDocument, rows: readonly (readonly [string, string])[]): void {
  for (const [label, value] of rows) {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(safe(`${label}: `), { continued: true });
    doc.font('Helvetica').text(safe(value));
  }
}

/**
 * The standard PDF fonts carry only the Windows Latin alphabet: anything beyond it (emoji, other
 * scripts) would print as garbage, so it becomes "?" and the reader can see something was there.
 */
const windowsLatinExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
export const safe = (text: string): string =>
  [...text].map((ch) => (ch.charCodeAt(0) <= 0xff || windowsLatinExtras.has(ch) ? ch : '?')).join('');
