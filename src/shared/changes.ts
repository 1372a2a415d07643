import type { Types } from 'mongoose';

/**
 * Changes other capabilities must hear of, told through the connection their models were made on: the
 * compliance summaries listen (bound by `createCompliance`) and directory and campaigns tell,
 * without importing compliance (which imports them). Signatures reach compliance through signing's
 * `signed` callback, composed in src/app.ts.
 */
export interface ChangeListeners {
  /** People were added, changed, moved or left (a directory sync, an edit). */
  peopleChanged(tenantId: string, personIds: readonly Types.ObjectId[]): Promise<void>;
  /** A version was published, or cards of it were made (their due dates are now known). */
  versionChanged(tenantId: string, versionId: Types.ObjectId): Promise<void>;
}

const listeners = new WeakMap<object, ChangeListeners>();

/** Any model of the connection: mongoose's `Model.db`. */
type OnConnection = { readonly db: object };

/** Binds the listeners to the connection these models were made on. */
export function listenForChanges(model: OnConnection, listener: ChangeListeners): void {
  listeners.set(model.db, listener);
}

export async function peopleChanged(
  model: OnConnection,
  tenantId: string,
  personIds: readonly Types.ObjectId[],
): Promise<void> {
  if (personIds.length > 0) await listeners.get(model.db)?.peopleChanged(tenantId, personIds);
}

export async function versionChanged(
  model: OnConnection,
  tenantId: string,
  versionId: Types.ObjectId,
): Promise<void> {
  await listeners.get(model.db)?.versionChanged(tenantId, versionId);
}
