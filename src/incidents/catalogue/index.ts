/**
 * The incident types Conduct knows, as data: adding a type (or a field, a phrase, a role) needs no
 * code anywhere else. The bot asks the fields in order, the matcher reads `match`, routing reads
 * the roles, and the flags switch on the behaviour some types need. Who handles and who sees each
 * type is in the table below, in the order of the bot's menu; each type's words, questions and
 * flags are in its own file.
 */
import { incidentTypeLabels } from '../labels';
import { itTeam, oversight } from './common';
import { virus } from './virus';
import { inadvertentAccess } from './inadvertent-access';
import { passwordCompromised } from './password-compromised';
import { dataBreach } from './data-breach';
import { childSafety } from './child-safety';
import { cyberbullying } from './cyberbullying';
import { lostDevice } from './lost-device';
import { suspiciousEmail } from './suspicious-email';
import { somethingElse } from './something-else';
import type { FieldCondition, IncidentType } from './shape';

export type {
  AlsoNotify,
  FieldCondition,
  FieldKind,
  IncidentField,
  IncidentType,
  IntentHints,
  UrgentRule,
} from './shape';

export const incidentTypes: readonly IncidentType[] = [
  {
    id: 'virus',
    label: incidentTypeLabels.virus,
    description: 'A virus, ransomware or other malware on a school device.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['network_manager', 'it_manager'],
    viewers: [...itTeam, ...oversight],
    restricted: false,
    ...virus,
  },
  {
    id: 'inadvertent_access',
    label: incidentTypeLabels.inadvertent_access,
    description: 'Something unsuitable was shown or reached, by you or a pupil (an online-safety incident).',
    handlingRole: 'online_safety_officer',
    escalateTo: ['dsl', 'headteacher'],
    viewers: ['online_safety_officer', 'dsl', 'deputy_dsl', 'it_manager', ...oversight],
    restricted: false,
    ...inadvertentAccess,
  },
  {
    id: 'password_compromised',
    label: incidentTypeLabels.password_compromised,
    description: 'Someone else may know or have used your password, or your account has been taken over.',
    handlingRole: 'network_manager',
    escalateTo: ['it_manager'],
    viewers: [...itTeam, ...oversight],
    restricted: false,
    ...passwordCompromised,
  },
  {
    id: 'data_breach',
    label: incidentTypeLabels.data_breach,
    description:
      'Personal data lost, sent to the wrong person, seen or changed by someone who should not have.',
    handlingRole: 'dpo',
    escalateTo: ['headteacher'],
    viewers: ['dpo', 'it_manager', ...oversight],
    restricted: false,
    ...dataBreach,
  },
  {
    id: 'child_safety',
    label: incidentTypeLabels.child_safety,
    description: 'A worry that a child is at risk of harm. Only the safeguarding leads see it.',
    handlingRole: 'dsl',
    escalateTo: ['deputy_dsl'],
    viewers: ['dsl', 'deputy_dsl'],
    restricted: true,
    ...childSafety,
  },
  {
    id: 'cyberbullying',
    label: incidentTypeLabels.cyberbullying,
    description: 'Bullying, harassment or humiliation online, of a pupil or a member of staff.',
    handlingRole: 'online_safety_officer',
    escalateTo: ['dsl', 'headteacher'],
    viewers: ['online_safety_officer', 'dsl', 'deputy_dsl', ...oversight],
    restricted: false,
    ...cyberbullying,
  },
  {
    id: 'lost_device',
    label: incidentTypeLabels.lost_device,
    description: 'A laptop, tablet, phone, memory stick or other school device is lost or stolen.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['network_manager', 'it_manager'],
    viewers: [...itTeam, 'dpo', ...oversight],
    restricted: false,
    ...lostDevice,
  },
  {
    id: 'suspicious_email',
    label: incidentTypeLabels.suspicious_email,
    description: 'A phishing or scam email, or an attachment or link that may be harmful.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['network_manager', 'it_manager'],
    viewers: [...itTeam, ...oversight],
    restricted: false,
    ...suspiciousEmail,
  },
  {
    id: 'other',
    label: incidentTypeLabels.other,
    description: 'Anything else that went wrong with ICT or online safety.',
    handlingRole: 'ict_helpdesk',
    escalateTo: ['it_manager'],
    // The DSL is told when a child was hurt or exposed (KCSIE), so may open it.
    viewers: [...itTeam, 'dsl', 'deputy_dsl', ...oversight],
    restricted: false,
    ...somethingElse,
  },
];

const byId = new Map(incidentTypes.map((type) => [type.id, type]));

/** The type with this id, or undefined. */
export const findIncidentType = (id: string): IncidentType | undefined => byId.get(id);

/** True when the condition holds for the answers given so far. */
export function conditionHolds(
  condition: FieldCondition | undefined,
  answers: Readonly<Record<string, unknown>>,
): boolean {
  if (condition === undefined) return true;
  const answer = answers[condition.field];
  return 'oneOf' in condition
    ? condition.oneOf.some((value) => value === answer)
    : answer === condition.equals;
}
