import type { IncidentField } from './catalogue';
import type { AnswerContext, ParsedAnswer } from './answer-shape';
import { formatLongDateTime, readPastMoment } from '../shared/time';

export type { AnswerContext, AnswerValue, ParsedAnswer } from './answer-shape';

const defaultMaxLength: Record<string, number> = { text: 300, longText: 4_000 };
const skipWords = new Set([
  'skip',
  'none',
  'n a',
  'na',
  'nothing',
  'no idea',
  'dont know',
  'do not know',
  'not known',
  'unknown',
  'not sure',
  'unsure',
  'cant remember',
  '-',
]);

/** Reads one answer to one question; a problem comes back as a sentence to show the person. */
export function parseAnswer(field: IncidentField, raw: string, context: AnswerContext): ParsedAnswer {
  // Control characters never belong in a report (and would garble the incident sheet).
  const text = withoutControlCharacters(raw).trim();
  const max = field.maxLength ?? defaultMaxLength[field.kind] ?? 300;
  if (text.length > Math.max(max, 4_000)) return tooLong(text.length, max);
  if (text === '' || (!field.required && skipWords.has(simplify(text)) && field.kind !== 'yesNo')) {
    return field.required
      ? { ok: false, problem: 'I need an answer to this one before we go on.' }
      : { ok: true, value: undefined };
  }
  if (field.required && simplify(text) === 'skip') {
    return { ok: false, problem: 'This question cannot be skipped: a short answer is fine.' };
  }
  switch (field.kind) {
    case 'text':
    case 'longText':
      return text.length > max ? tooLong(text.length, max) : { ok: true, value: text };
    case 'yesNo':
      return parseYesNo(text, field.allowUnsure === true);
    case 'count':
      return parseCount(text);
    case 'choice':
      return parseChoice(field, text);
    case 'when':
      return parseWhen(text, context);
  }
}

/** A moment in the past, read by the time module; the future and the unreadable are said why. */
export function parseWhen(text: string, context: AnswerContext): ParsedAnswer {
  const read = readPastMoment(text, context);
  if (read.kind === 'past') return { ok: true, value: read.at.toISOString() };
  if (read.kind === 'future') {
    return {
      ok: false,
      problem: `I read that as ${formatLongDateTime(read.at, context.timeZone)}, which has not happened yet, so I have not kept it. When did it happen, or when did you first notice? (e.g. "this morning", "yesterday 14:30")`,
    };
  }
  return {
    ok: false,
    problem:
      'I could not read that as a date or time. Try "now", "this morning", "yesterday 14:30", "last week" or "21/11/2026 09:00".',
  };
}

/** Drops control characters but keeps tabs and line breaks. */
const withoutControlCharacters = (text: string): string =>
  [...text]
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
    })
    .join('');

function tooLong(length: number, max: number): ParsedAnswer {
  return {
    ok: false,
    problem: `That is ${length.toLocaleString('en-GB')} characters; please keep this answer under ${max.toLocaleString('en-GB')}. A summary is fine: whoever takes the report can ask for more.`,
  };
}

const simplify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const yes = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'yes it was',
  'it was',
  'i have',
  'i did',
  'done',
  'correct',
  'true',
  'they were',
  'yes they were',
]);
const no = new Set([
  'no',
  'n',
  'nope',
  'nah',
  'no it wasnt',
  'it wasnt',
  'i havent',
  'i didnt',
  'not yet',
  'false',
  'they werent',
  'no they werent',
]);
const unsure = new Set([
  'not sure',
  'unsure',
  'dont know',
  'do not know',
  'i dont know',
  'no idea',
  'maybe',
  'possibly',
  'unknown',
  'not known',
  'cant remember',
]);

function parseYesNo(text: string, allowUnsure: boolean): ParsedAnswer {
  const said = simplify(text);
  if (yes.has(said)) return { ok: true, value: 'yes' };
  if (no.has(said)) return { ok: true, value: 'no' };
  if (allowUnsure && unsure.has(said)) return { ok: true, value: 'unsure' };
  return {
    ok: false,
    problem: allowUnsure ? 'Please answer yes, no or not sure.' : 'Please answer yes or no.',
  };
}

function parseCount(text: string): ParsedAnswer {
  const said = simplify(text);
  if (unsure.has(said) || skipWords.has(said)) return { ok: true, value: null };
  const digits =
    /^(?:about|around|roughly|approx(?:imately)?|over|nearly|~)?\s*(\d[\d,]*)\s*(?:ish|or so|\+)?$/i.exec(
      text.trim(),
    );
  const number = digits ? Number(digits[1]!.replace(/,/g, '')) : NaN;
  if (!Number.isSafeInteger(number) || number > 100_000_000) {
    return { ok: false, problem: 'Please give a number (e.g. 30), or say "not known".' };
  }
  return { ok: true, value: number };
}

function parseChoice(field: IncidentField, text: string): ParsedAnswer {
  const said = simplify(text);
  const choice = (field.choices ?? []).find(
    (option) => simplify(option.value) === said || simplify(option.label) === said,
  );
  if (choice) return { ok: true, value: choice.value };
  return {
    ok: false,
    problem: `Please choose one of: ${(field.choices ?? []).map((c) => c.label).join(', ')}.`,
  };
}
