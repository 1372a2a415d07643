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
 * The decision, on the classifier's probabilities (0–1). Chosen by cross-validation on the tuning
 * corpus only (`npm run train:intent` prints those figures).
 */
export const thresholds = {
  /** Start the likeliest type without asking when it is at least this likely… */
  sure: 0.25,
  /** …and child safety, when it is not the likeliest, is less likely than this (else the person chooses). */
  childSafetyPlausible: 0.2,
  /** Types offered as likely in the one-tap choice. */
  candidate: 0.05,
} as const;

/** How the classifier is trained; the defaults are what the committed model uses. */
export interface IntentTraining {
  /** Weight of the L2 penalty on the weights. */
  readonly l2: number;
  /** Full-batch optimisation steps. */
  readonly steps: number;
  /** Step size. */
  readonly rate: number;
  /** Character n-grams (of each word, with its edges marked) from this length… */
  readonly charMin: number;
  /** …to this length; 0 for none. */
  readonly charMax: number;
  /** A feature seen in fewer training messages than this is dropped (word stems are always kept). */
  readonly minCount: number;
  /**
   * How much more a concern about a child weighs in training than any other message: missing one
   * costs more than asking about another, so the classifier leans towards child safety.
   */
  readonly childSafetyWeight: number;
}

export const defaultTraining: IntentTraining = {
  l2: 1e-4,
  steps: 50,
  rate: 0.2,
  charMin: 3,
  charMax: 5,
  minCount: 2,
  childSafetyWeight: 1,
};

/**
 * The trained classifier, as `npm run train:intent` wrote it: a multinomial logistic regression on
 * TF-IDF features (word stems, pairs of neighbouring stems, character n-grams of each word).
 */
export interface IntentModel {
  readonly version: 2;
  readonly labels: readonly string[];
  readonly charMin: number;
  readonly charMax: number;
  /** Each label's bias. */
  readonly bias: readonly number[];
  /** feature → [its inverse document frequency, then its weight for each label]. */
  readonly features: Readonly<Record<string, readonly number[]>>;
}

/** A labelled message: the corpus and the catalogue's own phrases train the classifier. */
export interface IntentSample {
  readonly text: string;
  readonly label: string;
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

/** Four decimals: enough for the decision, and a model file that reads the same on every machine. */
const rounded = (value: number): number => Math.round(value * 1e4) / 1e4;

/**
 * Trains the classifier from labelled messages and each type's own phrases and keywords. The
 * result is deterministic (no random start, a fixed number of full-batch steps): the committed
 * model equals a fresh training on the same data.
 */
export function trainIntentModel(
  samples: readonly IntentSample[],
  types: readonly IncidentType[],
  training: IntentTraining = defaultTraining,
): IntentModel {
  const all = [...samples, ...catalogueSamples(types)];
  const labels = [...new Set(all.map((sample) => sample.label))].sort();
  const shape = { charMin: training.charMin, charMax: training.charMax };
  const raw = all.map((sample) => [...new Set(intentFeatures(sample.text, shape))]);
  const seen = new Map<string, number>();
  for (const features of raw) for (const feature of features) seen.set(feature, (seen.get(feature) ?? 0) + 1);
  const kept = [...seen.keys()]
    .filter((feature) => feature.startsWith('w:') || seen.get(feature)! >= training.minCount)
    .sort();
  const index = new Map(kept.map((feature, i) => [feature, i]));
  const idf = kept.map((feature) => Math.log((all.length + 1) / (seen.get(feature)! + 1)) + 1);
  const rows = raw.map((features) =>
    vector(
      features.flatMap((f) => (index.has(f) ? [index.get(f)!] : [])),
      idf,
    ),
  );
  const targets = all.map((sample) => labels.indexOf(sample.label));
  const rowWeights = all.map((sample) => (sample.label === childSafetyType ? training.childSafetyWeight : 1));
  const { weights, bias } = fitSoftmax(rows, targets, rowWeights, kept.length, labels.length, training);
  const features: Record<string, number[]> = {};
  for (const [i, feature] of kept.entries()) {
    features[feature] = [
      rounded(idf[i]!),
      ...weights.slice(i * labels.length, (i + 1) * labels.length).map(rounded),
    ];
  }
  return { version: 2, labels, ...shape, bias: Array.from(bias, rounded), features };
}

/** A message as feature indices and their TF-IDF values, scaled to length 1. */
interface SparseRow {
  readonly at: Int32Array;
  readonly value: Float64Array;
}

function vector(at: readonly number[], idf: readonly number[]): SparseRow {
  const unique = [...new Set(at)];
  const norm = Math.sqrt(unique.reduce((sum, i) => sum + idf[i]! ** 2, 0)) || 1;
  return { at: Int32Array.from(unique), value: Float64Array.from(unique, (i) => idf[i]! / norm) };
}

/** Softmax over scores, in place-safe form (shifted by the largest). */
function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - top));
  const total = exps.reduce((sum, e) => sum + e, 0);
  return exps.map((e) => e / total);
}

