import PDFDocument from 'pdfkit';
import { unicodeFonts } from '../shared/pdf-fonts';
import { dateTimeFormatter } from '../shared/time';
import type { SubjectAccessExport, Withheld } from './subject-access';
import type { CollectionHeading } from './subject-reading';

const margin = 48;
const grey = '#555555';
/** Between the values of one record on its line. */
const between = ' · ';
/** Where a record on a line has no value for a field. */
const none = '-';
/** A collection of this many records or fewer is printed field by field, each with its label. */
const fieldByFieldUpTo = 10;

/**
 * Text PDF's standard fonts can print: characters that read the same in Latin-1 and in the
 * WinAnsi encoding pdfkit writes them in. Anything else (Łukasz, Ştefan, an en dash) is drawn in
 * the embedded Unicode font.
 */
const latin1 = /^[\x20-\x7e\xa0-\xff\n]*$/;

/** One collection's section of the PDF, being drawn. */
export interface PdfSection {
  record(record: Record<string, unknown>): void;
  end(): void;
}

/** The subject-access PDF being drawn while the export is read, one collection at a time. */
export interface SubjectAccessPdf {
  /**
   * Draws the heading of the next collection's section (they come in the export's order), saying
   * it has `count` records; then each record, one line each, as `record` is given it; then `end`.
   */
  section(heading: CollectionHeading, count: number): PdfSection;
  /** Draws what was withheld and ends the document. */
  finish(withheld: readonly Withheld[]): PDFKit.PDFDocument;
}

/**
 * The subject-access export as a readable, tagged A4 PDF: per collection, why it is kept, what each
 * line gives, then one line per record (its values in that order).
 */
export function renderSubjectAccessPdf(data: SubjectAccessExport, timeZone: string): PDFKit.PDFDocument {
  const pdf = startSubjectAccessPdf(data, timeZone);
  for (const { records, ...heading } of data.collections) {
    const section = pdf.section(heading, records.length);
    for (const record of records) section.record(record);
    section.end();
  }
  return pdf.finish(data.withheld);
}

/**
 * Starts the export's PDF with its title and introduction, so that each collection's section can
 * be drawn as soon as its records are read (the same document as `renderSubjectAccessPdf` draws).
 *
 * It stays cheap for a person with ten years of records (about 550): each record is one text run,
 * not a bold label and a value per field (ten times the runs), and text PDF's standard fonts can
 * print is drawn in Helvetica, whose widths pdfkit reads from a table, instead of shaping every word
 * through the embedded font.
 */
