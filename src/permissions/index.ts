// What other capabilities may use of permissions (requests for permission and their decisions).
// They import from '../permissions' and nowhere deeper; eslint.config.mjs enforces it.

export type { PermissionRequest } from './model';
