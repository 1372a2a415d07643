/**
 * `npm run train:intent`: trains the intent classifier from the tuning corpus and the catalogue's
 * phrases, writes src/incidents/intent-model.json (committed; a test checks it equals a fresh
 * training), and prints the tuning figures, also by 10-fold cross-validation. Never reads the
 * held-out corpus.
 */
import { writeFileSync } from 'node:fs';
import {
  loadIntentMatcher,
  trainIntentModel,
  type IntentModel,
  type IntentSample,
} from '../src/incidents/intent';
import {
  confusionTable,
  measureIntent,
  readCorpus,
  type IntentFigures,
} from '../src/incidents/intent-measure';
import { incidentTypes } from '../src/incidents/catalogue';

export const tuningCorpus = 'test/incidents/corpus/tuning.jsonl';
export const modelFile = 'src/incidents/intent-model.json';

/** The model file's text, stable, so a fresh training can be compared with the committed one. */
export const modelText = (): string =>
  `${JSON.stringify(trainIntentModel(readCorpus(tuningCorpus), incidentTypes))}\n`;

const folds = 10;

/** Each tuning message measured by a matcher trained on the other nine tenths of the corpus. */
export function crossValidate(samples: readonly IntentSample[]): IntentFigures {
  const byFold = Array.from({ length: folds }, (_, fold) =>
    loadIntentMatcher(
      trainIntentModel(
        samples.filter((_, i) => i % folds !== fold),
        incidentTypes,
      ),
    ),
  );
  return measureIntent(samples, incidentTypes, (i) => byFold[i % folds]);
}

function main(): void {
  const samples = readCorpus(tuningCorpus);
  const text = modelText();
  writeFileSync(modelFile, text);
  const trained = loadIntentMatcher(JSON.parse(text) as IntentModel);
  process.stdout.write(`wrote ${modelFile} from ${samples.length} tuning messages\n`);
  process.stdout.write(
    `\ntuning set, trained on it:\n${summary(measureIntent(samples, incidentTypes, () => trained))}\n`,
  );
  process.stdout.write(`\ntuning set, ${folds}-fold cross-validation:\n${summary(crossValidate(samples))}\n`);
}

export function summary(figures: IntentFigures): string {
  const pc = (share: number) => `${(share * 100).toFixed(1)} %`;
  return [
    `${figures.messages} messages, ${figures.childSafety.messages} about a child: ` +
      `child safety started or offered first ${pc(figures.childSafety.startedOrOfferedFirst)} ` +
      `(started ${pc(figures.childSafety.started)}); every type started right ${pc(figures.startedRight)}`,
    confusionTable(figures),
  ].join('\n');
}

if (require.main === module) main();
