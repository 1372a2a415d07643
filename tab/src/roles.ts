import type { Role } from './api/types';

/** Who sees which page; the server checks every request again, this only hides what would be refused. */
export const complianceRoles: readonly Role[] = ['it_manager', 'headteacher', 'trust_admin', 'trust_leader'];
export const policyManagerRoles: readonly Role[] = ['it_manager', 'trust_admin'];
export const reminderRoles: readonly Role[] = ['it_manager', 'headteacher', 'trust_admin'];
export const incidentRoles: readonly Role[] = [
  'it_manager',
  'network_manager',
  'ict_helpdesk',
  'online_safety_officer',
  'dsl',
  'deputy_dsl',
  'dpo',
  'headteacher',
  'trust_leader',
  'trust_admin',
];
export const roleAdminRoles: readonly Role[] = ['trust_admin'];
export const dashboardRoles: readonly Role[] = [...new Set([...complianceRoles, ...incidentRoles])];

export const roleNames: Record<Role, string> = {
  trust_admin: 'Trust admin',
  trust_leader: 'Trust leader',
  headteacher: 'Headteacher',
  it_manager: 'IT manager',
  network_manager: 'Network manager',
  ict_helpdesk: 'ICT helpdesk',
  online_safety_officer: 'Online safety officer',
  dsl: 'Designated safeguarding lead',
  deputy_dsl: 'Deputy DSL',
  dpo: 'Data protection officer',
};

export const audienceNames = { staff: 'Staff', governor: 'Governors', visitor: 'Visitors' } as const;
