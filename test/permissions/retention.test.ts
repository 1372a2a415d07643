import { Types } from 'mongoose';
import { createLogger } from '../../src/logger';
import { runRetention } from '../../src/retention/dispose';
import { retentionStore } from '../../src/retention/store';
import type { Models } from '../../src/store/models';
import { useTestDatabase } from '../support/database';

const tenantId = 'tenant-permission-retention';
const now = new Date('2026-11-26T09:00:00Z');
const yearsAgo = (n: number) => new Date(now.getTime() - n * 365.25 * 24 * 3600 * 1000);

/** Six years after a request was declined or its approval ended, the retention run deletes it. */
describe('retention of permission requests', () => {
  const db = useTestDatabase();
  let sequence = 0;

  const request = async (
    models: Models,
    requesterId: Types.ObjectId,
    state:
      | { status: 'declined'; decidedYearsAgo: number }
      | { status: 'expired'; endedYearsAgo: number }
      | { status: 'approved'; decidedYearsAgo: number }
      | { status: 'pending'; askedYearsAgo: number },
  ) => {
    sequence += 1;
    const decidedAt =
      'decidedYearsAgo' in state
        ? yearsAgo(state.decidedYearsAgo)
        : 'endedYearsAgo' in state
          ? yearsAgo(state.endedYearsAgo + 1)
          : undefined;
    const created = await models.PermissionRequest.create({
      tenantId,
      reference: `PRM-2019-${String(sequence).padStart(4, '0')}`,
      kind: 'install_software',
      kindLabel: 'Installing software or hardware',
      requesterId,
      answers: [{ key: 'what', label: 'What', value: 'Zoom' }],
      approverRoles: ['it_manager'],
      status: state.status,
      decision: decidedAt
        ? {
            outcome: state.status === 'declined' ? 'declined' : 'approved',
            reason: 'Because',
            by: new Types.ObjectId(),
            at: decidedAt,
          }
        : {},
      ...('endedYearsAgo' in state
        ? { endsAt: yearsAgo(state.endedYearsAgo), expiredAt: yearsAgo(state.endedYearsAgo) }
        : {}),
      requestedAt: 'askedYearsAgo' in state ? yearsAgo(state.askedYearsAgo) : yearsAgo(9),
    });
    return created._id.toString();
  };

  it('deletes requests closed over six years ago, keeps the rest and what a hold on the requester covers', async () => {
    const { models } = db();
    const ann = new Types.ObjectId();
    const held = new Types.ObjectId();
    const oldDeclined = await request(models, ann, { status: 'declined', decidedYearsAgo: 7 });
    const oldEnded = await request(models, ann, { status: 'expired', endedYearsAgo: 6.5 });
    const recentDeclined = await request(models, ann, { status: 'declined', decidedYearsAgo: 5 });
    const recentEnded = await request(models, ann, { status: 'expired', endedYearsAgo: 2 });
    // Still in force (approved with no end) or never decided: not closed, so their clock never started.
    const inForce = await request(models, ann, { status: 'approved', decidedYearsAgo: 8 });
    const waiting = await request(models, ann, { status: 'pending', askedYearsAgo: 8 });
    const heldBack = await request(models, held, { status: 'declined', decidedYearsAgo: 7 });
    await models.LegalHold.create({
      tenantId,
      subject: { kind: 'person', id: held },
      reason: 'A claim about a refused request',
      placedBy: new Types.ObjectId(),
      placedAt: yearsAgo(1),
    });
    // The run only visits tenants with people.
    await models.Person.create({ tenantId, entraObjectId: 'oid-ann', displayName: 'Ann', active: true });

    const store = retentionStore(models);
    const results = await runRetention({ store, models, logger: createLogger('silent'), now: () => now });
    const outcome = results[tenantId]!.find((o) => o.kind === 'permission-request');
    expect(outcome).toMatchObject({ disposed: 2, held: 1 });
    const remaining = (await models.PermissionRequest.find({ tenantId }).lean()).map((r) => r._id.toString());
    expect(remaining.sort()).toEqual([recentDeclined, recentEnded, inForce, waiting, heldBack].sort());
    expect(remaining).not.toContain(oldDeclined);
    expect(remaining).not.toContain(oldEnded);
    const audited = await models.AuditEvent.findOne({
      tenantId,
      action: 'retention.disposed',
      'subject.id': 'permission-request',
    }).lean();
    expect(audited?.details).toMatchObject({ action: 'delete', count: 2, heldBack: 1 });
    expect(JSON.stringify(audited)).not.toMatch(/PRM-2019/);
  });
});
