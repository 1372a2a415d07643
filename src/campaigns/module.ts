import { versionChanged } from '../shared/changes';
import type { Config } from '../config';
import { z } from 'zod';
import { checkedPayload } from '../jobs/payload';
import type { JobScheduler } from '../jobs/scheduler';
import { objectId } from '../shared/input';
import type { Logger } from '../logger';
import { policyWithVersion, type Policy, type PolicyVersion } from '../policies';
import type { Models } from '../store/models';
import type { Actor } from '../directory';
import type { PolicyCardSender } from './ports';
import { escalateOverdue, remindNow, sendDueReminders, type ReminderDeps } from './reminders';
import { campaignRoutes } from './routes';
import { hasQueuedCards, runningCampaignsOf } from './store';
import { parseWindow } from './schedule';
import { sendCampaign } from './sender';
import { enrolAudience, sendJob, startCampaign } from './start';
import type { Route } from '../http/server';

const remindersJob = 'campaigns.reminders';
const escalationJob = 'campaigns.escalate';
const enrolJob = 'campaigns.enrol';

export interface Campaigns {
  readonly routes: readonly Route[];
  startCampaign: (input: {
    policy: Policy;
    version: PolicyVersion;
    actor: Actor;
  }) => Promise<{ campaignId: string }>;
  /** Registers the recurring jobs (reminders, overdue summaries, new joiners); call before jobs.start(). */
  schedule: () => Promise<void>;
}

export interface CampaignsDeps {
  config: Config;
  models: Models;
  jobs: JobScheduler;
  cards: PolicyCardSender;
  logger: Logger;
  now: () => Date;
}

/** Sending policy cards to everyone they apply to, reminding, and escalating who is overdue. */
export function createCampaigns(deps: CampaignsDeps): Campaigns {
  const { models, jobs, config } = deps;
  const { timeZone } = config.reminders;
  const log = deps.logger.child({ component: 'campaigns' });
  const reminderDeps: ReminderDeps = {
    models,
    cards: deps.cards,
    logger: log,
    now: deps.now,
    window: parseWindow(config.reminders.window, config.reminders.timeZone),
  };

  jobs.define(
    sendJob,
    checkedPayload(sendJob, z.object({ campaignId: objectId }), ({ campaignId }, control) =>
      sendCampaign(
        {
          models,
          cards: deps.cards,
          logger: log,
          now: deps.now,
          concurrency: 8,
          claimMs: config.sending.claimTimeoutMs,
          timeZone: config.reminders.timeZone,
        },
        campaignId,
        control,
      ),
    ),
    { concurrency: 4 },
  );
  jobs.define(remindersJob, async () => {
    const sent = await sendDueReminders(reminderDeps);
    if (sent > 0) log.info({ sent }, 'reminders sent');
  });
  jobs.define(escalationJob, async () => {
    const sent = await escalateOverdue(reminderDeps);
    if (sent > 0) log.info({ sent }, 'overdue summaries sent');
  });
  jobs.define(enrolJob, async () => {
    for (const campaign of await runningCampaignsOf(models)) {
      const found = await policyWithVersion(models, campaign.policyId, campaign.policyVersionId);
      if (!found) continue;
      const added = await enrolAudience(
        { models, timeZone },
        campaign,
        found.policy,
        found.version,
        deps.now(),
      );
      if (added > 0) await versionChanged(models.Campaign, campaign.tenantId, found.version._id);
      // Also the safety net for a send job that died (its worker crashed or it was cut off):
      // whatever is still queued gets a fresh job; batch claims keep two jobs from double-sending.
      const waiting = await hasQueuedCards(models, campaign._id);
      if (added > 0 || waiting) await jobs.now(sendJob, { campaignId: campaign._id.toString() });
    }
  });

  return {
    routes: campaignRoutes({
      models,
      jobs,
      remindNow: (versionId, people) => remindNow(reminderDeps, versionId, people),
    }),
    startCampaign: (input) => startCampaign({ models, jobs, now: deps.now, timeZone }, input),
    schedule: async () => {
      await jobs.every('15 minutes', remindersJob);
      await jobs.every('1 hour', escalationJob);
      await jobs.every('10 minutes', enrolJob);
    },
  };
}
