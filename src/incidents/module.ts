import type { Config } from '../config';
import { loadActor, type Person, type StoredConversation } from '../directory';
import type { Route } from '../http/server';
import type { JobScheduler } from '../jobs/scheduler';
import type { Models } from '../store/models';
import { claimIncident, type HandlingDeps } from './handling';
import { intakeSteps, type IntakeDeps, type IntakeSteps } from './intake';
import type { Reporter } from './intake-state';
import type { Intake } from './intake-model';
import { childSafetyType, matchIntent, thresholds, type IntentMatch } from './intent';
import { defineIncidentJobs } from './jobs';
import type { Incident } from './model';
import type { IncidentNotice, IncidentNotifier } from './messages';
import { myIncidents, type MyReportView } from './queue';
import { submitIntake, type ReportDeps, type SubmittedReport } from './report';
import { incidentRoutes } from './routes';
import { createSealer, type Sealer } from './seal';
import { incidentTypes, type IncidentType } from './catalogue';
import { loadNames, noticeOf } from './views';

export interface IncidentsOptions {
  readonly config: Pick<Config, 'incidents' | 'reminders' | 'directory' | 'bot'>;
  readonly models: Models;
  readonly jobs: Pick<JobScheduler, 'define' | 'at' | 'cancel' | 'now'>;
  readonly notifier: IncidentNotifier;
  /** Seals concerns about a child; default INCIDENT_ENCRYPTION_KEY (see `incidentKeyFor`). */
  readonly encryptionKey?: string | undefined;
  readonly now?: () => Date;
}

/**
 * Incident reporting as the rest of Conduct sees it: the REST routes, the use cases the bot's
 * conversation calls, and the jobs (escalation, the breach clock), defined on the scheduler here.
 */
export interface Incidents {
  readonly routes: readonly Route[];
  readonly types: readonly IncidentType[];
  readonly passwordResetUrl: string;
  readonly timeZone: string;
  readonly match: (text: string) => IntentMatch;
  /** True when a concern about a child is plausible for the message (started, or offered first). */
  readonly mayConcernAChild: (text: string) => boolean;
  readonly intake: IntakeSteps & {
    submit: (reporter: Reporter, intake: Intake) => Promise<SubmittedReport>;
  };
  /** Takes ownership (from the card) for the person pressing it; returns the report as a card may show it. */
  claim: (person: Pick<Person, 'tenantId' | 'entraObjectId'>, incidentId: string) => Promise<IncidentNotice>;
  mine: (reporter: Pick<Reporter, '_id' | 'tenantId'>) => Promise<MyReportView[]>;
}

export function createIncidents(options: IncidentsOptions): Incidents {
  const { config, models, jobs, notifier } = options;
  const now = options.now ?? (() => new Date());
  const timeZone = config.reminders.timeZone;
  const sealer: Sealer = createSealer(
    'encryptionKey' in options ? options.encryptionKey : config.incidents.encryptionKey,
  );
  const channel = channelConversation(config);
  const intakeDeps: IntakeDeps = { models, sealer, now, timeZone };
  const common = {
    models,
    notifier,
    channel,
    now,
    timeZone,
    escalationMinutes: config.incidents.escalationMinutes,
    urgentEscalationMinutes: config.incidents.urgentEscalationMinutes,
  };
  const reportDeps: ReportDeps = { ...common, sealer, jobs };
  const handlingDeps: HandlingDeps = { models, notifier, sealer, jobs, now, timeZone };
  defineIncidentJobs(jobs, { ...common, sealer });
  return {
    routes: incidentRoutes(handlingDeps),
    types: incidentTypes,
    passwordResetUrl: config.incidents.passwordResetUrl,
    timeZone,
    match: (text) => matchIntent(text, incidentTypes),
    mayConcernAChild: (text) => {
      const match = matchIntent(text, incidentTypes);
      return (
        match.type === childSafetyType ||
        match.candidates.some((c) => c.type === childSafetyType && c.score >= thresholds.childSafetyPlausible)
      );
    },
    intake: {
      ...intakeSteps(intakeDeps),
      submit: (reporter, intake) => submitIntake(reportDeps, reporter, intake),
    },
    claim: async (person, incidentId) => {
      const actor = await loadActor(models, person.tenantId, person.entraObjectId);
      const incident: Incident = await claimIncident(handlingDeps, actor, incidentId);
      return noticeOf(incident, await loadNames(models, actor.tenantId, [incident]), timeZone, now());
    },
    mine: (reporter) =>
      myIncidents({ models, sealer }, { tenantId: reporter.tenantId, personId: reporter._id }, now()),
  };
}

/** The incidents channel, reached through the Teams service URL for the tenant (Graph gives none). */
function channelConversation(config: IncidentsOptions['config']): StoredConversation | undefined {
  const id = config.incidents.channelConversationId;
  const tenantId = config.bot.tenantId;
  if (!id || !tenantId) return undefined;
  return {
    id,
    serviceUrl: config.directory.botServiceUrl,
    tenantId,
    ...(config.bot.appId ? { botId: `28:${config.bot.appId}` } : {}),
    channelId: 'msteams',
    storedAt: new Date(0),
  };
}
