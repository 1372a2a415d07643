import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startApp, type RunningApp } from '../../src/app';
import { openConnection } from '../../src/store/connection';
import type { Models } from '../../src/store/models';
import { registeredAppEnv } from '../support/conduct';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { standInTls } from '../../scripts/standins/ca';
import { startConnectorStandIn, type ConnectorStandIn } from '../../scripts/standins/connector';
import { startEntraStandIn, type EntraStandIn } from '../../scripts/standins/entra';

export interface TabUnderTest {
  readonly app: RunningApp;
  readonly models: Models;
  readonly entra: EntraStandIn;
  readonly connector: ConnectorStandIn;
  readonly tenantId: string;
  readonly browser: BrowserContext;
  /** A fresh browser tab (its own session storage, so its own sign-in). */
  newPage: () => Promise<Page>;
  /** Uncaught errors in any page so far: a page that crashed shows nothing, so the tests check this. */
  readonly pageErrors: string[];
}

const root = path.resolve(__dirname, '..', '..');
export const screenshotDir = path.join(root, 'test-output', 'screenshots');

/**
 * The built tab served by the real app on the embedded database, signed in through the local Entra
 * and sending cards to a local connector; one Chromium for the whole file.
 */
export function useTab(): () => TabUnderTest {
  let running: TabUnderTest | undefined;
  let profile: string | undefined;
  let databaseName: string | undefined;
  // What has started so far, so that a start that fails half-way still stops the rest (an open
  // stand-in server would keep the jest worker from exiting, beside the failure itself).
  const started: { -readonly [K in 'app' | 'entra' | 'connector' | 'browser']?: TabUnderTest[K] } = {};
  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(root, 'tab', 'build.mjs'), '--if-changed'], {
      cwd: root,
      stdio: 'pipe',
    });
    const entra = (started.entra = await startEntraStandIn());
    const connector = (started.connector = await startConnectorStandIn());
    databaseName = uniqueDatabaseName();
    const config = loadConfig(
      {
        ...registeredAppEnv(entra, databaseName),
        BOT_TRUSTED_SERVICE_URLS: connector.url,
        // As in test/support/conduct.ts: jobs asked for now start at once; polling finds later ones.
        JOBS_POLL_INTERVAL_MS: '5000',
        DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
      },
      root,
    );
    const app = (started.app = await startApp(config, createLogger('silent')));
    profile = mkdtempSync(path.join(tmpdir(), 'conduct-chromium-'));
    // A fresh profile per run; screenshots share one size; the locale gives en-GB dates in the page.
    const browser = (started.browser = await chromium.launchPersistentContext(profile, {
      // Debian's headless shell (Chromium's own headless mode, without the full browser around it):
      // the same rendering for about half the CPU of the full browser in these tests.
      executablePath: '/usr/bin/chromium-headless-shell',
      headless: true,
      args: chromiumArgs(),
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    }));
    const pageErrors: string[] = [];
    browser.on('page', (page) =>
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`)),
    );
    running = {
      app,
      models: app.models,
      entra,
      connector,
      tenantId: entra.tenantId,
      browser,
      pageErrors,
      newPage: () => browser.newPage(),
    };
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.app?.stop();
    await started.connector?.close();
    await started.entra?.stop();
    if (databaseName) {
      const cleanup = await openConnection(testDatabaseUri(), databaseName);
      await cleanup.dropDatabase();
      await cleanup.close();
    }
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  return () => {
    if (!running) throw new Error('The tab is only running inside tests');
    return running;
  };
}

/**
 * Chromium trusts the local Entra's certificate by its public key only (the test CA is not in its
 * store, and --ignore-certificate-errors would accept anything); nothing but 127.0.0.1 resolves.
 */
function chromiumArgs(): string[] {
  const spki = (pem: string) =>
    createHash('sha256')
      .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
  const tls = standInTls();
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
    `--ignore-certificate-errors-spki-list=${spki(tls.cert)},${spki(tls.caPem)}`,
  ];
}

/** Signs in as the person through the tab's own OpenID flow and waits for the page to open. */
export async function signIn(tab: TabUnderTest, page: Page, oid: string, path: string): Promise<void> {
  tab.entra.signInAs({ oid });
  await page.goto(`${tab.app.url}/tab/${path}`);
  await page.waitForURL((url) => url.pathname.startsWith('/tab/') && !url.pathname.startsWith('/tab/auth'), {
    timeout: 60_000,
  });
  await page.locator('main#main').waitFor({ timeout: 60_000 });
}

/** Waits until the page's main content is there and nothing in it is still loading. */
export async function waitForContent(page: Page): Promise<void> {
  await page.locator('main#main').waitFor();
  // Runs in the page, where the document exists (this file is typed for Node).
  type Dom = { document: { querySelectorAll: (selector: string) => { length: number } } };
  await page.waitForFunction(
    () => (globalThis as unknown as Dom).document.querySelectorAll('.fui-Spinner').length === 0,
    undefined,
    { timeout: 60_000 },
  );
}

/** The toast with this title, as the person sees it. */
export const toastTitled = (page: Page, title: string) => page.locator('.fui-ToastTitle', { hasText: title });

/** Full-page screenshot into test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * After an action (a click that changes something): a screenshot of what the person sees now, in
 * test-output/screenshots/after-<name>.png, and a check that the page's main content is on screen
 * and not covered by anything (a toast's or dialog's layer over the whole page, say): the element
 * at the centre of the visible part of the main landmark must be inside it.
 */
export async function afterAction(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `after-${name}.png`) });
  // Runs in the page, where the document exists (this file is typed for Node).
  type Box = { top: number; bottom: number; left: number; right: number };
  type Dom = {
    innerWidth: number;
    innerHeight: number;
    document: {
      querySelector: (
        selector: string,
      ) => (Box & { getBoundingClientRect: () => Box; contains: (n: unknown) => boolean }) | null;
      elementFromPoint: (x: number, y: number) => { outerHTML: string } | null;
    };
  };
  const seen = await page.evaluate(() => {
    const { document, innerWidth, innerHeight } = globalThis as unknown as Dom;
    const main = document.querySelector('main');
    if (!main) return 'there is no main landmark';
    const box = main.getBoundingClientRect();
    const visible = {
      top: Math.max(box.top, 0),
      bottom: Math.min(box.bottom, innerHeight),
      left: Math.max(box.left, 0),
      right: Math.min(box.right, innerWidth),
    };
    if (visible.bottom - visible.top < 50 || visible.right - visible.left < 50)
      return 'the main content is off screen';
    const atCentre = document.elementFromPoint(
      (visible.left + visible.right) / 2,
      (visible.top + visible.bottom) / 2,
    );
    if (!atCentre) return 'nothing is at the centre of the main content';
    return main.contains(atCentre) ? 'visible' : `covered by ${atCentre.outerHTML.slice(0, 120)}`;
  });
  if (seen !== 'visible') throw new Error(`After ${name}, the page's main content is not visible: ${seen}`);
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { html: string }[];
}

/**
 * axe-core's serious and critical findings on the page. It is evaluated through the DevTools
 * protocol, which the page's Content-Security-Policy does not govern, so the CSP stays on.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // A toast or dialog still fading in is drawn part-transparent, and axe would measure its contrast
  // mid-fade: let the page's finite animations end first (for at most 2 s).
  await page.evaluate(async () => {
    type Running = {
      finished: Promise<unknown>;
      effect: { getComputedTiming(): { endTime?: unknown } } | null;
    };
    const doc = (globalThis as unknown as { document: { getAnimations(): Running[] } }).document;
    const ending = doc.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.race([
      Promise.all(ending.map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
  });
  // axe stays in the document once evaluated: a second check of the same page (the other theme)
  // does not parse its half a megabyte again.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    type Axe = { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> };
    const axe = (globalThis as unknown as { axe: Axe }).axe;
    // Fluent's focus manager (Tabster) puts invisible <i data-tabster-dummy> focus guards around
    // groups; axe reads them as focusable hidden content, which is not what a person meets.
    const context = { exclude: [['[data-tabster-dummy]']] };
    return (await axe.run(context, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.html.slice(0, 200)).join(' | ')}`);
}
