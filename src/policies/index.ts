// What other capabilities may use of policies (the policy library and its versions).
// They import from '../policies' and nowhere deeper; eslint.config.mjs enforces it.

export { appliesTo, policyManagers, policyReaders } from './access';
export { readWithSchema, type Policy, type PolicyVersion, type ReadWithPolicy } from './model';
export { policiesRead } from './read-together';
export { defaultReviewRules, nextReviewOf, reviewStatusOf, type ReviewRules } from './views';
export {
  policiesWithCurrentVersion,
  policyWithVersion,
  publishedVersionWithPolicy,
  versionById,
  versionsById,
} from './store';
