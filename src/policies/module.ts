import type { Route } from '../http/server';
import type { Models } from '../store/models';
import type { StartCampaign } from './publish';
import { policyRoutes } from './routes';
import type { RenderCard } from './versions';
import type { ReviewRules } from './views';

/** The policy library as the composition root sees it. */
export interface Policies {
  readonly routes: readonly Route[];
}

export interface PoliciesDeps {
  readonly models: Models;
  /** Starts the campaign of a just-published version (the campaigns capability). */
  readonly startCampaign: StartCampaign;
  /** Builds a version's Adaptive Card (the bot's pure card builder), for the preview. */
  readonly renderCard: RenderCard;
  /** When policies count as due for review. */
  readonly reviewRules?: ReviewRules;
}

/** Policies and their versions: writing, importing, previewing and publishing them. */
export function createPolicies(deps: PoliciesDeps): Policies {
  return { routes: policyRoutes(deps) };
}
