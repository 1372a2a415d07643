import { roleLabels, roles } from '../../src/directory/labels';
import type { Role } from './api/types';

/** Who sees which page; the server checks every request again, this only hides what would be refused. */
export const complianceRoles: readonly Role[] = ['it_manager', 'headteacher', 'trust_admin', 'trust_leader'];
export const policyManagerRoles: readonly Role[] = ['it_manager', 'trust_admin'];
export const reminderRoles: readonly Role[] = ['it_manager', 'headteacher', 'trust_admin'];
/** Every role: each kind of incident has handlers and viewers among them (the server filters by kind). */
export const incidentRoles: readonly Role[] = roles;
/** The permission register (the server's `registerReaders`). */
export const permissionRegisterRoles: readonly Role[] = [
  'trust_admin',
  'trust_leader',
  'headteacher',
  'it_manager',
];
/** Who changes the kinds of permission request (the server's `saveKind`: a trust admin, trust-wide). */
export const kindEditorRoles: readonly Role[] = ['trust_admin'];
export const roleAdminRoles: readonly Role[] = ['trust_admin'];
/** Retention, legal holds and subject-access requests. */
export const dataProtectionRoles: readonly Role[] = ['dpo', 'trust_admin'];
export const dashboardRoles: readonly Role[] = [...new Set([...complianceRoles, ...incidentRoles])];

/** The server's words for each role (one source for both). */
export const roleNames: Readonly<Record<Role, string>> = roleLabels;

export const audienceNames = { staff: 'Staff', governor: 'Governors', visitor: 'Visitors' } as const;
