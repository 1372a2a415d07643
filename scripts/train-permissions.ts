/**
 * `npm run train:permissions`: trains the permission-request matcher from its tuning corpus and the
 * incident tuning corpus (as messages that ask no permission), writes
 * src/permissions/intent-model.json (committed; a test checks it equals a fresh training), and
 * prints the tuning figures, also by 5-fold cross-validation at several thresholds. Never reads the
 * held-out corpus.
 */
import { writeFileSync } from 'node:fs';
import { readCorpus, type IntentSample } from '../src/incidents';
import {
  loadIntentMatcher,
  matchPermission,
  notARequest,
  trainPermissionModel,
} from '../src/permissions/intent';

export const permissionTuning = 'test/permissions/corpus/tuning.jsonl';
export const incidentTuning = 'test/incidents/corpus/tuning.jsonl';
export const permissionModelFile = 'src/permissions/intent-model.json';

export const permissionModelText = (): string =>
  `${JSON.stringify(trainPermissionModel(readCorpus(permissionTuning), readCorpus(incidentTuning)))}\n`;

const folds = 5;

function main(): void {
  const samples = readCorpus(permissionTuning);
  const incidents = readCorpus(incidentTuning);
  const text = permissionModelText();
  writeFileSync(permissionModelFile, text);
  process.stdout.write(
    `wrote ${permissionModelFile} from ${samples.length} + ${incidents.length} messages\n`,
  );
  // Each fold leaves out a fifth of both corpora; every left-out message is judged by that model.
  const judged: { sample: IntentSample; kind: string | undefined; p: number }[] = [];
  for (let fold = 0; fold < folds; fold += 1) {
    const matcher = loadIntentMatcher(
      trainPermissionModel(
        samples.filter((_, i) => i % folds !== fold),
        incidents.filter((_, i) => i % folds !== fold),
      ),
    );
    const left = [
      ...samples.filter((_, i) => i % folds === fold),
      ...incidents
        .filter((_, i) => i % folds === fold)
        .map(({ text: t }) => ({ text: t, label: notARequest })),
    ];
    for (const sample of left) {
      const match = matchPermission(sample.text, matcher, 0);
      judged.push({ sample, kind: match.kind, p: match.confidence });
    }
  }
  for (const threshold of [0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
    process.stdout.write(`\nthreshold ${threshold}:\n${figures(judged, threshold)}\n`);
  }
}

function figures(
  judged: { sample: IntentSample; kind: string | undefined; p: number }[],
  threshold: number,
): string {
  const requests = judged.filter((j) => j.sample.label !== notARequest);
  const others = judged.filter((j) => j.sample.label === notARequest);
  const taken = (j: (typeof judged)[number]) => (j.kind && j.p >= threshold ? j.kind : undefined);
  const right = requests.filter((j) => taken(j) === j.sample.label).length;
  const falseStarts = others.filter((j) => taken(j) !== undefined).length;
  const table: Record<string, Record<string, number>> = {};
  for (const j of judged) {
    const row = (table[j.sample.label] ??= {});
    const got = taken(j) ?? 'not taken';
    row[got] = (row[got] ?? 0) + 1;
  }
  const rows = Object.entries(table).map(([label, row]) => `  ${label}: ${JSON.stringify(row)}`);
  return `${rows.join('\n')}\nrequests started as the right kind ${right}/${requests.length}; other messages taken as a request ${falseStarts}/${others.length}`;
}

if (require.main === module) main();
