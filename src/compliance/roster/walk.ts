import type { ComplianceStanding } from '../summary-model';
import { standingsByIds, type OutstandingSelection } from '../store';
import {
  buildRoster,
  compareKeys,
  openRoster,
  RosterMoved,
  type Roster,
  type RosterEntry,
  type RosterKey,
  type RosterModels,
} from './store';

/** One person on a page of the outstanding list: their place in the roster and their standing now. */
export interface OutstandingRow {
  readonly key: RosterKey;
  readonly standing: ComplianceStanding;
}

export interface RosterPage {
  readonly after?: RosterKey | undefined;
  readonly before?: RosterKey | undefined;
  readonly limit: number;
}

/**
 * Up to `limit` people outstanding for the selection, in (name, person) order, after or before a
 * cursor. Reads the version's roster from the cursor's chunk on, and each candidate's standing by
 * `_id`, keeping only those still unsigned and in view: someone who signed since the roster was
 * built is skipped (and taken off it), so pages read while people sign neither repeat nor miss
 * anyone still outstanding. Every read is by `_id`.
 */
export async function rosterPage(
  models: RosterModels,
  selection: OutstandingSelection,
  page: RosterPage,
): Promise<OutstandingRow[]> {
  if (selection.keys.length === 0) return [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      let roster = await openRoster(models, selection.versionId);
      if (!roster) {
        await buildRoster(models, selection.versionId);
        roster = await openRoster(models, selection.versionId);
      }
      return roster ? await walk(models, roster, selection, page) : [];
    } catch (error) {
      // A newer build removed the generation being read: read the latest (it is built rarely).
      if (!(error instanceof RosterMoved) || attempt >= 3) throw error;
    }
  }
}

async function walk(
  models: RosterModels,
  roster: Roster,
  selection: OutstandingSelection,
  page: RosterPage,
): Promise<OutstandingRow[]> {
  const backwards = page.before !== undefined;
  const edge = page.before ?? page.after;
  const beyond = (key: RosterKey): boolean =>
    !edge || (backwards ? compareKeys(key, edge) < 0 : compareKeys(key, edge) > 0);
  // The chunk holding the edge: the first whose last key is at or past it.
  const first = edge ? roster.lasts.findIndex((last) => compareKeys(last, edge) >= 0) : 0;
  const start = first === -1 ? (backwards ? roster.lasts.length - 1 : roster.lasts.length) : first;
  const rows: OutstandingRow[] = [];
  for (
    let n = start;
    n >= 0 && n < roster.lasts.length && rows.length < page.limit;
    n += backwards ? -1 : 1
  ) {
    const entries = (await roster.chunk(n)).filter((e) => beyond(e) && mayShow(e, selection));
    if (backwards) entries.reverse();
    const gone: RosterEntry[] = [];
    while (entries.length > 0 && rows.length < page.limit) {
      const batch = entries.splice(0, Math.max(10, page.limit - rows.length));
      const standings = await standingsByIds(
        models,
        batch.map((e) => `${selection.versionId}:${e.personId}`),
      );
      batch.forEach((entry, i) => {
        const standing = standings[i];
        if (!standing || standing.signed || !standing.cell) gone.push(entry);
        else if (shows(standing, selection) && rows.length < page.limit) rows.push({ key: entry, standing });
      });
    }
    await roster.prune(n, gone);
  }
  return backwards ? rows.reverse() : rows;
}

/** What the entry says of the person fits the selection (their standing decides). */
function mayShow(entry: RosterEntry, selection: OutstandingSelection): boolean {
  return shows({ keys: [...entry.keys], department: entry.department, name: entry.name }, selection);
}

function shows(
  person: Pick<ComplianceStanding, 'keys' | 'department' | 'name'>,
  selection: OutstandingSelection,
): boolean {
  if (!person.keys.some((key) => selection.keys.includes(key))) return false;
  if (selection.department !== undefined && (person.department ?? null) !== selection.department)
    return false;
  return !selection.q || person.name.toLowerCase().includes(selection.q.toLowerCase());
}
