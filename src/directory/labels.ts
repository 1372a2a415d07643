/**
 * Roles as people say them, defined once: the server's cards, timelines and sheets, and the tab
 * (which imports this file), never show an id such as `online_safety_officer`.
 */
export const roleLabels: Readonly<Record<Role, string>> = {
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

/** A role's label; an unknown id (from an older release) is at least made readable. */
export const roleLabel = (role: string): string =>
  (roleLabels as Record<string, string>)[role] ?? readable(role);

/** A role inside a sentence: "passed to the online safety officer", "the ICT helpdesk". */
export const roleInSentence = (role: string): string => {
  const label = roleLabel(role);
  return /^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
};

/** `some_code` → "Some code": the last resort for an id nobody has named. */
export const readable = (id: string): string =>
  id
    .replace(/[_:-]+/g, ' ')
    .trim()
    .replace(/^./, (c) => c.toUpperCase());

/** Every role Conduct knows, the trust's first (mongoose-free, so the tab imports it too). */
export const roles = [
  'trust_admin',
  'trust_leader',
  'headteacher',
  'it_manager',
  'network_manager',
  'ict_helpdesk',
  'online_safety_officer',
  'dsl',
  'deputy_dsl',
  'dpo',
] as const;
export type Role = (typeof roles)[number];
