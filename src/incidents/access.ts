import type { FilterQuery } from 'mongoose';
import { anyOf } from '../store/filters';
import { type Actor, holdsTrustWide, type Role } from '../directory';
import { AppError } from '../errors';
import type { Incident } from './model';
import { findIncidentType, incidentTypes, type IncidentType } from './catalogue';

/** The only roles that ever see a restricted (safeguarding) report, whatever the type data says. */
export const safeguardingRoles: readonly Role[] = ['dsl', 'deputy_dsl'];

type Located = Pick<Incident, 'type' | 'schoolId' | 'restricted'>;

/** Holds one of the roles for the incident's school, or trust-wide (the only way to see a report with no school). */
function holdsFor(actor: Actor, roles: readonly Role[], incident: Pick<Incident, 'schoolId'>): boolean {
  const school = incident.schoolId?.toString();
  return roles.some((role) => (school ? actor.holds(role, school) : holdsTrustWide(actor, role)));
}

const typeOrFallback = (id: string): IncidentType | undefined => findIncidentType(id);

/** Whether the actor may see the report at all. */
export function canSee(actor: Actor, incident: Located): boolean {
  const type = typeOrFallback(incident.type);
  const viewers = type?.viewers ?? safeguardingRoles;
  const allowed = incident.restricted ? viewers.filter((role) => safeguardingRoles.includes(role)) : viewers;
  return holdsFor(actor, allowed, incident);
}

/** Whether the actor may take ownership of the report and move its status. */
export function canHandle(actor: Actor, incident: Located): boolean {
  const type = typeOrFallback(incident.type);
  if (!type || !canSee(actor, incident)) return false;
  return holdsFor(actor, [type.handlingRole, ...type.escalateTo], incident);
}

/** Whether the actor may record the decision to tell the ICO about a breach (the DPO). */
export function canDecideBreach(actor: Actor, incident: Located): boolean {
  return Boolean(typeOrFallback(incident.type)?.breachClock) && holdsFor(actor, ['dpo'], incident);
}

/**
 * Throws unless the actor may see the report. A restricted report the actor may not see is "not
 * found": someone without a safeguarding role does not learn that it exists.
 */
export function assertCanSee(actor: Actor, incident: Located): void {
  if (canSee(actor, incident)) return;
  if (incident.restricted) throw notFound();
  throw new AppError('forbidden', 'You do not hold a role that may see this incident, for its school.');
}

export const notFound = (): AppError => new AppError('not_found', 'There is no such incident.');

/** Every role that sees some type, handles some type, or decides breaches: who may use the incident API. */
export const incidentViewerRoles: readonly Role[] = [...new Set(incidentTypes.flatMap((t) => t.viewers))];
export const incidentHandlerRoles: readonly Role[] = [
  ...new Set(incidentTypes.flatMap((t) => [t.handlingRole, ...t.escalateTo])),
];

/**
 * A filter for the reports the actor may see: per type, the schools where they hold a viewing role
 * (any school at all when held trust-wide). Undefined when they may see none.
 */
export function visibleFilter(actor: Actor): FilterQuery<Incident> | undefined {
  const clauses: FilterQuery<Incident>[] = [];
  for (const type of incidentTypes) {
    const viewers = type.restricted
      ? type.viewers.filter((r) => safeguardingRoles.includes(r))
      : type.viewers;
    const held = actor.roles.filter((h) => viewers.includes(h.role));
    if (held.length === 0) continue;
    if (held.some((h) => h.scopeKey === 'trust')) {
      clauses.push({ type: type.id });
      continue;
    }
    clauses.push({ type: type.id, schoolId: anyOf(new Set(held.map((h) => h.scopeKey))) });
  }
  if (clauses.length === 0) return undefined;
  return { tenantId: actor.tenantId, $or: clauses };
}
