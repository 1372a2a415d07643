import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import { auditKeyFromConfig, bindAuditKey } from './audit/key';
import { createAudit } from './audit/module';
import type { Config } from './config';
import { createBot, createProactiveMessenger } from '../bot';
import { schedulePruning } from './store/turn-ledger';
import { policyBotRoutes, previewPolicyCard } from '../bot/handlers/policies';
import { createPolicyCardSender } from '../bot/policy-sender';
import { createReviewCardSender } from '../bot/review-sender';
import { reviewBotRoutes } from '../bot/handlers/policy-review';
import { createPolicyReviews } from './policies/review/module';
import { createPolicyQuestions } from './policies/questions/module';
import { questionBotRoutes } from '../bot/handlers/policy-questions';
import { createQuestionNotifier } from '../bot/question-notifier';
import { incidentBotRoutes } from '../bot/incidents/conversation';
import { createIncidentNotifier } from '../bot/incidents/card-notifier';
import { permissionBotRoutes } from '../bot/handlers/permissions';
import { createPermissionNotifier } from '../bot/handlers/permission-notifier';
import { createPermissions } from './permissions/module';
import { incidentKeyFor } from './incidents/local-key';
import { createIncidents } from './incidents/module';
import { createAcknowledgements } from './acknowledgements/module';
import { createCampaigns } from './campaigns/module';
import { createPolicies } from './policies/module';
import { createDirectory } from './directory/module';
import { createCompliance } from './compliance/module';
import { createPrivacy } from './privacy/module';
import { createRetention } from './retention';
import { authenticatorFromConfig } from './http/auth';
import type { Contract } from './http/contract';
import { contractOf } from './http/define';
import { createHttpServer, type Route } from './http/server';
import { tabRoutes } from './http/static-tab';
import { createScheduler, type JobScheduler } from './jobs/scheduler';
import type { Logger } from './logger';
import { openConnection, pingDatabase } from './store/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './store/embedded-database';
import { createModels, ensureIndexes, type Models } from './store/models';
import { createSharedPacer } from './store/rate-budget';

export interface RunningApp {
  readonly url: string;
  readonly port: number;
  readonly databaseUri: string;
  readonly models: Models;
  readonly connection: Connection;
  /** The route table as served (besides /healthz and /readyz), for the OpenAPI check. */
  readonly routes: readonly (Pick<Route, 'method' | 'path'> & { contract: Contract | undefined })[];
  stop(): Promise<void>;
}

