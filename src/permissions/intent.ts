import {
  intentProbabilities,
  loadIntentMatcher,
  trainIntentModel,
  type IntentMatcher,
  type IntentModel,
  type IntentSample,
} from '../incidents';
import trainedModel from './intent-model.json';

// Recognising a request for permission in what staff type ("can I install zoom on my laptop"),
// with the classifier incident reporting uses (logistic regression on word, word-pair and character
// n-gram features), trained on this capability's own tuning corpus.

/** The label of a message that asks no permission (incident reports, greetings, commands…). */
export const notARequest = 'none';

/**
 * Start asking for the likeliest kind when it is at least this likely; otherwise the message goes
 * on to incident reporting. Chosen by cross-validation on the tuning corpus only
 * (`npm run train:permissions` prints the figures).
 */
export const permissionThreshold = 0.3;

export interface PermissionMatch {
  /** The kind to start asking for, or undefined. */
  readonly kind: string | undefined;
  /** 0–1: how likely the likeliest label is. */
  readonly confidence: number;
}

/** One incident message in this many is a `none` example. */
const incidentShare = 4;

/** Trains the matcher: the kinds' labelled messages, and every incident message as `none`. */
export const trainPermissionModel = (
  samples: readonly IntentSample[],
  incidentSamples: readonly IntentSample[],
): IntentModel =>
  trainIntentModel(
    [
      ...samples,
      // Every fourth: enough of how incidents are phrased without drowning the kinds' own messages.
      ...incidentSamples
        .filter((_, i) => i % incidentShare === 0)
        .map(({ text }) => ({ text, label: notARequest })),
    ],
    [],
  );

let committed: IntentMatcher | undefined;
const committedMatcher = (): IntentMatcher =>
  (committed ??= loadIntentMatcher(trainedModel as unknown as IntentModel));

/** The kind a message asks permission for, when the matcher is sure enough. Pure. */
export function matchPermission(
  text: string,
  matcher: IntentMatcher = committedMatcher(),
  threshold = permissionThreshold,
): PermissionMatch {
  const { known, probabilities } = intentProbabilities(text, matcher);
  const [label, p] = probabilities[0]!;
  if (!known) return { kind: undefined, confidence: 0 };
  return { kind: label !== notARequest && p >= threshold ? label : undefined, confidence: p };
}

export { loadIntentMatcher };
