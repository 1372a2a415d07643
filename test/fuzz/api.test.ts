import fc from 'fast-check';
import { roles } from '../../src/directory/model';
import { startEntraStandIn } from '../../scripts/standins/entra';
import { startGraphStandIn } from '../../scripts/standins/graph';
import { seeder } from '../compliance/seed';
import { standInTestEnv } from '../directory/app';
import { uniqueDatabaseName } from '../support/database';
import { expectUnharmed, fuzz, hostile, send, startFuzzTarget, useFuzzing } from './harness';

/**
 * Seeded property-based fuzzing of the REST API as production runs it (app registration, Entra
 * and Graph stand-ins), signed in as a person who holds every role, so requests get past sign-in
 * and role checks to the handlers: every route, with odd path parameters (some of them the ids of
 * real records), query strings and bodies, some of them not JSON. The answer is never 5xx, the
 * process survives and memory stays flat. Conduct runs in a process of its own, whose memory is measured.
 */
const requestCount = Math.max(2_000, Number(process.env.FUZZ_COUNT ?? 0));

describe('fuzzing the REST API (seeded)', () => {
  const fuzzing = useFuzzing(
    async () => {
      const entra = await startEntraStandIn();
      return { entra, graph: await startGraphStandIn({ verifyToken: entra.verifyAppToken }) };
    },
    // Logged as in production (to nowhere), so log lines count in the memory measured.
    ({ entra, graph }) =>
      startFuzzTarget({ ...standInTestEnv(entra, graph, uniqueDatabaseName()), LOG_LEVEL: 'info' }),
  );

  it(`answers ${requestCount} malformed API requests from a signed-in person without a 5xx, and memory stays flat`, async () => {
    const { target, standIns } = fuzzing();
    const { entra } = standIns;
    const seed = seeder(target.models, entra.tenantId);
    const schoolId = await seed.school('North Hill School', 'NHS');
    const holder = await seed.person('Fuzz Everyrole', {
      memberships: [{ schoolId, audience: 'staff' }],
      jobTitle: 'IT manager',
    });
    for (const role of roles)
      await seed.role(holder, role, ['trust_admin', 'trust_leader'].includes(role) ? null : schoolId);
    const other = await seed.person('Fuzz Colleague', { memberships: [{ schoolId, audience: 'staff' }] });
    const policyId = await seed.policy('Fuzz policy', { audiences: ['staff'] });
    const versionId = await seed.publish(policyId, 'v1', { publishedAt: new Date() });
    // One token for the run: each request is verified afresh, as the tab's would be.
    const authorization = `Bearer ${await entra.tokenFor({ oid: holder.oid })}`;
    const known = [schoolId, holder.id, other.id, policyId, versionId].map(String);

    // The directory sync reads no input (nothing to fuzz), and the Graph stand-in's empty
    // directory would make the signed-in person a leaver, refused from then on.
    const routes = target.routes.filter((route) => route.path !== '/api/directory/sync');
    const requests = fc.record({
      route: fc.constantFrom(...routes),
      params: fc.array(
        fc.oneof(
          fc.constantFrom(...known),
          fc.string(),
          fc.stringMatching(/^[0-9a-f]{24}$/),
          fc.constantFrom('..', '%00', 'null', 'trust', '$where', '__proto__'),
        ),
        { minLength: 4, maxLength: 4 },
      ),
      query: fc.dictionary(
        fc.constantFrom(
          'status',
          'schoolId',
          'policyId',
          'page',
          'limit',
          'cursor',
          'q',
          'from',
          'to',
          'type',
          'after',
          'format',
        ),
        fc.oneof(
          fc.string(),
          fc.constantFrom(...known),
          fc.constantFrom('-1', '1e9', 'NaN', '[object Object]'),
        ),
      ),
      body: fc.option(hostile, { nil: undefined }),
      notJson: fc.boolean(),
    });

    const figures = await fuzz(
      'API requests',
      target,
      requests,
      requestCount,
      async ({ route, params, query, body, notJson }) => {
        let n = 0;
        const path = route.path.replace(/:[A-Za-z]+/g, () =>
          encodeURIComponent(params[n++ % params.length] ?? 'x'),
        );
        const search = new URLSearchParams(query).toString();
        const method = route.method === 'del' ? 'DELETE' : route.method.toUpperCase();
        const withBody = method !== 'GET' && body !== undefined;
        const text = withBody ? (notJson ? `${JSON.stringify(body)}}{` : JSON.stringify(body)) : undefined;
        const answer = await send(`${target.url}${path}${search ? `?${search}` : ''}`, {
          method,
          headers: { authorization, ...(withBody ? { 'content-type': 'application/json' } : {}) },
          ...(text === undefined ? {} : { body: text }),
        });
        return {
          status: answer.status,
          what: `${method} ${path}?${search} ${text?.slice(0, 200) ?? ''} → ${answer.status} ${answer.text.slice(0, 200)}`,
        };
      },
    );

    await expectUnharmed(target, figures, requestCount);
    // Most requests got past sign-in and the role checks to a handler (which answered or refused them).
    expect(figures.byStatus[401] ?? 0).toBe(0);
    expect(figures.byStatus[403] ?? 0).toBeLessThan(requestCount / 4);
    expect(figures.byStatus[200] ?? 0).toBeGreaterThan(requestCount / 10);
  });
});
