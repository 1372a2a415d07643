/**
 * Where an incident report stands, and the only moves it may make: one table, read by the API (which
 * refuses anything else), by the detail view (which lists the moves to the tab) and by the tab.
 * No imports, so the tab can use it as it is.
 */
export const incidentStatuses = ['new', 'triaged', 'in_progress', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/** How the status reads to the people handling reports (the tab, the sheet, the cards). */
export const statusLabels: Readonly<Record<IncidentStatus, string>> = {
  new: 'New',
  triaged: 'Triaged',
  in_progress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** How the status reads to the person who reported it ("your report is now taken on"). */
export const reporterStatusWords: Readonly<Record<IncidentStatus, string>> = {
  new: 'new',
  triaged: 'taken on',
  in_progress: 'in progress',
  resolved: 'resolved',
  closed: 'closed',
};

/**
 * The moves a report may make from each status. Taking ownership moves a new report to triaged;
 * "closed" is final. Staying where it is is never a move.
 */
export const statusTransitions: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  new: ['triaged', 'in_progress', 'closed'],
  triaged: ['in_progress', 'resolved', 'closed'],
  in_progress: ['triaged', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

/** Why a report that is `from` cannot become `to`, or undefined when it may. */
export function transitionProblem(from: IncidentStatus, to: IncidentStatus): string | undefined {
  const now = statusLabels[from].toLowerCase();
  if (from === to) return `This incident is already ${now}; nothing was changed.`;
  if (statusTransitions[from].includes(to)) return undefined;
  const options = statusTransitions[from].map((s) => statusLabels[s].toLowerCase());
  return `An incident that is ${now} cannot become ${statusLabels[to].toLowerCase()}${
    options.length ? ` (it can become ${options.join(', ')})` : ''
  }.`;
}

/** Resolving and closing: they need an outcome, and a data breach needs its ICO decision first. */
export const finishingStatuses: readonly IncidentStatus[] = ['resolved', 'closed'];

/** The moves to offer now: a breach still awaiting the decision on telling the ICO is not resolved or closed yet. */
export function movesNow(status: IncidentStatus, awaitingBreachDecision: boolean): IncidentStatus[] {
  return statusTransitions[status].filter(
    (to) => !(awaitingBreachDecision && finishingStatuses.includes(to)),
  );
}