/**
 * Multinomial logistic regression with an L2 penalty, fitted by full-batch Adam from zero weights:
 * the same data always gives the same weights.
 */
function fitSoftmax(
  rows: readonly SparseRow[],
  targets: readonly number[],
  rowWeights: readonly number[],
  featureCount: number,
  labelCount: number,
  training: IntentTraining,
): { weights: Float64Array; bias: Float64Array } {
  const size = featureCount * labelCount;
  const weights = new Float64Array(size);
  const bias = new Float64Array(labelCount);
  const moment = new Float64Array(size + labelCount);
  const square = new Float64Array(size + labelCount);
  const gradient = new Float64Array(size + labelCount);
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  const scores = new Float64Array(labelCount);
  const totalWeight = rowWeights.reduce((sum, w) => sum + w, 0);
  for (let step = 1; step <= training.steps; step += 1) {
    gradient.fill(0);
    for (let r = 0; r < rows.length; r += 1) {
      const { at, value } = rows[r]!;
      scores.set(bias);
      for (let k = 0; k < at.length; k += 1) {
        const offset = at[k]! * labelCount;
        const v = value[k]!;
        for (let label = 0; label < labelCount; label += 1) {
          scores[label] = scores[label]! + weights[offset + label]! * v;
        }
      }
      let top = -Infinity;
      for (let label = 0; label < labelCount; label += 1) top = Math.max(top, scores[label]!);
      let total = 0;
      for (let label = 0; label < labelCount; label += 1) {
        scores[label] = Math.exp(scores[label]! - top);
        total += scores[label]!;
      }
      for (let label = 0; label < labelCount; label += 1) {
        scores[label] =
          ((scores[label]! / total - (label === targets[r] ? 1 : 0)) * rowWeights[r]!) / totalWeight;
        gradient[size + label] = gradient[size + label]! + scores[label]!;
      }
      for (let k = 0; k < at.length; k += 1) {
        const offset = at[k]! * labelCount;
        const v = value[k]!;
        for (let label = 0; label < labelCount; label += 1) {
          gradient[offset + label] = gradient[offset + label]! + scores[label]! * v;
        }
      }
    }
    for (let i = 0; i < size; i += 1) gradient[i]! += training.l2 * weights[i]!;
    const correction1 = 1 - beta1 ** step;
    const correction2 = 1 - beta2 ** step;
    for (let i = 0; i < size + labelCount; i += 1) {
      const g = gradient[i]!;
      moment[i] = beta1 * moment[i]! + (1 - beta1) * g;
      square[i] = beta2 * square[i]! + (1 - beta2) * g * g;
      const change =
        (training.rate * (moment[i]! / correction1)) / (Math.sqrt(square[i]! / correction2) + epsilon);
      if (i < size) weights[i]! -= change;
      else bias[i - size]! -= change;
    }
  }
  return { weights, bias };
}

/** A classifier ready to read messages, with the spelling index of the words it knows. */
export interface IntentMatcher {
  readonly model: IntentModel;
  readonly spelling: Spelling;
}

export function loadIntentMatcher(model: IntentModel): IntentMatcher {
  const words = Object.keys(model.features)
    .filter((feature) => feature.startsWith('w:'))
    .map((feature) => feature.slice(2));
  return { model, spelling: spellingIndex(words) };
}

