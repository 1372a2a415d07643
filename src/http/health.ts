import type { ApiRoute } from './route';

/** GET /healthz (alive while the process runs) and GET /readyz (the readiness check's answer). */
export function healthRoutes(readiness: () => Promise<void>): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/healthz',
      access: 'public',
      reply: () => Promise.resolve({ status: 200, body: { status: 'alive' } }),
    },
    {
      method: 'get',
      path: '/readyz',
      access: 'public',
      reply: async () => {
        try {
          await readiness();
          return { status: 200, body: { status: 'ready' } };
        } catch (error) {
          const reason = error instanceof Error ? error.message : 'not ready';
          return { status: 503, body: { status: 'unavailable', reason } };
        }
      },
    },
  ];
}
