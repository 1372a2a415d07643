// What other capabilities may use of audit (the tamper-evident audit trail).
// They import from '../audit' and nowhere deeper; eslint.config.mjs enforces it.

export { appendAuditEvent, type NewAuditEvent } from './store';
