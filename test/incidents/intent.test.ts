import { existsSync, readFileSync } from 'node:fs';
import { heldOutCorpus } from '../../bench/intent';
import { modelFile, modelText, summary, tuningCorpus } from '../../scripts/train-intent';
import {
  childSafetyType,
  examinedCharacters,
  matchIntent,
  menuOrder,
  notAnIncident,
  tokenise,
} from '../../src/incidents/intent';
import { measureIntent, readCorpus } from '../../src/incidents/intent-measure';
import { incidentTypes } from '../../src/incidents/catalogue';

const labels = [...incidentTypes.map((type) => type.id), notAnIncident];

describe('the tuning corpus', () => {
  const samples = readCorpus(tuningCorpus);

  it('has at least 300 messages, 100 about a child, and every type and non-incidents', () => {
    expect(samples.length).toBeGreaterThanOrEqual(300);
    const count = (label: string) => samples.filter((s) => s.label === label).length;
    expect(count(childSafetyType)).toBeGreaterThanOrEqual(100);
    for (const label of labels) expect([label, count(label) >= 10]).toEqual([label, true]);
    expect(samples.filter((s) => !labels.includes(s.label))).toEqual([]);
  });

  it('is matched as labelled (the classifier learnt it), child safety never missed', () => {
    const figures = measureIntent(samples, incidentTypes);
    console.log(`tuning set:\n${summary(figures)}`);
    expect(figures.childSafety.startedOrOfferedFirst).toBe(1);
    expect(figures.startedRight).toBeGreaterThanOrEqual(0.9);
  });

  it('has a committed model equal to a fresh training (run `npm run train:intent` after changing the corpus)', () => {
    expect(readFileSync(modelFile, 'utf8')).toBe(modelText());
  });
});

describe('matching what people say to an incident type', () => {
  it('is unsure when a message may be about a child as well as another type, and offers both', () => {
    const match = matchIntent(
      'a pupil saw an upsetting video in class and now seems withdrawn',
      incidentTypes,
    );
    expect(match.type).toBeUndefined();
    expect(
      match.candidates
        .slice(0, 2)
        .map((c) => c.type)
        .sort(),
    ).toEqual([childSafetyType, 'inadvertent_access']);
    expect(menuOrder(match, incidentTypes)[0]!.id).toBe(childSafetyType);
  });

  it('starts the type when one reading clearly wins', () => {
    expect(
      matchIntent('i clicked a link in an email and now my laptop has a virus', incidentTypes).type,
    ).toBe('virus');
    expect(matchIntent('a pupil told me she is scared to go home', incidentTypes).type).toBe(childSafetyType);
  });

  it('offers child safety first whenever it is unsure, then the likeliest', () => {
    const unsure = matchIntent(
      'a pupil saw an upsetting video in class and now seems withdrawn',
      incidentTypes,
    );
    expect(menuOrder(unsure, incidentTypes).map((t) => t.id)).toEqual([
      childSafetyType,
      ...unsure.candidates.map((c) => c.type).filter((id) => id !== childSafetyType),
      ...incidentTypes
        .map((t) => t.id)
        .filter((id) => id !== childSafetyType && !unsure.candidates.some((c) => c.type === id)),
    ]);
    const nothing = matchIntent('zxqv plorb', incidentTypes);
    expect(nothing).toEqual({ type: undefined, confidence: 0, candidates: [] });
    expect(menuOrder(nothing, incidentTypes)[0]!.id).toBe(childSafetyType);
  });

  it('forgives a typo in a longer word, and reads British and American spellings alike', () => {
    expect(matchIntent('think ive got a virsu on my laptp', incidentTypes).type).toBe('virus');
    expect(matchIntent('concerned about a pupils wellfare', incidentTypes).type).toBe(childSafetyType);
    expect(tokenise("I've told the ORGANIZATION's office")).toEqual([
      'ive',
      'told',
      'the',
      'organisations',
      'office',
    ]);
  });

  it(`reads only the first ${examinedCharacters} characters, so a huge message is answered at once`, () => {
    const start = 'a pupil told me she is scared to go home. ';
    const huge = start + 'blah '.repeat(180_000);
    expect(huge.length).toBeGreaterThan(900_000);
    expect(matchIntent(huge, incidentTypes)).toEqual(
      matchIntent(huge.slice(0, examinedCharacters), incidentTypes),
    );
    // Words past the cap are never read: a virus mentioned there changes nothing.
    expect(matchIntent(`${huge} virus malware ransomware`, incidentTypes)).toEqual(
      matchIntent(huge, incidentTypes),
    );
    // CPU time, not the wall clock: on a busy machine the wall clock measures the other processes.
    const began = process.cpuUsage();
    for (let i = 0; i < 10; i += 1) matchIntent(huge, incidentTypes);
    // Ten 900,000-character messages in well under a second (the old matcher took 12 s for one).
    const spent = process.cpuUsage(began);
    expect((spent.user + spent.system) / 1000).toBeLessThan(500);
  });
});

/** Written by someone else and never read by tuning: the figures that count. */
describe('on the held-out corpus (never used for tuning)', () => {
  const figures = () => {
    expect(existsSync(heldOutCorpus)).toBe(true);
    const result = measureIntent(readCorpus(heldOutCorpus), incidentTypes);
    expect(result.messages).toBeGreaterThanOrEqual(200);
    return result;
  };

  it('starts child safety, or offers it first in a one-tap choice, for at least 98% of concerns about a child', () => {
    const result = figures();
    // Aggregate figures and the confusion table only: the messages themselves are never printed.
    console.log(`held-out set:\n${summary(result)}`);
    expect(result.childSafety.messages).toBeGreaterThanOrEqual(70);
    expect(result.childSafety.startedOrOfferedFirst).toBeGreaterThanOrEqual(0.98);
  });

  it('starts the right type (nothing, for a message that is not an incident) for at least 90% of all', () => {
    expect(figures().startedRight).toBeGreaterThanOrEqual(0.9);
  });
});
