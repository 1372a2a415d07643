import { parseAnswer } from '../../src/incidents/answers';
import { parseWhen, zonedTime } from '../../src/incidents/when';
import type { IncidentField } from '../../src/incidents/catalogue';

const london = 'Europe/London';
/** Thursday 16 July 2026, 10:00 in London (British Summer Time, UTC+1). */
const summer = { now: new Date('2026-07-16T09:00:00Z'), timeZone: london };
/** Monday 23 November 2026, 10:00 in London (GMT). */
const winter = { now: new Date('2026-11-23T10:00:00Z'), timeZone: london };

const when = (text: string, context = winter): string | undefined => {
  const parsed = parseWhen(text, context);
  return parsed.ok ? String(parsed.value) : undefined;
};

const field = (kind: IncidentField['kind'], extra: Partial<IncidentField> = {}): IncidentField => ({
  key: 'k',
  label: 'K',
  question: 'Q?',
  kind,
  required: true,
  ...extra,
});

describe('reading when something happened', () => {
  it('reads the ways people say it, as the school clock, in summer and in winter', () => {
    expect(when('now')).toBe('2026-11-23T10:00:00.000Z');
    expect(when('just now')).toBe('2026-11-23T10:00:00.000Z');
    expect(when('today 08:15')).toBe('2026-11-23T08:15:00.000Z');
    expect(when('today at 8.15am', summer)).toBe('2026-07-16T07:15:00.000Z');
    expect(when('yesterday 14:30', summer)).toBe('2026-07-15T13:30:00.000Z');
    expect(when('yesterday at 2pm')).toBe('2026-11-22T14:00:00.000Z');
    expect(when('3 hours ago')).toBe('2026-11-23T07:00:00.000Z');
    expect(when('an hour ago')).toBe('2026-11-23T09:00:00.000Z');
    expect(when('21/11/2026 09:00')).toBe('2026-11-21T09:00:00.000Z');
    expect(when('10/07/26 09:00', summer)).toBe('2026-07-10T08:00:00.000Z');
    expect(when('on friday 3pm')).toBe('2026-11-20T15:00:00.000Z');
    expect(when('monday')).toBe('2026-11-16T12:00:00.000Z');
    expect(when('2026-11-20T16:45')).toBe('2026-11-20T16:45:00.000Z');
    expect(when('2026-07-10T16:45', summer)).toBe('2026-07-10T15:45:00.000Z');
  });

  it('refuses the future, impossible dates and things that are not dates, saying what to type', () => {
    expect(parseWhen('tomorrow', winter)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('could not read'),
    });
    expect(parseWhen('25/12/2026', winter)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('in the future'),
    });
    expect(parseWhen('today 23:00', winter)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('in the future'),
    });
    expect(parseWhen('31/02/2026', winter)).toMatchObject({ ok: false });
    expect(parseWhen('today 25:61', winter)).toMatchObject({ ok: false });
    expect(when('in a few minutes')).toBeUndefined();
  });

  it('finds the UTC moment of a wall-clock time either side of the clocks changing', () => {
    expect(zonedTime(2026, 3, 29, 0, 30, london).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedTime(2026, 3, 29, 3, 0, london).toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(zonedTime(2026, 10, 25, 3, 0, london).toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });
});

describe('reading answers', () => {
  it('takes yes, no and not sure in everyday forms, and only those', () => {
    expect(parseAnswer(field('yesNo'), 'Yep', winter)).toEqual({ ok: true, value: 'yes' });
    expect(parseAnswer(field('yesNo'), "No, it wasn't", winter)).toEqual({ ok: true, value: 'no' });
    expect(parseAnswer(field('yesNo', { allowUnsure: true }), "don't know", winter)).toEqual({
      ok: true,
      value: 'unsure',
    });
    expect(parseAnswer(field('yesNo'), "don't know", winter)).toMatchObject({
      ok: false,
      problem: 'Please answer yes or no.',
    });
  });

  it('takes counts with the odd word around them, or "not known"', () => {
    expect(parseAnswer(field('count'), 'about 1,200', winter)).toEqual({ ok: true, value: 1200 });
    expect(parseAnswer(field('count'), '30ish', winter)).toEqual({ ok: true, value: 30 });
    expect(parseAnswer(field('count'), 'not known', winter)).toEqual({ ok: true, value: null });
    expect(parseAnswer(field('count'), 'lots', winter)).toMatchObject({ ok: false });
  });

  it('needs an answer to a required question, lets an optional one be skipped, and limits length', () => {
    expect(parseAnswer(field('text'), '   ', winter)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('I need an answer'),
    });
    expect(parseAnswer(field('text', { required: false }), 'skip', winter)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(parseAnswer(field('text'), 'nothing yet', winter)).toEqual({ ok: true, value: 'nothing yet' });
    expect(parseAnswer(field('text'), 'Skip', winter)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('cannot be skipped'),
    });
    expect(parseAnswer(field('text', { maxLength: 10 }), 'x'.repeat(11), winter)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('under 10'),
    });
    expect(parseAnswer(field('longText'), 'Line one\nLine two\u0007', winter)).toEqual({
      ok: true,
      value: 'Line one\nLine two',
    });
  });
});
