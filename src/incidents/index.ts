// What other capabilities may use of incidents (incident reports).
// They import from '../incidents' and nowhere deeper; eslint.config.mjs enforces it.

export { incidentViewerRoles, visibleFilter } from './access';
export type { Incident } from './model';
export { queueFilter, queueQueryInput } from './queue';
export { loadNames, summaryView } from './views';
export { urgencyLabels } from './urgency';
export { isSealedText } from './seal';
export {
  intentProbabilities,
  loadIntentMatcher,
  trainIntentModel,
  type IntentMatcher,
  type IntentModel,
  type IntentSample,
} from './intent';
export { readCorpus } from './intent-measure';
