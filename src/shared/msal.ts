import type { ConfidentialClientApplication, Configuration } from '@azure/msal-node';

/**
 * An msal-node client for client-credential tokens, made when the first token is needed: msal-node
 * is slow to load and a process may never ask for a token (no app registration, or nothing sent).
 * A failed load is not kept: the next call tries again.
 */
export function lazyMsalClient(auth: Configuration['auth']): () => Promise<ConfidentialClientApplication> {
  let client: Promise<ConfidentialClientApplication> | undefined;
  return () => {
    client ??= import('@azure/msal-node').then(
      (msal) => new msal.ConfidentialClientApplication({ auth }),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    );
    return client;
  };
}
