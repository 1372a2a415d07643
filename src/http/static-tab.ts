import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { ApiRoute, FileReply, Route } from './route';
import { meRoute, tabConfigRoute } from './tab-config';
import type { Models } from '../store/models';

export interface TabSiteOptions {
  /** The built tab (tab/dist): index.html and hashed files under assets/. */
  readonly distDir: string;
  /** Origins the page may call besides its own: the sign-in issuer's. */
  readonly connectOrigins: readonly string[];
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where Teams, Outlook and the Microsoft 365 app may show the tab in a frame. */
const teamsHosts = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.teams.microsoft.us',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://*.microsoft365.com',
];

/** The folder of the built tab: tab/dist beside the package.json, for the sources and the compiled build alike. */
export function defaultTabDist(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'tab')))
      return path.join(dir, 'tab', 'dist');
    if (path.dirname(dir) === dir) return path.resolve('tab', 'dist');
  }
}

/** Everything the tab needs from the server: its pages and files, GET /api/tab-config and GET /api/me. */
export function tabRoutes(
  config: Pick<Config, 'auth' | 'bot' | 'reminders'>,
  models: Pick<Models, 'School'>,
  distDir: string = defaultTabDist(),
): Route[] {
  const connectOrigins = config.auth.issuer ? [new URL(config.auth.issuer).origin] : [];
  return [
    tabConfigRoute(config),
    meRoute(models, config.reminders.timeZone),
    ...tabSiteRoutes({ distDir, connectOrigins }),
  ];
}

/**
 * Serves the tab under /tab/: hashed files from /tab/assets/ with a year's cache, and index.html,
 * never cached, for every other /tab/ path, so the client routes (/tab/admin/…) load the app.
 */
export function tabSiteRoutes(options: TabSiteOptions): ApiRoute[] {
  const assetsDir = path.join(options.distDir, 'assets');
  const policy = contentSecurityPolicy(options.connectOrigins);
  return [
    {
      method: 'get',
      path: '/tab',
      access: 'public',
      reply: () => Promise.resolve({ status: 301, headers: { location: '/tab/' } }),
    },
    {
      method: 'get',
      path: '/tab/*',
      access: 'public',
      reply: ({ params }) => {
        const rest = params['*'] ?? '';
        return Promise.resolve(
          rest.startsWith('assets/')
            ? asset(assetsDir, rest.slice('assets/'.length))
            : indexPage(options.distDir, policy),
        );
      },
    },
  ];
}

function indexPage(distDir: string, policy: string): FileReply {
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) return text(503, notBuiltPage, 'text/html; charset=utf-8');
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    headers: {
      'cache-control': 'no-cache',
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    },
    buffer: readFileSync(indexFile),
  };
}

function asset(assetsDir: string, name: string): FileReply {
  const file = path.resolve(assetsDir, name);
  const type = contentTypes[path.extname(file)];
  const found = file.startsWith(assetsDir + path.sep) && type !== undefined && isFile(file);
  if (!found) return text(404, 'There is no such file in the Conduct tab.', 'text/plain; charset=utf-8');
  return {
    status: 200,
    contentType: type,
    headers: {
      // The build names every asset by a hash of its content, so a name never points at other bytes.
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    },
    stream: createReadStream(file),
  };
}

const isFile = (file: string): boolean => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

const text = (status: number, body: string, contentType: string): FileReply => ({
  status,
  contentType,
  headers: { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  buffer: body,
});

function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent UI writes its styles into the page at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    `frame-ancestors 'self' ${teamsHosts.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

const notBuiltPage = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Conduct – the tab is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The Conduct tab has not been built on this server</h1>
<p>Conduct is running, but the pages of its tab are missing. Build them with <code>npm run build:tab</code>
(<code>npm run dev</code>, <code>npm test</code> and <code>npm run build</code> do this for you), then reload this page.</p>
</body></html>
`;
