import { parseAnswer, parseWhen } from '../../src/incidents/answers';
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
    expect(when('about 10 mins ago')).toBe('2026-11-23T09:50:00.000Z');
    expect(when('21/11/2026 09:00')).toBe('2026-11-21T09:00:00.000Z');
    expect(when('10/07/26 09:00', summer)).toBe('2026-07-10T08:00:00.000Z');
    expect(when('on friday 3pm')).toBe('2026-11-20T15:00:00.000Z');
    expect(when('monday')).toBe('2026-11-16T12:00:00.000Z');
    expect(when('2026-11-20T16:45')).toBe('2026-11-20T16:45:00.000Z');
    expect(when('2026-07-10T16:45', summer)).toBe('2026-07-10T15:45:00.000Z');
    expect(when('2026-07-10T16:45Z', summer)).toBe('2026-07-10T16:45:00.000Z');
  });

  it('understands vague answers, placing each at the time it usually means', () => {
    // Monday 23 November 2026, 10:00.
    expect(when('this morning')).toBe('2026-11-23T09:00:00.000Z');
    expect(when('earlier today')).toBe('2026-11-23T10:00:00.000Z');
    expect(when('last week')).toBe('2026-11-16T12:00:00.000Z');
    expect(when('a few days ago')).toBe('2026-11-20T12:00:00.000Z');
    expect(when('yesterday')).toBe('2026-11-22T12:00:00.000Z');
    expect(when('last night')).toBe('2026-11-22T19:00:00.000Z');
    expect(when('yesterday at lunch')).toBe('2026-11-22T12:30:00.000Z');
    expect(when('friday afternoon')).toBe('2026-11-20T14:00:00.000Z');
    expect(when('yesterday at 3')).toBe('2026-11-22T15:00:00.000Z');
    // Said at 08:20 in summer, "this morning" cannot be 09:00: it is the morning so far.
    expect(when('this morning', { now: new Date('2026-07-16T07:20:00Z'), timeZone: london })).toBe(
      '2026-07-16T07:20:00.000Z',
    );
  });

  it('answers a time still to come by saying so, with what it read, instead of keeping it', () => {
    expect(parseWhen('tomorrow at 3', winter)).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^I read that as Tuesday 24 November 2026 at 15:00, which has not happened yet/,
      ),
    });
    // Once answered "I could not read that as a date": it is read, and said to be still to come.
    expect(parseWhen('tomorrow 10:00', winter)).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^I read that as Tuesday 24 November 2026 at 10:00, which has not happened yet/,
      ),
    });
    for (const text of [
      'tomorrow',
      '25/12/2026',
      'today 23:00',
      'in a few minutes',
      'next week',
      'this afternoon',
    ])
      expect(parseWhen(text, winter)).toMatchObject({
        ok: false,
        problem: expect.stringContaining('has not happened yet'),
      });
  });

  it('refuses impossible dates and things that are not dates, saying what to type', () => {
    for (const text of [
      '31/02/2026',
      'today 25:61',
      'the day after the trip',
      'the blue one',
      'x'.repeat(200),
    ])
      expect(parseWhen(text, winter)).toMatchObject({
        ok: false,
        problem: expect.stringContaining('I could not read that as a date or time'),
      });
  });

  it('keeps the school clock either side of the clocks changing', () => {
    // Sunday 25 October 2026, 03:30 GMT: the clocks went back at 02:00 BST, an hour and a half ago.
    const autumn = { now: new Date('2026-10-25T03:30:00Z'), timeZone: london };
    expect(when('3 hours ago', autumn)).toBe('2026-10-25T00:30:00.000Z');
    expect(when('yesterday 14:30', autumn)).toBe('2026-10-24T13:30:00.000Z');
    expect(when('today 03:00', autumn)).toBe('2026-10-25T03:00:00.000Z');
    // Monday 30 March 2026, 10:00 BST: the clocks went forward on Sunday.
    const spring = { now: new Date('2026-03-30T09:00:00Z'), timeZone: london };
    expect(when('yesterday 9am', spring)).toBe('2026-03-29T08:00:00.000Z');
    expect(when('saturday 9am', spring)).toBe('2026-03-28T09:00:00.000Z');
    expect(when('48 hours ago', spring)).toBe('2026-03-28T09:00:00.000Z');
    expect(when('2 days ago', spring)).toBe('2026-03-28T12:00:00.000Z');
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