export function startSubjectAccessPdf(
  head: Pick<SubjectAccessExport, 'person' | 'generatedAt'>,
  timeZone: string,
): SubjectAccessPdf {
  const title = `Personal data held about ${head.person.displayName}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    info: { Title: title, Author: 'Conduct' },
    // Tagged, with its language and title, so that a screen reader reads headings, paragraphs and
    // one list item per record.
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.5',
  });
  doc.registerFont('regular', unicodeFonts.regular).registerFont('bold', unicodeFonts.bold);
  const width = doc.page.width - 2 * margin;
  const inFont = measuringOnce(doc);
  const font = (text: string, bold = false): string =>
    latin1.test(text) ? (bold ? 'Helvetica-Bold' : 'Helvetica') : bold ? 'bold' : 'regular';
  const document = doc.struct('Document');
  doc.addStructure(document);
  const paragraph = (
    parent: PDFKit.PDFStructureElement,
    type: string,
    text: string,
    size: number,
    bold = false,
  ) =>
    parent.add(
      doc.struct(type, {}, () => {
        inFont(font(text, bold), size).text(text, margin, doc.y, { width });
      }),
    );

  // One list item per record: its line, in the font that can print it.
  const item = (line: string) =>
    doc.struct('LI', {}, [doc.struct('LBody', {}, () => inFont(font(line)).text(line, { width }))]);

  paragraph(document, 'H1', title, 18, true);
  doc.fillColor(grey);
  const format = dateTimeFormatter(timeZone);
  paragraph(
    document,
    'P',
    `Produced ${format(head.generatedAt)} in answer to a subject-access request. Every record ` +
      'Conduct holds that names this person, by collection, with why it is kept. A collection of ' +
      `more than ${fieldByFieldUpTo} records has one line per record: its values in the order its ` +
      `heading gives, separated by "${between.trim()}", ` +
      `with "${none}" where the record has none; "this person" stands for ${head.person.displayName}'s ` +
      'own id. The same data is in subject-access.json, as stored.',
    10,
  );
  const describe = describer(format, head.person.id);
  const section = (heading: CollectionHeading, count: number): PdfSection => {
    if (doc.y > doc.page.height - margin - 80) doc.addPage();
    const sect = doc.struct('Sect');
    document.add(sect);
    doc.moveDown(1).fillColor('black');
    paragraph(sect, 'H2', `${heading.collection} (${count})`, 12, true);
    doc.fillColor(grey);
    paragraph(sect, 'P', `Kept for: ${heading.purpose}`, 9);
    const values = (record: Record<string, unknown>) =>
      heading.fields.map((field) => {
        const value = valueAt(record, field.path);
        const text = value === undefined || value === null ? '' : describe(value);
        return text === '' ? undefined : text;
      });
    // A few records (the person's own entry, their roles…) read best field by field; many (cards,
    // signatures, the audit trail) as one line each under a key, about a third of the text.
    const byField = count <= fieldByFieldUpTo;
    if (!byField) {
      paragraph(sect, 'P', `Each line: ${heading.fields.map((field) => field.what).join(between)}`, 9);
    }
    doc.moveDown(0.4).fillColor('black');
    const list = doc.struct('L');
    sect.add(list);
    return {
      record: (record) => {
        const line = byField
          ? values(record)
              .flatMap((value, i) => (value === undefined ? [] : [`${heading.fields[i]!.what}: ${value}`]))
              .join('\n')
          : values(record)
              .map((value) => value ?? none)
              .join(between);
        list.add(item(line));
        if (byField) doc.moveDown(0.4);
      },
      end: () => {
        list.end();
        sect.end();
      },
    };
  };
  const finish = (withheld: readonly Withheld[]): PDFKit.PDFDocument => {
    if (withheld.length > 0) {
      doc.addPage();
      const section = doc.struct('Sect');
      document.add(section);
      paragraph(section, 'H2', `Withheld (${withheld.length})`, 12, true);
      paragraph(
        section,
        'P',
        'These parts are safeguarding content, kept encrypted. They are not in this export: the ' +
          'designated safeguarding lead reviews them and decides what can be disclosed.',
        9,
      );
      const list = doc.struct('L');
      section.add(list);
      for (const one of withheld) {
        const line = `${one.collection}, record ${one.recordId}: ${one.path}`;
        list.add(item(line));
      }
      list.end();
      section.end();
    }
    document.end();
    doc.end();
    return doc;
  };
  return { section, finish };
}

/**
 * Sets the font (and size) to draw in, and has each word's width in it measured once: as pdfkit
 * wraps a line it measures every word (each letter's width and kerning), and the same words (the
 * separators, "this person", the parts of dates, the actions) come back on hundreds of lines. The
 * widths are pdfkit's own, kept per font and size, so the layout is the same.
 */
function measuringOnce(doc: PDFKit.PDFDocument): (font: string, size?: number) => PDFKit.PDFDocument {
  const measure = doc.widthOfString.bind(doc);
  const byFont = new Map<string, Map<string, number>>();
  let widths = new Map<string, number>();
  let current = { font: '', size: 0 };
  doc.widthOfString = (text, options) => {
    if (options?.characterSpacing || options?.features) return measure(text, options);
    let known = widths.get(text);
    if (known === undefined) widths.set(text, (known = measure(text, options)));
    return known;
  };
  return (font, size = current.size) => {
    current = { font, size };
    const key = `${font} ${size}`;
    widths = byFont.get(key) ?? new Map<string, number>();
    byFont.set(key, widths);
    return doc.font(font).fontSize(size);
  };
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

/** A value as words: dates in the school's time zone, the person's own id as "this person". */
function describer(format: (at: Date) => string, personId: string): (value: unknown) => string {
  const describe = (value: unknown): string => {
    if (value instanceof Date) return format(value);
    // An array path through sub-documents (each timeline step's note) skips the steps without one.
    if (Array.isArray(value)) {
      return value
        .filter((item) => item !== undefined && item !== null && item !== '')
        .map(describe)
        .join('; ');
    }
    if (value !== null && typeof value === 'object') {
      if ('withheld' in value) return '(withheld for the safeguarding lead to review)';
      const hex = (value as { toHexString?: () => string }).toHexString;
      if (typeof hex === 'function') return describe(hex.call(value));
      return Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => `${k} ${describe(v)}`)
        .join(', ');
    }
    const text = String(value);
    return text === personId ? 'this person' : text;
  };
  return describe;
}
