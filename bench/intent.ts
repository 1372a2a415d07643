/**
 * `npm run bench -- intent`: how well free text is recognised. The held-out corpus was written apart
 * from the tuning corpus and is never used for tuning; only aggregate figures and the confusion
 * table are printed, never its messages.
 */
import { crossValidate, summary, tuningCorpus } from '../scripts/train-intent';
import { measureIntent, readCorpus, type IntentFigures } from '../src/incidents/intent-measure';
import { incidentTypes } from '../src/incidents/catalogue';

export const heldOutCorpus = 'test/incidents/corpus/held-out.jsonl';

export function intentBench(): Record<string, IntentFigures> {
  const tuning = readCorpus(tuningCorpus);
  const figures = {
    heldOut: measureIntent(readCorpus(heldOutCorpus), incidentTypes),
    tuning: measureIntent(tuning, incidentTypes),
    tuningCrossValidated: crossValidate(tuning),
  };
  for (const [name, result] of Object.entries(figures))
    process.stdout.write(`\n${name}:\n${summary(result)}\n`);
  return figures;
}
