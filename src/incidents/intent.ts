import type { IncidentType } from './catalogue';

/** What a message seems to be about: the best type, how sure, and the runners-up. */
export interface IntentMatch {
  /** The type when the match is confident enough to start on it; undefined when unsure. */
  readonly type: string | undefined;
  /** 0–1: how clearly the best type stands out. */
  readonly confidence: number;
  /** Types with any evidence, best first (for a "did you mean" menu). */
  readonly candidates: readonly { readonly type: string; readonly score: number }[];
}

/** Scores below this are too little evidence to act on, however clear the lead. */
const minimumScore = 3;
/** How many times the runner-up's score the best must have to be acted on without asking. */
const minimumLead = 1.6;

/** Matches free text ("I think my laptop has a virus") to an incident type. Pure. */
export function matchIntent(text: string, types: readonly IncidentType[]): IntentMatch {
  const tokens = tokenise(text);
  const candidates = types
    .map((type) => ({ type: type.id, score: scoreType(type, tokens) }))
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best) return { type: undefined, confidence: 0, candidates };
  const second = candidates[1]?.score ?? 0;
  // The lead over the runner-up, damped for thin evidence: one weak word is never "sure".
  const confidence = Math.round(((best.score - second) / (best.score + 1)) * 100) / 100;
  const sure = best.score >= minimumScore && best.score >= second * minimumLead;
  return { type: sure ? best.type : undefined, confidence, candidates };
}

/**
 * Each phrase found adds 3; each keyword found adds its weight. A word counts for one keyword only
 * (the weightiest), so "password" and "passwords" as hints do not count one word twice.
 */
function scoreType(type: IncidentType, tokens: readonly string[]): number {
  const phrases = type.match.phrases.filter((phrase) => containsPhrase(tokens, tokenise(phrase))).length;
  const claimed = new Set<number>();
  let keywords = 0;
  for (const [keyword, weight] of Object.entries(type.match.keywords).sort(([, a], [, b]) => b - a)) {
    const hint = normaliseKeyword(keyword);
    const index = tokens.findIndex((token, i) => !claimed.has(i) && keywordMatches(hint, token));
    if (index < 0) continue;
    claimed.add(index);
    keywords += weight;
  }
  return phrases * 3 + keywords;
}

interface Keyword {
  readonly word: string;
  readonly prefix: boolean;
}

const normaliseKeyword = (keyword: string): Keyword => {
  const prefix = keyword.endsWith('*');
  const word = tokenise(prefix ? keyword.slice(0, -1) : keyword).join('');
  return { word, prefix };
};

function keywordMatches(keyword: Keyword, token: string): boolean {
  if (keyword.prefix) {
    if (token.startsWith(keyword.word)) return true;
    return token.length >= keyword.word.length && similar(token.slice(0, keyword.word.length), keyword.word);
  }
  return token === keyword.word || similar(token, keyword.word);
}

/** A typo away: one edit for words of 5–7 letters, two from 8. Short words must match exactly. */
function similar(a: string, b: string): boolean {
  const length = Math.min(a.length, b.length);
  if (length < 5) return false;
  const allowed = length >= 8 ? 2 : 1;
  return Math.abs(a.length - b.length) <= allowed && editDistance(a, b, allowed) <= allowed;
}

/** Damerau–Levenshtein (optimal string alignment) distance, giving up once it passes `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previousPrevious[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return rowMin;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start + phrase.length <= tokens.length; start += 1) {
    if (phrase.every((word, k) => tokens[start + k] === word || similar(tokens[start + k]!, word)))
      return true;
  }
  return false;
}

/** American spellings people type, in the British form the hints use. */
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
