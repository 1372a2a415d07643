import PDFDocument from 'pdfkit';
import { unicodeFonts } from '../shared/pdf-fonts';
import { formatDateTime } from '../shared/time';
import type { SubjectAccessExport } from './subject-access';

const margin = 48;
const grey = '#555555';

/** The subject-access export as a readable A4 PDF: per collection, why it is kept and each record's personal fields. */
export function renderSubjectAccessPdf(data: SubjectAccessExport, timeZone: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    info: { Title: `Personal data held about ${data.person.displayName}`, Author: 'Conduct' },
  });
  doc.registerFont('regular', unicodeFonts.regular).registerFont('bold', unicodeFonts.bold);
  const width = doc.page.width - 2 * margin;
  doc.font('bold').fontSize(18).text(`Personal data held about ${data.person.displayName}`);
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(grey)
    .text(
      `Produced ${formatDateTime(data.generatedAt, timeZone)} in answer to a subject-access request. ` +
        'Every record Conduct holds that names this person, by collection, with why it is kept. ' +
        'The same data is in subject-access.json, as stored.',
      { width },
    );
  for (const collection of data.collections) {
    if (doc.y > doc.page.height - margin - 80) doc.addPage();
    doc.moveDown(1).font('bold').fontSize(12).fillColor('black');
    doc.text(`${collection.collection} (${collection.records.length})`, margin, doc.y, { width });
    doc.font('regular').fontSize(9).fillColor(grey).text(`Kept for: ${collection.purpose}`, { width });
    for (const record of collection.records) {
      doc.moveDown(0.4).fillColor('black');
      for (const field of collection.fields) {
        const value = valueAt(record, field.path);
        if (value === undefined || value === null || value === '') continue;
        doc.font('bold').text(`${field.what}: `, margin, doc.y, { width, continued: true });
        doc.font('regular').text(describe(value, timeZone));
      }
    }
  }
  if (data.withheld.length > 0) {
    doc.addPage().font('bold').fontSize(12).fillColor('black').text(`Withheld (${data.withheld.length})`);
    doc
      .font('regular')
      .fontSize(9)
      .text(
        'These parts are safeguarding content, kept encrypted. They are not in this export: the ' +
          'designated safeguarding lead reviews them and decides what can be disclosed.',
        { width },
      );
    for (const item of data.withheld) doc.text(`${item.collection}, record ${item.recordId}: ${item.path}`);
  }
  doc.end();
  return doc;
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (Array.isArray(value)) value = value.map((item) => (item as Record<string, unknown>)?.[key]);
    else if (value !== null && typeof value === 'object') value = (value as Record<string, unknown>)[key];
    else return undefined;
  }
  return value;
}

function describe(value: unknown, timeZone: string): string {
  if (value instanceof Date) return formatDateTime(value, timeZone);
  if (Array.isArray(value)) return value.map((item) => describe(item, timeZone)).join('; ');
  if (value !== null && typeof value === 'object') {
    if ('withheld' in value) return '(withheld for the safeguarding lead to review)';
    const hex = (value as { toHexString?: () => string }).toHexString;
    if (typeof hex === 'function') return hex.call(value);
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k} ${describe(v, timeZone)}`)
      .join(', ');
  }
  return String(value);
}
