import type { DecisionOutcome, PermissionStatus } from './model';

// Labels people read, defined once for the bot, the server and the tab (which imports this file).

export const permissionStatusLabels: Readonly<Record<PermissionStatus, string>> = {
  pending: 'Waiting for a decision',
  approved: 'Approved',
  declined: 'Declined',
  expired: 'Ended',
};

export const decisionLabels: Readonly<Record<DecisionOutcome, string>> = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  declined: 'Declined',
};
