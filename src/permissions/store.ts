import type { Types } from 'mongoose';
import { anyOf, atOrAfter, before, unset } from '../store/filters';
import type { Models } from '../store/models';
import { nextInSequence } from '../store/sequence';
import type { DecisionOutcome, PermissionDraft, PermissionRequest, PermissionStatus } from './model';

// The only code that touches the permission collections. Each change of a request is one
// conditional update of one document (the embedded database has no transactions).

type StoreModels = Pick<
  Models,
  'PermissionRequest' | 'PermissionDraft' | 'PermissionSettings' | 'Counter' | 'AuditEvent'
>;

export interface PermissionStore {
  settings(tenantId: string): Promise<unknown>;
  saveSettings(tenantId: string, kinds: unknown, by: Types.ObjectId, at: Date): Promise<void>;
  draft(tenantId: string, personId: Types.ObjectId): Promise<PermissionDraft | undefined>;
  /** Starts a draft, replacing any the person had not finished. */
  replaceDraft(draft: Omit<PermissionDraft, '_id'>): Promise<PermissionDraft>;
  /** Moves a draft on if nobody changed it since `revision` was read; undefined when someone did. */
  updateDraft(
    draft: PermissionDraft,
    change: Pick<PermissionDraft, 'step' | 'answers' | 'lastActivityAt'> &
      Partial<Pick<PermissionDraft, 'schoolId'>>,
  ): Promise<PermissionDraft | undefined>;
  deleteDraft(tenantId: string, personId: Types.ObjectId): Promise<void>;
  nextReference(tenantId: string, year: number): Promise<string>;
  insert(request: Omit<PermissionRequest, '_id'>): Promise<PermissionRequest>;
  find(tenantId: string, id: Types.ObjectId): Promise<PermissionRequest | undefined>;
  /** Records the decision if the request is still pending; undefined when it no longer is. */
  decide(
    tenantId: string,
    id: Types.ObjectId,
    decision: { outcome: DecisionOutcome; reason: string; conditions?: string; by: Types.ObjectId; at: Date },
  ): Promise<PermissionRequest | undefined>;
  /** Marks an approval lapsed, once; undefined when it was not (or no longer) an approval. */
  expire(tenantId: string, id: Types.ObjectId, at: Date): Promise<PermissionRequest | undefined>;
  /** Marks the lapse reminder sent, once; undefined when it was already sent or the approval ended. */
  markReminded(tenantId: string, id: Types.ObjectId, at: Date): Promise<PermissionRequest | undefined>;
  list(
    tenantId: string,
    filter: RegisterFilter,
    page: { skip: number; limit: number },
  ): Promise<{ items: PermissionRequest[]; total: number }>;
  /** The audit trail's events about one request, oldest first. */
  history(tenantId: string, id: Types.ObjectId): Promise<RequestEvent[]>;
}

export interface RegisterFilter {
  readonly status?: PermissionStatus | undefined;
  readonly kind?: string | undefined;
  readonly requesterId?: Types.ObjectId | undefined;
  /** Only these schools' requests (a school-level approver); undefined for the whole trust. */
  readonly schoolIds?: readonly Types.ObjectId[] | undefined;
  /** Asked at or after this moment, and before that one. */
  readonly askedFrom?: Date | undefined;
  readonly askedBefore?: Date | undefined;
}

/** One event of a request's audit trail, as its history shows it. */
export interface RequestEvent {
  readonly at: Date;
  readonly action: string;
  readonly actorId?: Types.ObjectId | null | undefined;
  readonly details?: Record<string, unknown> | null | undefined;
}

const draftId = (tenantId: string, personId: Types.ObjectId): string => `${tenantId}:${personId.toString()}`;

