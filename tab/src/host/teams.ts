import { app, authentication } from '@microsoft/teams-js';

export type HostTheme = 'default' | 'dark' | 'contrast';

/** Conduct running as a tab inside Teams (or Outlook and the Microsoft 365 app). */
export interface TeamsHost {
  readonly theme: HostTheme;
  /** The deep link's sub-page: a path under /tab/, e.g. "admin/incidents/…". */
  readonly subPageId: string | undefined;
  onThemeChange: (handler: (theme: HostTheme) => void) => void;
  /** A Teams SSO access token for Conduct's API (Teams caches and renews it). */
  token: () => Promise<string>;
}

/** How long an iframe may take to answer Teams' handshake before we decide we are elsewhere. */
const handshakeMs = 4_000;

const asTheme = (theme: string | undefined): HostTheme =>
  theme === 'dark' || theme === 'contrast' ? theme : 'default';

/**
 * Teams hosts a tab in an iframe (a webview with a native bridge on mobile). A top-level page with no
 * bridge is certainly not in Teams; in a foreign iframe teams-js would wait a minute for a handshake
 * that never comes, so the wait is cut short.
 */
export async function detectTeams(): Promise<TeamsHost | null> {
  const framed = window.parent !== window;
  const bridged = 'nativeInterface' in window;
  if (!framed && !bridged) return null;
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), handshakeMs));
  const outcome = await Promise.race([app.initialize().then(() => 'ready' as const), timeout]).catch(
    () => 'failed' as const,
  );
  if (outcome !== 'ready') return null;
  const context = await app.getContext();
  // Tells Teams the tab has loaded, so it removes its own loading indicator.
  void app.notifySuccess();
  return {
    theme: asTheme(context.app.theme),
    subPageId: context.page.subPageId || undefined,
    onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(asTheme(theme))),
    token: () => authentication.getAuthToken(),
  };
}
