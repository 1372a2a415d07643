import naiveBayes from 'wink-naive-bayes-text-classifier';
import stem from 'wink-porter2-stemmer';
import trainedModel from './intent-model.json';
import type { IncidentType } from './catalogue';

/** What a message seems to be about: the best type, how sure, and the runners-up. */
export interface IntentMatch {
  /** The type when the match is confident enough to start on it; undefined when unsure. */
  readonly type: string | undefined;
  /** 0–1: how likely the best type is. */
  readonly confidence: number;
  /** Types with some evidence, best first, each with its likelihood (0–1). */
  readonly candidates: readonly { readonly type: string; readonly score: number }[];
}

/** The type a concern about a child is reported as: offered first whenever it is plausible. */
export const childSafetyType = 'child_safety';
/** The corpus label of a message that is not an incident (never offered as a type). */
export const notAnIncident = 'none';

/**
 * Only the start of a message is read: what it is about is said in its first lines, and matching
 * stays a few milliseconds whatever is pasted (a 900,000-character message once held the server).
 */
export const examinedCharacters = 2_000;

/**
 * The decision, on the classifier's log₂ odds of a type against all the others. Chosen by
 * cross-validation on the tuning corpus only (`npm run train:intent` prints those figures).
 */
export const thresholds = {
  /** Start a type without asking when its odds are at least this… */
  sure: -4,
  /** …and it leads the runner-up by this much. */
  lead: 1,
  /** A runner-up this likely is a second reading of the message: the person chooses. */
  runnerUp: 0,
  /** Child safety this plausible stops any other type starting on its own: the person chooses. */
  childSafetyPlausible: -6,
  /** Types offered as likely in the one-tap choice. */
  candidate: -8,
} as const;

/** The trained classifier, as `npm run train:intent` wrote it. */
export interface IntentModel {
  readonly version: 1;
  /** The classifier's learnings, as wink-naive-bayes-text-classifier exports them. */
  readonly classifier: unknown;
}

interface Classifier {
  computeOdds(tokens: readonly string[]): [string, number][];
  learn(tokens: readonly string[], label: string): boolean;
  consolidate(): boolean;
  exportJSON(): string;
  importJSON(json: string): boolean;
  defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
}

/** A labelled message: the corpus and the catalogue's own phrases train the classifier. */
export interface IntentSample {
  readonly text: string;
  readonly label: string;
}

/**
 * Trains the classifier from labelled messages and each type's own phrases and keywords. The
 * result is deterministic: the committed model equals a fresh training on the same data.
 */
export function trainIntentModel(
  samples: readonly IntentSample[],
  types: readonly IncidentType[],
): IntentModel {
  const classifier = newClassifier();
  for (const sample of [...samples, ...catalogueSamples(types)]) {
    classifier.learn(intentFeatures(sample.text), sample.label);
  }
  classifier.consolidate();
  return { version: 1, classifier: JSON.parse(classifier.exportJSON()) as unknown };
}

/** The catalogue's phrases and keywords, each a short message of its type. */
function catalogueSamples(types: readonly IncidentType[]): IntentSample[] {
  return types.flatMap((type) => [
    ...type.match.phrases.map((text) => ({ text, label: type.id })),
    ...Object.keys(type.match.keywords).map((keyword) => ({
      text: keyword.replace(/\*$/, ''),
      label: type.id,
    })),
  ]);
}

function newClassifier(): Classifier {
  const classifier = (naiveBayes as () => Classifier)();
  classifier.defineConfig({ considerOnlyPresence: true, smoothingFactor: 0.5 });
  return classifier;
}

/** A classifier ready to read messages, with the spelling index of the words it knows. */
export interface IntentMatcher {
  readonly classifier: Classifier;
  readonly spelling: Spelling;
}

export function loadIntentMatcher(model: IntentModel): IntentMatcher {
  const classifier = newClassifier();
  classifier.importJSON(JSON.stringify(model.classifier));
  classifier.consolidate();
  const vocabulary = (model.classifier as unknown[])[4] as string[];
  return { classifier, spelling: spellingIndex(vocabulary.filter((word) => !word.includes(' '))) };
}

let committed: IntentMatcher | undefined;
const committedMatcher = (): IntentMatcher =>
  (committed ??= loadIntentMatcher(trainedModel as unknown as IntentModel));

/**
 * Matches free text ("I think my laptop has a virus") to an incident type. Pure, and linear in the
 * message's length up to `examinedCharacters`, past which nothing is read.
 */