export function permissionStore(models: StoreModels): PermissionStore {
  const registerQuery = (tenantId: string, filter: RegisterFilter) => ({
    tenantId,
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.requesterId ? { requesterId: filter.requesterId } : {}),
    ...(filter.schoolIds ? { schoolId: anyOf(filter.schoolIds) } : {}),
    ...(filter.askedFrom || filter.askedBefore
      ? {
          requestedAt: {
            ...(filter.askedFrom ? atOrAfter(filter.askedFrom) : {}),
            ...(filter.askedBefore ? before(filter.askedBefore) : {}),
          },
        }
      : {}),
  });
  return {
    settings: async (tenantId) =>
      (await models.PermissionSettings.findById(tenantId).lean<{ kinds: unknown }>())?.kinds,
    saveSettings: async (tenantId, kinds, by, at) => {
      await models.PermissionSettings.replaceOne(
        { _id: tenantId },
        { _id: tenantId, kinds, updatedBy: by, updatedAt: at },
        { upsert: true },
      );
    },
    draft: async (tenantId, personId) =>
      (await models.PermissionDraft.findById(draftId(tenantId, personId)).lean<PermissionDraft>()) ??
      undefined,
    replaceDraft: async (draft) => {
      const _id = draftId(draft.tenantId, draft.personId);
      await models.PermissionDraft.replaceOne({ _id }, { ...draft, _id }, { upsert: true });
      const stored = await models.PermissionDraft.findById(_id).lean<PermissionDraft>();
      if (!stored) throw new Error('the draft just stored cannot be read back');
      return stored;
    },
    updateDraft: async (draft, change) =>
      (await models.PermissionDraft.findOneAndUpdate(
        { _id: draft._id, revision: draft.revision },
        { $set: change, $inc: { revision: 1 } },
        { new: true },
      ).lean<PermissionDraft>()) ?? undefined,
    deleteDraft: async (tenantId, personId) => {
      await models.PermissionDraft.deleteOne({ _id: draftId(tenantId, personId) });
    },
    nextReference: async (tenantId, year) => {
      const number = await nextInSequence(models, `permission:${tenantId}:${year}`);
      return `PRM-${year}-${String(number).padStart(4, '0')}`;
    },
    insert: async (request) => (await models.PermissionRequest.create(request)).toObject(),
    find: async (tenantId, id) =>
      (await models.PermissionRequest.findOne({ _id: id, tenantId }).lean<PermissionRequest>()) ?? undefined,
    decide: async (tenantId, id, decision) =>
      (await models.PermissionRequest.findOneAndUpdate(
        { _id: id, tenantId, status: 'pending' },
        { $set: { status: decision.outcome === 'declined' ? 'declined' : 'approved', decision } },
        { new: true },
      ).lean<PermissionRequest>()) ?? undefined,
    expire: async (tenantId, id, at) =>
      (await models.PermissionRequest.findOneAndUpdate(
        { _id: id, tenantId, status: 'approved' },
        { $set: { status: 'expired', expiredAt: at } },
        { new: true },
      ).lean<PermissionRequest>()) ?? undefined,
    markReminded: async (tenantId, id, at) =>
      (await models.PermissionRequest.findOneAndUpdate(
        { _id: id, tenantId, status: 'approved', remindedAt: unset() },
        { $set: { remindedAt: at } },
        { new: true },
      ).lean<PermissionRequest>()) ?? undefined,
    list: async (tenantId, filter, page) => {
      const query = registerQuery(tenantId, filter);
      const [items, total] = await Promise.all([
        models.PermissionRequest.find(query)
          .sort({ requestedAt: -1, _id: -1 })
          .skip(page.skip)
          .limit(page.limit)
          .lean<PermissionRequest[]>(),
        models.PermissionRequest.countDocuments(query),
      ]);
      return { items, total };
    },
    history: (tenantId, id) =>
      models.AuditEvent.find({
        tenantId,
        'subject.kind': 'permission_request',
        'subject.id': id.toString(),
      })
        .sort({ seq: 1 })
        .select({ at: 1, action: 1, actorId: 1, details: 1 })
        .lean<RequestEvent[]>(),
  };
}
