import { conversationOf, roleHolders, type StoredConversation } from '../directory';
import type { Logger } from '../logger';
import type { SendOutcome } from '../notifications/outcome';
import type { Models } from '../store/models';
import {
  auditedTenants,
  chainProblemText,
  recordAuditCheckpoint,
  verifyAuditChain,
  type ChainVerification,
} from './store';

export const auditVerifyJob = 'audit.verify';

export interface VerificationDeps {
  readonly models: Pick<Models, 'AuditEvent' | 'AuditHead' | 'AuditCheckpoint' | 'RoleAssignment' | 'Person'>;
  readonly logger: Logger;
  /** Sends a plain message to one person's chat (the proactive messenger). */
  readonly tell: (conversation: StoredConversation, text: string) => Promise<SendOutcome>;
  readonly now: () => Date;
  /** The tenant Conduct serves, verified even when its head has gone. */
  readonly tenantId?: string | undefined;
}

export interface TenantVerification {
  readonly tenantId: string;
  readonly result: ChainVerification;
  /** Trust admins told of a failure. */
  readonly told: number;
}

/**
 * Verifies every tenant's chain. An intact chain gets a checkpoint (stored apart from it and written
 * to the log: count and last MAC only); a broken one is logged as an error and each trust admin is
 * told in Teams.
 */
export async function verifyAllChains(deps: VerificationDeps): Promise<TenantVerification[]> {
  const log = deps.logger.child({ component: 'audit' });
  const outcomes: TenantVerification[] = [];
  for (const tenantId of await auditedTenants(deps.models, deps.tenantId)) {
    const result = await verifyAuditChain(deps.models, tenantId);
    if (result.ok) {
      if (result.events > 0) {
        const checkpoint = await recordAuditCheckpoint(deps.models, tenantId, result, deps.now());
        log.info(
          { tenantId, count: checkpoint.seq, mac: checkpoint.hash },
          'audit trail verified: checkpoint',
        );
      }
      outcomes.push({ tenantId, result, told: 0 });
      continue;
    }
    const told = await tellTrustAdmins(deps, tenantId, result);
    log.error(
      { tenantId, brokenAt: result.brokenAt, problem: result.problem, trustAdminsTold: told },
      'audit trail failed verification',
    );
    outcomes.push({ tenantId, result, told });
  }
  return outcomes;
}

async function tellTrustAdmins(
  deps: VerificationDeps,
  tenantId: string,
  result: Extract<ChainVerification, { ok: false }>,
): Promise<number> {
  const text =
    `Conduct's audit trail failed its daily check: ${chainProblemText[result.problem]} ` +
    `(from event ${result.brokenAt}). The record of who did what cannot be relied on from that ` +
    'point. Please ask whoever runs Conduct for your trust to investigate (npm run audit:verify ' +
    'repeats the check), and keep the server logs: they hold the daily checkpoints.';
  let told = 0;
  for (const admin of await roleHolders(deps.models, tenantId, ['trust_admin'], undefined)) {
    const conversation = conversationOf(admin);
    if (!conversation) continue;
    const outcome = await deps.tell(conversation, text);
    if (outcome.status === 'sent') told += 1;
  }
  return told;
}