export function matchIntent(
  text: string,
  types: readonly IncidentType[],
  matcher: IntentMatcher = committedMatcher(),
): IntentMatch {
  const known = new Set(types.map((type) => type.id));
  const features = intentFeatures(text, matcher.spelling);
  const odds = matcher.classifier.computeOdds(features).filter(([label]) => label !== 'unknown');
  if (odds.length === 0) return { type: undefined, confidence: 0, candidates: [] };
  const oddsOf = (label: string) => odds.find(([l]) => l === label)?.[1] ?? -Infinity;
  const [best, bestOdds] = odds[0]!;
  const runnerUp = odds[1]?.[1] ?? -Infinity;
  const candidates = odds
    .filter(([label, value]) => known.has(label) && value >= thresholds.candidate)
    .map(([type, value]) => ({ type, score: likelihood(value) }));
  const childSafetyPlausible =
    best !== childSafetyType && oddsOf(childSafetyType) >= thresholds.childSafetyPlausible;
  const sure =
    known.has(best) &&
    bestOdds >= thresholds.sure &&
    bestOdds - runnerUp >= thresholds.lead &&
    runnerUp < thresholds.runnerUp &&
    !childSafetyPlausible;
  return { type: sure ? best : undefined, confidence: likelihood(bestOdds), candidates };
}

/**
 * The one-tap choice offered when the bot is unsure: child safety first, then the likeliest types,
 * then the rest, so a concern about a child is never more than one tap away.
 */
export function menuOrder(match: IntentMatch, types: readonly IncidentType[]): IncidentType[] {
  const order = [childSafetyType, ...match.candidates.map((candidate) => candidate.type)];
  const rank = (type: IncidentType) => {
    const index = order.indexOf(type.id);
    return index < 0 ? order.length : index;
  };
  return [...types].sort((a, b) => rank(a) - rank(b));
}

/** Log₂ odds as a likelihood between 0 and 1, rounded for display. */
const likelihood = (odds: number): number => Math.round((1 / (1 + 2 ** -odds)) * 100) / 100;

/** Words too common to say anything about what happened. */
const stopWords = new Set(
  (
    'a an the and or but to of in on at for with by from as is are was were be been being it its this ' +
    'that these those there theres has have had do does did so just some any very really also then than ' +
    'can could would should will shall may might must i im ive id'
  ).split(' '),
);

/**
 * What the classifier reads: the stems of the words that carry meaning (a misspelt word taken as
 * the known word one edit away), and each pair of neighbouring stems.
 */
export function intentFeatures(text: string, spelling?: Spelling): string[] {
  const stems = tokenise(text.slice(0, examinedCharacters))
    .filter((word) => !stopWords.has(word))
    .map((word) => {
      const stemmed = stem(word);
      return spelling ? correct(spelling, stemmed) : stemmed;
    });
  const pairs = stems.slice(1).map((word, i) => `${stems[i]} ${word}`);
  return [...stems, ...pairs];
}

/**
 * Known words by every form one letter shorter (symmetric delete): a misspelling one edit from a
 * known word shares such a form with it, found in time linear in the word's length.
 */
interface Spelling {
  readonly known: ReadonlySet<string>;
  readonly byDeletion: ReadonlyMap<string, string>;
}

const deletions = (word: string): string[] =>
  Array.from({ length: word.length }, (_, i) => word.slice(0, i) + word.slice(i + 1));

function spellingIndex(words: readonly string[]): Spelling {
  const byDeletion = new Map<string, string>();
  for (const word of words) {
    if (word.length < 5) continue;
    for (const form of [word, ...deletions(word)]) if (!byDeletion.has(form)) byDeletion.set(form, word);
  }
  return { known: new Set(words), byDeletion };
}

/** The known word a word of five letters or more is one edit from, or the word itself. */
function correct(spelling: Spelling, word: string): string {
  if (word.length < 5 || word.length > 30 || spelling.known.has(word)) return word;
  for (const form of [word, ...deletions(word)]) {
    const known = spelling.byDeletion.get(form);
    if (known) return known;
  }
  return word;
}

/** American spellings people type, in the British form the corpus uses. */
const british: Readonly<Record<string, string>> = {
  organization: 'organisation',
  organizations: 'organisations',
  color: 'colour',
  favorite: 'favourite',
  behavior: 'behaviour',
  license: 'licence',
  program: 'programme',
  apologize: 'apologise',
  realized: 'realised',
  realize: 'realise',
  recognized: 'recognised',
  authorized: 'authorised',
  unauthorized: 'unauthorised',
};

/** Lower case, apostrophes dropped ("I've" → "ive"), anything else not a letter or digit splits words. */
export function tokenise(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .split(' ')
    .map((word) => word.replace(/^-+|-+$/g, ''))
    .filter((word) => word !== '')
    .map((word) => british[word] ?? word);
}
