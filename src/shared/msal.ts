import type { ConfidentialClientApplication, Configuration } from '@azure/msal-node';
import { lazy } from './lazy';

/**
 * An msal-node client for client-credential tokens, made when the first token is needed: msal-node
 * is slow to load and a process may never ask for a token (no app registration, or nothing sent).
 * A failed load is not kept: the next call tries again.
 */
export function lazyMsalClient(auth: Configuration['auth']): () => Promise<ConfidentialClientApplication> {
  return lazy(() =>
    import('@azure/msal-node').then((msal) => new msal.ConfidentialClientApplication({ auth })),
  );
}
