import type { Config } from '../config';
import { loadActor, type Person } from '../directory';
import type { Route } from '../http/server';
import type { JobScheduler } from '../jobs/scheduler';
import type { Models } from '../store/models';
import {
  answerAsking,
  backAsking,
  cancelAsking,
  currentDraft,
  draftPrompt,
  startAsking,
  type AskingPrompt,
} from './asking';
import { askAtOnce } from './ask-form';
import type { AskFormInput } from './contract';
import type { PermissionDeps } from './deps';
import type { PermissionKind } from './kinds';
import { matchPermission } from './intent';
import { definePermissionJobs } from './lapse';
import type { PermissionNotifier } from './messages';
import type { PermissionDraft } from './model';
import {
  decideRequest,
  requestFor,
  submitRequest,
  type DecisionCardState,
  type DecisionInput,
  type SentRequest,
} from './requests';
import { permissionRoutes } from './routes';
import { kindsFor } from './settings';
import { permissionStore } from './store';

export interface PermissionsOptions {
  readonly config: Pick<Config, 'reminders'>;
  readonly models: Models;
  readonly jobs: Pick<JobScheduler, 'define' | 'at' | 'cancel'>;
  readonly notifier: PermissionNotifier;
  readonly signedCurrent: PermissionDeps['signedCurrent'];
  readonly now?: () => Date;
}

type Who = Pick<Person, 'tenantId' | 'entraObjectId'>;

/**
 * Asking permission (to install software, use one's own device, take personal data home…) as the
 * rest of Conduct sees it: the REST routes, what the bot's conversation and cards call, and the
 * jobs that remind before an approval lapses and end it.
 */
export interface Permissions {
  readonly routes: readonly Route[];
  readonly timeZone: string;
  kinds: (tenantId: string) => Promise<PermissionKind[]>;
  /** The kind free text asks permission for (a default kind's id), when the matcher is sure enough. */
  recognise: (text: string) => string | undefined;
  readonly asking: {
    start: (person: Person, kindId: string) => Promise<AskingPrompt>;
    current: (person: Person) => Promise<PermissionDraft | undefined>;
    prompt: (draft: PermissionDraft, problem?: string) => Promise<AskingPrompt>;
    answer: (draft: PermissionDraft, text: string) => Promise<AskingPrompt>;
    back: (draft: PermissionDraft) => Promise<AskingPrompt>;
    cancel: (person: Person) => Promise<void>;
    submit: (person: Person, draft: PermissionDraft) => Promise<SentRequest>;
    /** Every answer at once, as the tab's form sends them; refused (AppError) with each problem. */
    atOnce: (person: Person, input: AskFormInput) => Promise<SentRequest>;
  };
  /** The request as its card shows it now, for an approver or the person who asked. */
  view: (who: Who, requestId: string) => Promise<DecisionCardState>;
  /** An approver's decision from the card; refused (AppError) with the reason. */
  decide: (who: Who, requestId: string, decision: DecisionInput) => Promise<DecisionCardState>;
}

export function createPermissions(options: PermissionsOptions): Permissions {
  const { models } = options;
  const deps: PermissionDeps = {
    store: permissionStore(models),
    models,
    notifier: options.notifier,
    jobs: options.jobs,
    now: options.now ?? (() => new Date()),
    timeZone: options.config.reminders.timeZone,
    signedCurrent: options.signedCurrent,
  };
  definePermissionJobs(options.jobs, deps);
  const actorOf = (who: Who) => loadActor(models, who.tenantId, who.entraObjectId);
  return {
    routes: permissionRoutes(deps),
    timeZone: deps.timeZone,
    kinds: (tenantId) => kindsFor(deps, tenantId),
    recognise: (text) => matchPermission(text).kind,
    asking: {
      start: (person, kindId) => startAsking(deps, person, kindId),
      current: (person) => currentDraft(deps, person),
      prompt: (draft, problem) => draftPrompt(deps, draft, problem),
      answer: (draft, text) => answerAsking(deps, draft, text),
      back: (draft) => backAsking(deps, draft),
      cancel: (person) => cancelAsking(deps, person),
      submit: (person, draft) => submitRequest(deps, person, draft),
      atOnce: (person, input) => askAtOnce(deps, person, input),
    },
    view: async (who, requestId) => requestFor(deps, await actorOf(who), requestId),
    decide: async (who, requestId, decision) => decideRequest(deps, await actorOf(who), requestId, decision),
  };
}