let committed: IntentMatcher | undefined;
const committedMatcher = (): IntentMatcher =>
  (committed ??= loadIntentMatcher(trainedModel as unknown as IntentModel));

/** Each label's probability for a message, and whether any of its words is known at all. */
export function intentProbabilities(
  text: string,
  matcher: IntentMatcher,
): { readonly known: boolean; readonly probabilities: readonly [string, number][] } {
  const { model } = matcher;
  const features = new Set(intentFeatures(text, model, matcher.spelling));
  const present = [...features].flatMap((feature) => {
    const entry = model.features[feature];
    return entry ? [entry] : [];
  });
  const known = [...features].some((feature) => feature.startsWith('w:') && feature in model.features);
  const norm = Math.sqrt(present.reduce((sum, entry) => sum + entry[0]! ** 2, 0)) || 1;
  const scores = model.labels.map((_, label) =>
    present.reduce((sum, entry) => sum + (entry[0]! / norm) * entry[label + 1]!, model.bias[label]!),
  );
  const probabilities = softmax(scores)
    .map((p, label): [string, number] => [model.labels[label]!, p])
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { known, probabilities };
}

/**
 * Matches free text ("I think my laptop has a virus") to an incident type. Pure, and linear in the
 * message's length up to `examinedCharacters`, past which nothing is read.
 */
export function matchIntent(
  text: string,
  types: readonly IncidentType[],
  matcher: IntentMatcher = committedMatcher(),
): IntentMatch {
  const knownTypes = new Set(types.map((type) => type.id));
  const { known, probabilities } = intentProbabilities(text, matcher);
  if (!known) return { type: undefined, confidence: 0, candidates: [] };
  const probabilityOf = (label: string) => probabilities.find(([l]) => l === label)?.[1] ?? 0;
  const [best, bestProbability] = probabilities[0]!;
  const candidates = probabilities
    .filter(([label, p]) => knownTypes.has(label) && p >= thresholds.candidate)
    .map(([type, p]) => ({ type, score: shown(p) }));
  const childSafetyPlausible =
    best !== childSafetyType && probabilityOf(childSafetyType) >= thresholds.childSafetyPlausible;
  const sure = knownTypes.has(best) && bestProbability >= thresholds.sure && !childSafetyPlausible;
  return { type: sure ? best : undefined, confidence: shown(bestProbability), candidates };
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

/** A likelihood rounded for display. */
const shown = (p: number): number => Math.round(p * 100) / 100;

/** Words too common to say anything about what happened on their own (they still count in pairs). */
const stopWords = new Set(
  (
    'a an the and or but to of in on at for with by from as is are was were be been being it its this ' +
    'that these those there theres has have had do does did so just some any very really also then than ' +
    'can could would should will shall may might must i im ive id'
  ).split(' '),
);

/**
 * What the classifier reads: `w:` the stem of each word that carries meaning (when matching, a
 * misspelt one taken as the known word one edit away), `b:` each pair of neighbouring stems, and
 * `c:` the character n-grams of each word with its edges marked ("<vir", "irus>"), which still
 * match when a word is misspelt or inflected differently.
 */
export function intentFeatures(
  text: string,
  shape: { readonly charMin: number; readonly charMax: number },
  spelling?: Spelling,
): string[] {
  const words = tokenise(text.slice(0, examinedCharacters)).filter((word) => word.length <= 30);
  const read = new Map<string, string>();
  const stems = words
    .filter((word) => !stopWords.has(word))
    .map((word) => {
      let known = read.get(word);
      if (known === undefined) {
        const stemmed = stem(word);
        known = spelling ? correct(spelling, stemmed) : stemmed;
        read.set(word, known);
      }
      return known;
    });
  const pairs = stems.slice(1).map((word, i) => `b:${stems[i]} ${word}`);
  const grams: string[] = [];
  if (shape.charMax > 0) {
    for (const word of new Set(words)) {
      const marked = `<${word}>`;
      for (let n = shape.charMin; n <= shape.charMax; n += 1) {
        for (let i = 0; i + n <= marked.length; i += 1) grams.push(`c:${marked.slice(i, i + n)}`);
      }
    }
  }
  return [...stems.map((word) => `w:${word}`), ...pairs, ...grams];
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
