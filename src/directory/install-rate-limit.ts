import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';

/**
 * Holds every request to the Teams app-installation endpoints (retries included, since it sits
 * after the retry handler) to the configured rate, spacing them evenly so that no one-second
 * window ever holds more than the rate.
 */
export class TeamsInstallRateLimit implements Middleware {
  private next: Middleware | undefined;
  private readonly queue: RateLimiterQueue;

  constructor(ratePerSecond: number) {
    const limiter = new RateLimiterMemory({ points: 1, duration: 1 / ratePerSecond });
    this.queue = new RateLimiterQueue(limiter, { maxQueueSize: 1_000_000 });
  }

  async execute(context: Context): Promise<void> {
    const url =
      typeof context.request === 'string' ? context.request : (context.request as { url: string }).url;
    if (/\/teamwork\/installedApps/i.test(url)) await this.queue.removeTokens(1);
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
