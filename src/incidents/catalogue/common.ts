import type { Role } from '../../directory';
import type { IncidentField } from './shape';

// Roles and fields several incident types share.

/** Roles that oversee a school's incidents, apart from safeguarding. */
export const oversight: readonly Role[] = ['headteacher', 'trust_leader'];
export const itTeam: readonly Role[] = ['ict_helpdesk', 'network_manager', 'it_manager'];

export const device: IncidentField = {
  key: 'device',
  label: 'Device',
  question: 'Which device was it? (e.g. "my school laptop", "Room 12 whiteboard PC", "library iPad 3")',
  kind: 'text',
  required: true,
  maxLength: 200,
};

export const whatHappened: IncidentField = {
  key: 'whatHappened',
  label: 'What happened',
  question: 'What happened? Tell me in your own words.',
  kind: 'longText',
  required: true,
};

export const when: IncidentField = {
  key: 'occurredAt',
  label: 'When it happened',
  question: 'When did it happen?',
  hint: 'e.g. "now", "this morning", "yesterday 14:30", "last week" or "21/11/2026 09:00"',
  kind: 'when',
  required: true,
};
