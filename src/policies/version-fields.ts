import * as chrono from 'chrono-node/en';
import { formatDate } from '../shared/time';

/** What an imported document says about its version, offered to fill in the version's fields. */
export interface ImportedFields {
  label?: string;
  effectiveDate?: string;
  reviewDate?: string;
  nextReviewDate?: string;
}
type FieldName = keyof ImportedFields;

export interface FoundFields {
  /** The lines, with those recognised as fields or signature block blanked. */
  lines: string[];
  fields: ImportedFields;
  warnings: string[];
}

const fieldLabels: Record<FieldName, string> = {
  label: 'version(?: number| no\\.?)?',
  effectiveDate:
    'effective(?: date| from)?|date adopted|adopted(?: on)?|date of approval|(?:date )?approved(?: on| by governors(?: on)?)?|in force from|date issued|issue date',
  reviewDate:
    'review date|date of (?:last )?review|date reviewed|last reviewed(?: on)?|reviewed(?: on)?|last review(?: date)?',
  nextReviewDate:
    'next review(?: date| due)?|date of next review|review due|due for review|to be reviewed(?: by)?|review by|renewal date',
};
const fieldNames = Object.keys(fieldLabels) as FieldName[];
const fieldPatterns = fieldNames.map(
  (name) =>
    [name, new RegExp(`^(?:${fieldLabels[name]})(?=[\\s:.–—-]|$)[\\s:.–—-]*(?<value>.*)$`, 'i')] as const,
);
const fieldWords: Record<FieldName, string> = {
  label: 'version',
  effectiveDate: 'effective date',
  reviewDate: 'review date',
  nextReviewDate: 'next review date',
};

