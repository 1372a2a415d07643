import PDFDocument from 'pdfkit';
import { useUnicodeFonts } from '../shared/pdf-fonts';
import { statusLabels } from './labels';
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
  useUnicodeFonts(doc);
  const when = (date: Date | null): string => (date ? ukDateTime(date, options.timeZone) : '—');
  doc.font('bold').fontSize(18).text(`Incident sheet ${view.reference}`);
  doc.font('regular').fontSize(11).fillColor('#444').text(view.typeLabel).fillColor('black');
  if (view.restricted) {
    doc.moveDown(0.5).font('bold').fillColor('#a00');
    doc.text('RESTRICTED: safeguarding. Only the designated safeguarding leads may read or keep this sheet.');
    doc.fillColor('black').font('regular');
  }
  section(doc, 'Report');
  pairs(doc, [
    ['Reference', view.reference],
    ['Type', view.typeLabel],
    ['School', view.schoolName ?? '—'],
    ['Reported by', [view.reporter.name, view.reporter.jobTitle].filter(Boolean).join(', ')],
    ['Reported at', when(view.reportedAt)],
    ...(view.awareAt ? ([['School became aware', when(view.awareAt)]] as [string, string][]) : []),
    ['Status', statusLabels[view.status]],
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
      .font('bold')
      .fontSize(10)
      .text(`${when(entry.at)}  ${entry.label}`, {
        continued: Boolean(entry.by),
      });
    if (entry.by) doc.font('regular').text(` — ${entry.by}`);
    if (entry.note) doc.font('regular').fontSize(10).text(entry.note, { indent: 12 });
  }
  section(doc, 'Outcome');
  doc
    .font('regular')
    .fontSize(11)
    .text(view.outcome ?? 'Not yet recorded.');
  doc.moveDown(2).fontSize(8).fillColor('#666');
  doc.text(`Printed by ${options.printedBy} on ${when(options.printedAt)} from Conduct.`);
  doc.end();
  return doc;
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  doc.moveDown(1).font('bold').fontSize(13).fillColor('black').text(title);
  doc.moveDown(0.3);
}

function pairs(doc: PDFKit.PDFDocument, rows: readonly (readonly [string, string])[]): void {
  for (const [label, value] of rows) {
    doc.font('bold').fontSize(10).text(`${label}: `, { continued: true });
    doc.font('regular').text(value);
  }
}
