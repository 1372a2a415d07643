import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { createAccessTokenVerifier } from '../../src/directory/access-token';
import type { Audience, Role } from '../../src/directory/model';
import { createAuthenticator } from '../../src/http/auth';
import type { ErrorBody } from '../../src/http/errors';
import { createHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import type { StartCampaign } from '../../src/policies/publish';
import { policyRoutes } from '../../src/policies/routes';
import type { RenderCard } from '../../src/policies/versions';
import type { Models } from '../../src/store/models';
import { useTestDatabase } from '../support/database';
import { startEntraStandIn, type EntraStandIn } from '../../scripts/standins/entra';

/** An API answer as a test reads it: the success shape it expects, or the error body. */
export interface Answer<T> {
  status: number;
  body: T & Partial<ErrorBody>;
}

export interface CallOptions {
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as the raw body, with this content type (none when undefined). */
  file?: { bytes: Uint8Array; contentType?: string };
}

export interface PolicyApi {
  readonly models: Models;
  readonly tenantId: string;
  readonly entra: EntraStandIn;
  /** The campaign starter the routes were given; tests script and inspect it. */
  readonly startCampaign: jest.Mock<ReturnType<StartCampaign>, Parameters<StartCampaign>>;
  readonly renderCard: jest.Mock<ReturnType<RenderCard>, Parameters<RenderCard>>;
  /** Adds an active person with roles ("trust" or a school id as scope) and memberships; returns their Entra id. */
  addPerson(spec: PersonSpec): Promise<{ oid: string; personId: Types.ObjectId }>;
  call<T = unknown>(who: string, method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
}

export interface PersonSpec {
  name: string;
  jobTitle?: string;
  roles?: { role: Role; scope: string }[];
  memberships?: { schoolId: string; audience: Audience }[];
}

/**
 * The policy routes on the real HTTP server, signed in through the local Entra over https, on a
 * database of their own. The campaign starter and card builder are the test's own functions.
 */
export function usePolicyApi(): () => PolicyApi {
  const db = useTestDatabase();
  let api: PolicyApi | undefined;
  let server: HttpServer | undefined;
  let entra: EntraStandIn | undefined;
  beforeAll(async () => {
    entra = await startEntraStandIn();
    const { models } = db();
    const tenantId = entra.tenantId;
    const startCampaign = jest.fn<ReturnType<StartCampaign>, Parameters<StartCampaign>>(({ version }) =>
      Promise.resolve({ campaignId: `campaign-for-${version._id.toString()}` }),
    );
    const renderCard = jest.fn<ReturnType<RenderCard>, Parameters<RenderCard>>(
      ({ policy, version, recipient }) => ({
        type: 'AdaptiveCard',
        title: policy.title,
        label: version.label,
        keyPoints: version.keyPoints,
        for: recipient,
      }),
    );
    const verify = createAccessTokenVerifier({ issuer: entra.issuer, audiences: [entra.clientId], tenantId });
    server = createHttpServer({
      logger: createLogger('silent'),
      authenticator: createAuthenticator(verify, models),
      readiness: () => Promise.resolve(),
      routes: policyRoutes({ models, startCampaign, renderCard }),
      checkContracts: true,
    });
    const address = await server.listen('127.0.0.1', 0);
    const url = `http://127.0.0.1:${address.port}`;
    const signedIn = entra;
    api = {
      models,
      tenantId,
      entra: signedIn,
      startCampaign,
      renderCard,
      addPerson: async (spec) => {
        const oid = randomUUID();
        const memberships = spec.memberships ?? [];
        const person = await models.Person.create({
          tenantId,
          entraObjectId: oid,
          displayName: spec.name,
          jobTitle: spec.jobTitle,
          memberships,
          membershipKeys: memberships.map((m) => `${m.schoolId}:${m.audience}`),
        });
        for (const { role, scope } of spec.roles ?? []) {
          await models.RoleAssignment.create({
            tenantId,
            personId: person._id,
            role,
            scopeKey: scope,
            ...(scope === 'trust' ? {} : { schoolId: scope }),
          });
        }
        return { oid, personId: person._id };
      },
      call: async <T>(who: string, method: string, path: string, options: CallOptions = {}) => {
        const token = await signedIn.tokenFor({ oid: who });
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        let body: Uint8Array | string | undefined;
        if (options.json !== undefined) {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(options.json);
        } else if (options.file) {
          if (options.file.contentType) headers['content-type'] = options.file.contentType;
          body = options.file.bytes;
        }
        const response = await fetch(`${url}${path}`, { method, headers, body });
        const text = await response.text();
        return { status: response.status, body: (text ? JSON.parse(text) : {}) as Answer<T>['body'] };
      },
    };
  });
  afterAll(async () => {
    await server?.close(1_000);
    await entra?.stop();
  });
  return () => {
    if (!api) throw new Error('the policy API is only running inside tests');
    return api;
  };
}

/** A valid new version, to be varied by each test. */
export const versionInput = (overrides: Record<string, unknown> = {}) => ({
  label: '2026.1',
  bodyMarkdown: '# Using school devices\n\n- I will keep my password to myself.\n- I will lock my screen.',
  keyPoints: [
    'Keep your password to yourself',
    'Lock your screen when you leave it',
    'Report a virus straight away',
  ],
  effectiveDate: '2026-09-01',
  reviewDate: '2026-07-15',
  nextReviewDate: '2027-07-15',
  dueDays: 14,
  material: true,
  ...overrides,
});