/** Labels of a paper signature block; the first group alone makes a block of it. */
const signatureLabel =
  /^(?<label>(?<strong>sign(?:ed|ature)?(?: here)?|print(?:ed)? name|name \(print(?:ed)?\)|name in capitals|(?:staff|pupil|parent|carer|parent\/carer)(?:'s)? signature)|name|full name|date(?: signed)?|job title|position|role|department|class|year group|form)(?=[\s:._…-]|$)[\s:]*(?<value>.*)$/i;
const filler = /^[\s_.…·-]*$/;

/** Splits a line where a form puts several fields side by side: tabs, wide gaps or a bar. */
const segmentsOf = (line: string): string[] =>
  line
    .split(/\t+| {2,}|\s\|\s|^\||\|$/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Markdown's emphasis and escapes, which a Word document's bold labels arrive with. */
const plain = (line: string): string =>
  line.replace(/\\(?=[\\`*_[\]<>#.|-])/g, '').replace(/\*\*|__|(?<!\w)[*_]|[*_](?!\w)/g, '');

type Segment =
  | { kind: 'signature'; label: string; strong: boolean }
  | { kind: 'field'; name: FieldName; value: string; line: string };

function segment(text: string, line: string): Segment | undefined {
  for (const [name, pattern] of fieldPatterns) {
    const value = pattern.exec(text)?.groups?.value?.trim();
    if (value === undefined) continue;
    // "Next review: ______" is a form's empty field; "Next review: Summer term 2027" one to set by hand.
    if (
      filler.test(value) ? text.includes(':') : fieldValue(name, value) !== undefined || looksLikeWhen(value)
    ) {
      return { kind: 'field', name, value: filler.test(value) ? '' : value, line };
    }
  }
  const signature = signatureLabel.exec(text)?.groups;
  if (signature)
    return { kind: 'signature', label: signature.label!, strong: signature.strong !== undefined };
  return undefined;
}

/** All of a line's segments, if every one is a field or a signature label; otherwise nothing. */
function lineSegments(line: string): Segment[] | undefined {
  const text = plain(line);
  // A table's header rule, or a row of empty cells.
  if (/^\s*\|[\s|:-]*$/.test(text)) return [];
  const parts = segmentsOf(text);
  const segments = parts.map((part) => segment(part, text.trim()));
  if (parts.length === 0 || segments.some((s) => s === undefined)) return undefined;
  return segments as Segment[];
}

/**
 * Finds a paper signature block ("Signed: ____  Date: ____", "Printed name:", "Job title:") and the
 * version's dates ("Review date: 1 September 2025", "Next review: September 2026", "Version: 3")
 * on lines of their own, anywhere in the document, and takes them out of the text: a signature is
 * given in Teams, and the dates belong in the version's fields.
 */
export function findVersionFields(input: readonly string[]): FoundFields {
  const lines = [...input];
  const found = lines.map(lineSegments);
  const fields: ImportedFields = {};
  const signatureLabels = new Set<string>();
  const notUnderstood: { line: string; name: FieldName }[] = [];
  const take = (line: number): void => {
    for (const s of found[line] ?? []) {
      if (s.kind === 'signature') signatureLabels.add(capitalise(s.label.toLowerCase()));
      else if (s.value !== '') {
        const value = fieldValue(s.name, s.value);
        if (value === undefined) notUnderstood.push({ line: s.line, name: s.name });
        else fields[s.name] ??= value;
      }
    }
    lines[line] = '';
  };
  for (const [start, end] of runs(found, lines)) {
    const members = range(start, end).filter((line) => found[line]);
    const own = (line: number) => found[line]!;
    const onlyFields = (line: number) => own(line).length > 0 && own(line).every((s) => s.kind === 'field');
    // A run of such lines is one form: with a signature label it is a signature block, and goes whole.
    const whole =
      members.some((line) => own(line).some((s) => s.kind === 'signature' && s.strong)) ||
      members.every((line) => own(line).length === 0 || onlyFields(line));
    for (const line of members) if (whole || onlyFields(line)) take(line);
  }
  const warnings: string[] = [];
  if (signatureLabels.size > 0) {
    warnings.push(
      `The paper signature block (${[...signatureLabels].join(', ')}) was left out of the text: each person signs from their card in Teams, and Conduct records who signed and when.`,
    );
  }
  const filled = fieldNames.filter((name) => fields[name] !== undefined);
  if (filled.length > 0) {
    warnings.push(
      `Left out of the text and filled in as the version's fields: ${filled.map((name) => `${fieldWords[name]} ${shown(name, fields[name]!)}`).join(', ')}.`,
    );
  }
  for (const { line, name } of notUnderstood) {
    warnings.push(
      `"${line}" was left out of the text, but its date was not understood: set the version's ${fieldWords[name]} yourself.`,
    );
  }
  return { lines, fields, warnings };
}

/** Runs of recognised lines, blank lines between them allowed, as [first, last] line numbers. */
function runs(found: readonly (Segment[] | undefined)[], lines: readonly string[]): [number, number][] {
  const result: [number, number][] = [];
  let index = 0;
  while (index < lines.length) {
    if (!found[index]?.length) {
      index += 1;
      continue;
    }
    let end = index;
    for (let next = index; next < lines.length && (found[next] || lines[next]!.trim() === ''); next += 1) {
      if (found[next]) end = next;
    }
    result.push([index, end]);
    index = end + 1;
  }
  return result;
}

const range = (start: number, end: number): number[] =>
  Array.from({ length: end - start + 1 }, (_, offset) => start + offset);

const looksLikeWhen = (value: string): boolean =>
  value.length <= 30 && /\d|\b(?:term|annual(?:ly)?|year|spring|summer|autumn|september)\b/i.test(value);

/** A date with its year ("1 September 2025", "01/09/2025", "September 2026") as YYYY-MM-DD. */
function fieldValue(name: FieldName, value: string): string | undefined {
  if (name === 'label') return value.length <= 40 && /\d/.test(value) ? value : undefined;
  const parsed = chrono.GB.parse(value)[0];
  if (!parsed || !parsed.start.isCertain('year')) return undefined;
  const [year, month, day] = (['year', 'month', 'day'] as const).map((part) => parsed.start.get(part)!);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const shown = (name: FieldName, value: string): string =>
  name === 'label' ? `"${value}"` : formatDate(new Date(`${value}T00:00:00Z`), 'UTC');

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
