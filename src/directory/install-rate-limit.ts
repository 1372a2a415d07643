import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Pacer } from '../store/rate-budget';

/**
 * Holds every request to the Teams app-installation endpoints (retries included, since it sits
 * after the retry handler) to the pacer's rate, spacing them evenly so that no one-second
 * window ever holds more than the rate (the pacer may be shared by every instance).
 */
export class TeamsInstallRateLimit implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly pacer: Pacer) {}

  async execute(context: Context): Promise<void> {
    const url =
      typeof context.request === 'string' ? context.request : (context.request as { url: string }).url;
    if (/\/teamwork\/installedApps/i.test(url)) await this.pacer.take();
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
