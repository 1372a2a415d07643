import PDFDocument from 'pdfkit';
import { formatDate, formatDateTime } from '../shared/time';
import type { EvidencePack } from './evidence';
import { useUnicodeFonts } from '../shared/pdf-fonts';

interface Column<T> {
  title: string;
  width: number;
  value: (row: T) => string;
}

const margin = 48;
const grey = '#555555';

/** The evidence pack as an A4 PDF; the caller pipes the returned document and it ends itself. */
export function renderEvidencePdf(pack: EvidencePack, timeZone: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    info: {
      Title: `${pack.title} ${pack.label}: evidence of acceptance`,
      Author: 'Conduct',
      Subject: `Who accepted ${pack.title} ${pack.label}, when, and with which name and job title`,
    },
  });
  useUnicodeFonts(doc);
  header(doc, pack, timeZone);
  const signed: Column<EvidencePack['signatures'][number]>[] = [
    { title: 'Signed as', width: 125, value: (s) => s.signedName },
    { title: 'Job title', width: 110, value: (s) => s.jobTitle ?? '—' },
    { title: 'Signed on', width: 95, value: (s) => formatDateTime(s.signedAt, timeZone) },
    { title: 'Directory name', width: 110, value: (s) => s.displayName },
    { title: 'Version, via', width: 59, value: (s) => `${s.versionLabel}, ${s.via}` },
  ];
  section(doc, `Signatures (${pack.signatures.length})`);
  table(doc, signed, pack.signatures, 'Nobody has signed this version yet.');
  if (pack.readWith.length > 0) {
    section(doc, `Read together with ${pack.readWith.join(', ')}`);
    table(
      doc,
      [
        { title: 'Signed as', width: 180, value: (s) => s.signedName },
        {
          title: 'Said they also read',
          width: 319,
          value: (s) => (s.alsoRead.length > 0 ? s.alsoRead.join(', ') : 'none of them'),
        },
      ],
      pack.signatures,
      'Nobody has signed this version yet.',
    );
  }
  if (pack.outstanding) {
    const overdue = pack.outstanding.filter((o) => o.overdue).length;
    section(doc, `Not yet signed (${pack.outstanding.length}, of whom ${overdue} overdue)`);
    table(
      doc,
      [
        { title: 'Name', width: 250, value: (o) => o.displayName },
        { title: 'Due by', width: 150, value: (o) => formatDate(o.dueAt, timeZone) },
        { title: 'Status', width: 99, value: (o) => (o.overdue ? 'Overdue' : 'Not yet due') },
      ],
      pack.outstanding,
      'Everyone this version applies to has signed it.',
    );
  }
  footer(doc, pack, timeZone);
  doc.end();
  return doc;
}

function header(doc: PDFKit.PDFDocument, pack: EvidencePack, timeZone: string): void {
  doc.font('bold').fontSize(18).fillColor('black').text(pack.title);
  doc.font('regular').fontSize(12).fillColor(grey).text(`Version ${pack.label} — evidence of acceptance`);
  doc.moveDown(0.8);
  const facts: [string, string][] = [
    ['Covers', pack.coverage],
    ['Published', pack.publishedAt ? formatDateTime(pack.publishedAt, timeZone) : '—'],
    ['Effective from', formatDate(pack.effectiveDate, timeZone)],
    ['Next review', formatDate(pack.nextReviewDate, timeZone)],
    ['Content fingerprint', pack.contentHash],
    ...(pack.notices.length > 0
      ? [
          ['Notices shown', `${pack.notices.join('; ')} (above the signature, to every signer)`] as [
            string,
            string,
          ],
        ]
      : []),
    ['Produced', `${formatDateTime(pack.generatedAt, timeZone)} by ${pack.generatedBy}`],
  ];
  doc.fontSize(9);
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font('bold').fillColor('black').text(label, margin, y, { width: 110 });
    doc.font('regular').text(value, margin + 115, y, { width: doc.page.width - 2 * margin - 115 });
    doc.moveDown(0.2);
  }
  doc
    .moveDown(0.5)
    .fillColor(grey)
    .text(
      'Each signature was given by the person named, signed in with their school account, on the exact text identified by the fingerprint above. Signatures on an earlier version count when this version made no material change.',
      margin,
      doc.y,
      { width: doc.page.width - 2 * margin },
    );
}

function section(doc: PDFKit.PDFDocument, title: string): void {
  if (doc.y > doc.page.height - margin - 80) doc.addPage();
  doc.moveDown(1.2).font('bold').fontSize(12).fillColor('black').text(title, margin, doc.y);
  doc.moveDown(0.4);
}

function table<T>(
  doc: PDFKit.PDFDocument,
  columns: readonly Column<T>[],
  rows: readonly T[],
  empty: string,
): void {
  doc.fontSize(8.5);
  if (rows.length === 0) {
    doc.font('regular').fillColor(grey).text(empty, margin, doc.y);
    return;
  }
  tableRow(doc, columns, (c) => c.title, 'bold');
  for (const row of rows)
    tableRow(
      doc,
      columns,
      (c) => c.value(row),
      'regular',
      () => tableRow(doc, columns, (c) => c.title, 'bold'),
    );
}

function tableRow<T>(
  doc: PDFKit.PDFDocument,
  columns: readonly Column<T>[],
  text: (column: Column<T>) => string,
  font: 'regular' | 'bold',
  onNewPage?: () => void,
): void {
  doc.font(font);
  const height = Math.max(...columns.map((c) => doc.heightOfString(text(c), { width: c.width - 6 }))) + 5;
  if (doc.y + height > doc.page.height - margin - 20) {
    doc.addPage();
    onNewPage?.();
    doc.font(font);
  }
  const top = doc.y;
  let x = margin;
  for (const column of columns) {
    doc.fillColor('black').text(text(column), x, top + 2, { width: column.width - 6 });
    x += column.width;
  }
  doc
    .moveTo(margin, top + height)
    .lineTo(x, top + height)
    .lineWidth(0.4)
    .strokeColor('#bbbbbb')
    .stroke();
  doc.x = margin;
  doc.y = top + height;
}

function footer(doc: PDFKit.PDFDocument, pack: EvidencePack, timeZone: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.height - margin + 16;
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor(grey)
      .text(
        `${pack.title} ${pack.label} — produced by Conduct on ${formatDate(pack.generatedAt, timeZone)} — page ${i + 1} of ${range.count}`,
        margin,
        bottom,
        { width: doc.page.width - 2 * margin, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = margin;
  }
}
