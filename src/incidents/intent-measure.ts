import { readFileSync } from 'node:fs';
import {
  childSafetyType,
  matchIntent,
  menuOrder,
  notAnIncident,
  type IntentMatcher,
  type IntentSample,
} from './intent';
import type { IncidentType } from './catalogue';

/** What the bot did with a message: started a type, or asked (the one-tap choice). */
export const asked = 'asked';

export interface IntentFigures {
  readonly messages: number;
  /** Messages about a child's safety, and the share started as child safety or offered first. */
  readonly childSafety: {
    readonly messages: number;
    readonly startedOrOfferedFirst: number;
    readonly started: number;
  };
  /** The share of all messages handled right: the type started, or (not an incident) nothing started. */
  readonly startedRight: number;
  /** Per label: how many, and the share handled right. */
  readonly byLabel: Readonly<Record<string, { readonly messages: number; readonly startedRight: number }>>;
  /** label → what the bot did → how many. */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Reads a corpus file: one `{"text","label"}` object a line. */
export function readCorpus(path: string): IntentSample[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as IntentSample);
}

/** How the matcher does on labelled messages; aggregate figures only, never the messages. */
export function measureIntent(
  samples: readonly IntentSample[],
  types: readonly IncidentType[],
  /** The matcher for the i-th message (cross-validation gives each fold its own); the committed one by default. */
  matcherFor: (index: number) => IntentMatcher | undefined = () => undefined,
): IntentFigures {
  const confusion: Record<string, Record<string, number>> = {};
  const right: Record<string, number> = {};
  const total: Record<string, number> = {};
  let childSafety = 0;
  let offered = 0;
  let started = 0;
  for (const [index, { text, label }] of samples.entries()) {
    const match = matchIntent(text, types, matcherFor(index));
    const outcome = match.type ?? asked;
    const row = (confusion[label] ??= {});
    row[outcome] = (row[outcome] ?? 0) + 1;
    total[label] = (total[label] ?? 0) + 1;
    if (outcome === (label === notAnIncident ? asked : label)) right[label] = (right[label] ?? 0) + 1;
    if (label !== childSafetyType) continue;
    childSafety += 1;
    if (match.type === childSafetyType) started += 1;
    if (
      match.type === childSafetyType ||
      (!match.type && menuOrder(match, types)[0]?.id === childSafetyType)
    ) {
      offered += 1;
    }
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 1000);
  const allRight = Object.values(right).reduce((sum, n) => sum + n, 0);
  return {
    messages: samples.length,
    childSafety: {
      messages: childSafety,
      startedOrOfferedFirst: share(offered, childSafety),
      started: share(started, childSafety),
    },
    startedRight: share(allRight, samples.length),
    byLabel: Object.fromEntries(
      Object.keys(total)
        .sort()
        .map((label) => [
          label,
          { messages: total[label]!, startedRight: share(right[label] ?? 0, total[label]!) },
        ]),
    ),
    confusion,
  };
}

/** The confusion table as Markdown: a row per label, a column per outcome. */
export function confusionTable(figures: IntentFigures): string {
  const labels = Object.keys(figures.byLabel);
  const outcomes = [...labels.filter((label) => label !== notAnIncident), asked];
  const header = `| label \\ bot did | ${outcomes.join(' | ')} | right |`;
  const rule = `| --- | ${outcomes.map(() => '---:').join(' | ')} | ---: |`;
  const rows = labels.map(
    (label) =>
      `| ${label} | ${outcomes.map((outcome) => figures.confusion[label]?.[outcome] ?? 0).join(' | ')} | ${(figures.byLabel[label]!.startedRight * 100).toFixed(0)} % |`,
  );
  return [header, rule, ...rows].join('\n');
}
