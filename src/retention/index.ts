// What other parts of Conduct may use of retention (the schedule, legal holds and the daily job).
// They import from '../retention' and nowhere deeper; eslint.config.mjs enforces it.

export { retentionJob } from './dispose';
export { createRetention, type Retention } from './module';
