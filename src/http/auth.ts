import type { Request } from 'restify';
import type { Config } from '../config';
import { type AccessTokenVerifier, type Actor, createAccessTokenVerifier, loadActor } from '../directory';
import { AppError } from '../errors';
import type { Models } from '../store/models';
import type { Authenticator } from './server';

/** Reads the tab's `Authorization: Bearer <Teams SSO token>`, verifies it and loads the person. */
export function createAuthenticator(
  verify: AccessTokenVerifier,
  models: Pick<Models, 'Person' | 'RoleAssignment'>,
): Authenticator {
  return {
    authenticate: async (req: Request): Promise<Actor> => {
      const token = bearerToken(req.header('authorization'));
      const subject = await verify(token);
      return loadActor(models, subject.tenantId, subject.entraObjectId);
    },
  };
}

function bearerToken(header: string | undefined): string {
  if (!header) {
    throw new AppError(
      'unauthenticated',
      'Sign in to use Conduct: this request carried no sign-in. Reload the tab.',
    );
  }
  const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/i.exec(header.trim())?.[1];
  if (!token) {
    throw new AppError(
      'unauthenticated',
      'The sign-in sent with this request is not in a form Conduct accepts. Reload the tab.',
    );
  }
  return token;
}

/** The authenticator for the configured issuer, audiences and tenant. */
export function authenticatorFromConfig(
  config: Pick<Config, 'auth' | 'bot'>,
  models: Pick<Models, 'Person' | 'RoleAssignment'>,
): Authenticator {
  const verify = createAccessTokenVerifier({
    issuer: config.auth.issuer,
    audiences: config.auth.audiences,
    tenantId: config.bot.tenantId,
  });
  return createAuthenticator(verify, models);
}