/** The composition root: builds every part of Conduct from the configuration and starts serving. */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const embedded = config.database.uri === undefined ? await startEmbedded(config, logger) : undefined;
  const databaseUri = config.database.uri ?? embedded!.uri;
  logger.info(
    { database: config.database.name, ...(embedded ? { pid: embedded.pid } : {}) },
    embedded ? 'using the embedded development database' : 'using the database named by MONGODB_URI',
  );
  let connection: Connection | undefined;
  let scheduler: JobScheduler | undefined;
  let stopBot: (() => void) | undefined;
  try {
    connection = await openConnection(databaseUri, config.database.name, {
      onReconnect: (event) =>
        logger.warn(event, 'a database server check never finished; the database client reconnected'),
    });
    const models = createModels(connection);
    bindAuditKey(models, auditKeyFromConfig(config));
    await ensureIndexes(models);
    const open = connection;
    const jobs = createScheduler({
      connection: open,
      logger,
      pollIntervalMs: config.jobs.pollIntervalMs,
      lockLifetimeMs: config.jobs.lockLifetimeMs,
      workerName: `${hostname()}:${process.pid}`,
    });
    scheduler = jobs;
    const directory = createDirectory({ config, models, jobs });
    const now = (): Date => new Date();
    const cardOptions = { timeZone: config.reminders.timeZone, publicBaseUrl: config.publicBaseUrl, now };
    const messenger = createProactiveMessenger(
      config,
      logger,
      createSharedPacer({
        model: models.RateBudget,
        key: `teams-send:${config.bot.tenantId ?? 'local'}`,
        ratePerSecond: config.sending.ratePerSecond,
        trace: (fields, message) => logger.debug(fields, message),
      }),
    );
    const campaigns = createCampaigns({
      config,
      models,
      jobs,
      cards: createPolicyCardSender(messenger, cardOptions),
      logger,
      now,
    });
    const incidents = createIncidents({
      config,
      models,
      jobs,
      notifier: createIncidentNotifier(messenger, { timeZone: config.reminders.timeZone }),
      encryptionKey: incidentKeyFor(config, logger),
      now,
    });
    const compliance = createCompliance({
      models,
      jobs,
      logger,
      timeZone: config.reminders.timeZone,
      now,
      reviewNoticeDays: config.policyReview.noticeDays,
    });
    const acknowledgements = createAcknowledgements({
      models,
      now,
      // Campaigns read signatures where they need them (reminders, progress): only compliance is told.
      signed: compliance.signed,
      claim: compliance.claim,
    });
    const permissions = createPermissions({
      config,
      models,
      jobs,
      notifier: createPermissionNotifier(messenger, { timeZone: config.reminders.timeZone }),
      signedCurrent: async (person, policyId) => {
        const mine = await acknowledgements.mine(person);
        const outstanding = mine.outstanding.find((policy) => policy.policyId === policyId);
        const signed = mine.signed.find((policy) => policy.policyId === policyId);
        return outstanding
          ? { title: outstanding.title, signed: false }
          : signed && { title: signed.title, signed: true };
      },
      now,
    });
    const reviewRules = { noticeDays: config.policyReview.noticeDays, timeZone: config.reminders.timeZone };
    const policies = createPolicies({
      models,
      startCampaign: campaigns.startCampaign,
      renderCard: previewPolicyCard(cardOptions),
      reviewRules,
    });
    const reviews = createPolicyReviews({
      models,
      jobs,
      cards: createReviewCardSender(messenger, cardOptions),
      startCampaign: campaigns.startCampaign,
      rules: reviewRules,
      now,
      logger,
      claimMs: config.sending.claimTimeoutMs,
    });
    const questions = createPolicyQuestions({
      models,
      notifier: createQuestionNotifier(messenger, cardOptions),
      now,
    });
    const privacy = createPrivacy({ models, timeZone: config.reminders.timeZone, now, logger });
    const retention = createRetention({ models, jobs, logger, now });
    const audit = createAudit({
      models,
      jobs,
      logger,
      tell: (conversation, text) => messenger.send(conversation, { text }),
      now,
      tenantId: config.bot.tenantId,
    });
    const incidentRoutes = incidentBotRoutes({ incidents });
    // Free text is first read as a request for permission; anything else goes on to incident reporting.
    const conversationRoutes = [
      permissionBotRoutes({
        permissions,
        // A message that may be about a child's safety is never taken as a request for permission.
        recognise: (text) => (incidents.mayConcernAChild(text) ? undefined : permissions.recognise(text)),
        otherwise: incidentRoutes.fallback,
      }),
      incidentRoutes,
    ];
    const bot = createBot({
      config,
      logger,
      models,
      capabilities: [
        policyBotRoutes({ acknowledgements, ...cardOptions }),
        reviewBotRoutes({ reviews, ...cardOptions }),
        questionBotRoutes({
          questions,
          acknowledgements,
          mayConcernAChild: (text) => incidents.mayConcernAChild(text),
          ...cardOptions,
        }),
        ...conversationRoutes,
      ],
    });
    stopBot = () => bot.close();
    await schedulePruning(jobs, bot.ledger);
    await directory.schedule();
    await campaigns.schedule();
    await compliance.schedule();
    await audit.schedule();
    await retention.schedule();
    await reviews.schedule();
    await jobs.start();

    const routes: Route[] = [
      bot.endpoint,
      ...directory.routes,
      ...policies.routes,
      ...reviews.routes,
      ...questions.routes,
      ...campaigns.routes,
      ...incidents.routes,
      ...permissions.routes,
      ...acknowledgements.routes,
      ...privacy.routes,
      ...compliance.routes,
      ...retention.routes,
      ...tabRoutes(config, models),
    ];
    const http = createHttpServer({
      logger,
      authenticator: authenticatorFromConfig(config, models),
      readiness: () =>
        pingDatabase(open, 2_000).catch((error: unknown) => {
          throw new Error(`database unavailable: ${error instanceof Error ? error.message : String(error)}`);
        }),
      routes,
      // Outside production an answer that breaks its route's contract fails loudly (a 500, logged).
      checkContracts: config.env !== 'production',
    });
    const address = await http.listen(config.http.host, config.http.port);
    const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
    const url = `http://${host}:${address.port}`;
    logger.info({ url }, 'Conduct is listening');

    return {
      url,
      port: address.port,
      databaseUri,
      models,
      connection: open,
      routes: routes.map((route) => ({
        method: route.method,
        path: route.path,
        contract: contractOf(route),
      })),
      stop: async () => {
        await http.close(config.http.shutdownTimeoutMs);
        await jobs.stop(config.http.shutdownTimeoutMs);
        await open.close();
        await embedded?.stop();
        bot.close();
        logger.info('Conduct stopped');
      },
    };
  } catch (error) {
    stopBot?.();
    await scheduler?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}

function startEmbedded(config: Config, logger: Logger): Promise<EmbeddedDatabase> {
  const devdbLog = logger.child({ component: 'devdb' });
  return startEmbeddedDatabase({
    binary: config.database.embedded.binary,
    dataDir: config.database.embedded.dataDir,
    onLog: (line) => devdbLog.debug(line),
  });
}
