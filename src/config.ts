import path from 'node:path';
import { z } from 'zod';

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());

const port = z.preprocess(
  blankToUndefined,
  z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be at most 65535'),
);

const positiveMs = z.coerce.number().int('must be a whole number').positive('must be above 0');

const mongoUri = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
);

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

/** "https://graph.microsoft.com/v1.0" → origin and version, the two parts the Graph client takes. */
const graphBaseUrl = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .transform((value, context) => {
    const url = new URL(value);
    const version = /^\/(v1\.0|beta)\/?$/.exec(url.pathname)?.[1];
    if (!version || url.search !== '') {
      context.addIssue({
        code: 'custom',
        message: 'must be the Graph root and version, e.g. https://graph.microsoft.com/v1.0',
      });
      return z.NEVER;
    }
    return { origin: url.origin, version };
  });

/** 32 random bytes in base64 (`openssl rand -base64 32`): an AES-256 key. */
const encryptionKey = z
  .string()
  .trim()
  .refine(
    (value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32,
    'must be 32 bytes in base64, e.g. the output of `openssl rand -base64 32`',
  );

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A trusted serviceUrl is a prefix: without its trailing "/", https://smba.trafficmanager.net would
 * also trust https://smba.trafficmanager.net.attacker.example. Plain http is only for stand-ins on
 * this machine (the local connector and the Agents Playground); production refuses it separately.
 */
function serviceUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackHosts.has(url.hostname))) {
    return 'must be an https:// URL (plain http only for 127.0.0.1 or localhost)';
  }
  if (url.search !== '' || url.hash !== '') return 'must not have a query or fragment';
  if (!value.endsWith('/')) return 'must end in "/" (it is matched as a prefix)';
  return undefined;
}

/** Every environment variable Conduct reads. Documented in .env.example and the README. */
const environmentSchema = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z.enum(['development', 'test', 'production']).default('development'),
  ),
  /** Default: 127.0.0.1 in development (the bot may be unauthenticated there), 0.0.0.0 otherwise. */
  HOST: z.preprocess(blankToUndefined, z.string().optional()),
  PORT: port.default(3978),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(blankToUndefined, positiveMs.default(10_000)),

  MONGODB_URI: mongoUri,
  MONGODB_DB: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1–63 letters, digits, "_" or "-"')
      .default('conduct'),
  ),
  DEVDB_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.data/devdb')),
  DEVDB_BINARY: z.preprocess(blankToUndefined, z.string().default('infra/devdb/bin/devdb')),

  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,

  PUBLIC_BASE_URL: z.preprocess(
    blankToUndefined,
    z.url('must be a URL such as https://conduct.example.org').optional(),
  ),
  BOT_TRUSTED_SERVICE_URLS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('https://smba.trafficmanager.net/,https://smba.infra.gcc.teams.microsoft.com/')
      .transform((value, context) => {
        const urls = value
          .split(',')
          .map((url) => url.trim())
          .filter((url) => url !== '');
        for (const url of urls) {
          const problem = serviceUrlProblem(url);
          if (problem) context.addIssue({ code: 'custom', message: `"${url}" ${problem}` });
        }
        return urls;
      }),
  ),
  BOT_TURNS_PER_MINUTE: z.preprocess(
    blankToUndefined,
    z.coerce.number().int('must be a whole number').min(1).max(10_000).default(30),
  ),
  TEAMS_SEND_RATE_PER_SECOND: z.preprocess(
    blankToUndefined,
    z.coerce.number().positive().max(50).default(25),
  ),
  TEAMS_SEND_MAX_ATTEMPTS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(20).default(6)),
  CAMPAIGN_CLAIM_TIMEOUT_MS: z.preprocess(blankToUndefined, positiveMs.default(600_000)),
  JOBS_POLL_INTERVAL_MS: z.preprocess(blankToUndefined, positiveMs.default(5_000)),
  JOBS_LOCK_LIFETIME_MS: z.preprocess(blankToUndefined, positiveMs.default(120_000)),
  REMINDER_WINDOW: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)-(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/,
        'must look like "Mon-Fri 08:00-17:00"',
      )
      .default('Mon-Fri 08:00-17:00'),
  ),
  TIME_ZONE: z.preprocess(blankToUndefined, z.string().default('Europe/London')),

  AUTH_ISSUER: z.preprocess(blankToUndefined, httpsUrl.optional()),
  AUTH_AUDIENCE: optionalText,
  ENTRA_AUTHORITY_HOST: z.preprocess(blankToUndefined, httpsUrl.default('https://login.microsoftonline.com')),
  GRAPH_BASE_URL: z.preprocess(blankToUndefined, graphBaseUrl.prefault('https://graph.microsoft.com/v1.0')),
  GRAPH_INSTALL_RATE_PER_SECOND: z.preprocess(
    blankToUndefined,
    z.coerce.number().positive('must be above 0').max(30, "must be at most 30 (Graph's limit)").default(20),
  ),
  TEAMS_APP_CATALOG_ID: optionalText,
  BOT_SERVICE_URL: z.preprocess(blankToUndefined, httpsUrl.default('https://smba.trafficmanager.net/uk/')),
  DIRECTORY_SYNC_INTERVAL_MINUTES: z.preprocess(
    blankToUndefined,
    z.coerce.number().int('must be a whole number').min(0).max(10_080).default(360),
  ),
  INCIDENT_ENCRYPTION_KEY: z.preprocess(blankToUndefined, encryptionKey.optional()),
  PASSWORD_RESET_URL: z.preprocess(
    blankToUndefined,
    httpsUrl.default('https://passwordreset.microsoftonline.com/'),
  ),
  INCIDENT_ESCALATION_MINUTES: z.preprocess(
    blankToUndefined,
    z.coerce.number().int('must be a whole number').min(1).max(10_080).default(120),
  ),
  INCIDENT_URGENT_MINUTES: z.preprocess(
    blankToUndefined,
    z.coerce.number().int('must be a whole number').min(1).max(1_440).default(15),
  ),
  INCIDENT_CHANNEL_CONVERSATION_ID: optionalText,
  POLICY_REVIEW_NOTICE_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int('must be a whole number').min(1).max(365).default(30),
  ),
  AUDIT_HMAC_KEY: z.preprocess(blankToUndefined, encryptionKey.optional()),
});

const productionRequired = [
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_PASSWORD',
  'MICROSOFT_APP_TENANT_ID',
  'MONGODB_URI',
  'PUBLIC_BASE_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'INCIDENT_ENCRYPTION_KEY',
  'AUDIT_HMAC_KEY',
] as const;

/** Why a key is required in production, where the general reason does not fit. */
const productionReasons: Partial<Record<(typeof productionRequired)[number], string>> = {
  INCIDENT_ENCRYPTION_KEY: 'concerns about a child are only ever stored encrypted',
  AUDIT_HMAC_KEY: 'the audit trail is sealed with a key the database does not hold',
};

const isBlank = (value: string | undefined): boolean => (value ?? '').trim() === '';

/**
 * The bot is never unauthenticated by accident: without an app id it runs only with
 * NODE_ENV=development (and then accepts activities from this machine only).
 */
function botAuthenticationProblems(environment: Record<string, string | undefined>): string[] {
  const mode = isBlank(environment.NODE_ENV) ? 'development' : environment.NODE_ENV!.trim();
  if (mode === 'production') return []; // productionProblems names every missing key
  if (isBlank(environment.MICROSOFT_APP_ID)) {
    if (mode === 'development') return [];
    return [
      `MICROSOFT_APP_ID: is required when NODE_ENV=${mode}, or the bot would accept activities from anyone; ` +
        'set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (the Azure Bot registration), ' +
        'or NODE_ENV=development to run the bot unauthenticated for this machine only',
    ];
  }
  return [];
}

/** Problems that only exist in production; checked on the raw environment so they are listed with the rest. */
function productionProblems(environment: Record<string, string | undefined>): string[] {
  if (environment.NODE_ENV?.trim() !== 'production') return [];
  const plainHttp = (environment.BOT_TRUSTED_SERVICE_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url.startsWith('http:'));
  return [
    ...plainHttp.map((url) => `BOT_TRUSTED_SERVICE_URLS: "${url}" must be https:// when NODE_ENV=production`),
    ...productionRequiredProblems(environment),
  ];
}

function productionRequiredProblems(environment: Record<string, string | undefined>): string[] {
  return productionRequired
    .filter((key) => isBlank(environment[key]))
    .map(
      (key) =>
        `${key}: is required when NODE_ENV=production (${productionReasons[key] ?? 'the bot never runs unauthenticated in production'})`,
    );
}

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly http: { readonly host: string; readonly port: number; readonly shutdownTimeoutMs: number };
  readonly logLevel: string;
  readonly database: {
    /** Absent when the embedded development database should be started. */
    readonly uri: string | undefined;
    readonly name: string;
    readonly embedded: { readonly dataDir: string; readonly binary: string };
  };
  readonly bot: {
    /**
     * Absent only with NODE_ENV=development: the bot then accepts unauthenticated activities, and
     * only from this machine (loopback). Otherwise every activity must carry a Bot Framework token.
     */
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly tenantId: string | undefined;
    /** serviceUrl prefixes the bot accepts activities from and sends to; the SDK itself trusts any. */
    readonly trustedServiceUrls: readonly string[];
  };
  /** Bot turns one person may take in a minute; past that the bot asks them to wait. */
  readonly botTurnsPerMinute: number;
  /** Where people reach Conduct (links in cards, the tab). */
  readonly publicBaseUrl: string;
  /**
   * claimTimeoutMs: how long a batch of cards stays claimed by a worker that has gone quiet (a live
   * worker renews its claims as it sends); after a crash the unanswered cards are sent once it lapses.
   */
  readonly sending: {
    readonly ratePerSecond: number;
    readonly maxAttempts: number;
    readonly claimTimeoutMs: number;
  };
  /** A job whose worker stops renewing its lock for lockLifetimeMs is taken over by another worker. */
  readonly jobs: { readonly pollIntervalMs: number; readonly lockLifetimeMs: number };
  readonly reminders: { readonly window: string; readonly timeZone: string };
  /** How tab requests are signed in: Entra access tokens from this issuer, for one of these audiences. */
  readonly auth: { readonly issuer: string | undefined; readonly audiences: readonly string[] };
  /** Microsoft Graph, reached with the bot's app registration (client credentials). */
  readonly graph: {
    /** msal-node's authority is `${authorityHost}/${bot.tenantId}`. */
    readonly authorityHost: string;
    /** e.g. https://graph.microsoft.com; the client adds `/${version}`. */
    readonly origin: string;
    readonly version: string;
  };
  readonly directory: {
    /** 0: only on demand. */
    readonly syncIntervalMinutes: number;
    readonly installRatePerSecond: number;
    /** The app's id in the tenant's Teams app catalog, for installing it for people. */
    readonly teamsAppCatalogId: string | undefined;
    /** Stored with a 1:1 conversation obtained through Graph (Graph does not say which to use). */
    readonly botServiceUrl: string;
  };
  readonly incidents: {
    /** Base64 of the AES-256 key sealing safeguarding text; without it such reports are refused. */
    readonly encryptionKey: string | undefined;
    /** Where people change their own password (shown first in a compromised-password report). */
    readonly passwordResetUrl: string;
    /** After how long an unclaimed report goes to the type's escalation roles. */
    readonly escalationMinutes: number;
    /** A child in immediate danger: after how long, with no safeguarding lead taking it, deputies and the headteacher are told. */
    readonly urgentEscalationMinutes: number;
    /** A Teams channel told of new reports instead of the role holders (never safeguarding ones). */
    readonly channelConversationId: string | undefined;
  };
  /** How many days before a policy's next review date its owner is asked to review it. */
  readonly policyReview: { readonly noticeDays: number };
  readonly audit: {
    /** Base64 of the HMAC-SHA-256 key sealing the audit trail (Key Vault in Azure). */
    readonly hmacKey: string | undefined;
    /** Outside production without a key: this machine's own, generated here (mode 0600). */
    readonly localKeyFile: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Conduct cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws a ConfigError listing every problem at once. */
export function loadConfig(environment: Record<string, string | undefined>, rootDir: string): Config {
  const parsed = environmentSchema.safeParse(environment);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`)),
    ...botAuthenticationProblems(environment),
    ...productionProblems(environment),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  return deepFreeze({
    env: env.NODE_ENV,
    http: {
      host: env.HOST ?? (env.NODE_ENV === 'development' ? '127.0.0.1' : '0.0.0.0'),
      port: env.PORT,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    },
    logLevel: env.LOG_LEVEL,
    database: {
      uri: env.MONGODB_URI,
      name: env.MONGODB_DB,
      embedded: {
        dataDir: path.resolve(rootDir, env.DEVDB_DATA_DIR),
        binary: path.resolve(rootDir, env.DEVDB_BINARY),
      },
    },
    bot: {
      appId: env.MICROSOFT_APP_ID,
      appPassword: env.MICROSOFT_APP_PASSWORD,
      tenantId: env.MICROSOFT_APP_TENANT_ID,
      trustedServiceUrls: env.BOT_TRUSTED_SERVICE_URLS,
    },
    botTurnsPerMinute: env.BOT_TURNS_PER_MINUTE,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    sending: {
      ratePerSecond: env.TEAMS_SEND_RATE_PER_SECOND,
      maxAttempts: env.TEAMS_SEND_MAX_ATTEMPTS,
      claimTimeoutMs: env.CAMPAIGN_CLAIM_TIMEOUT_MS,
    },
    jobs: { pollIntervalMs: env.JOBS_POLL_INTERVAL_MS, lockLifetimeMs: env.JOBS_LOCK_LIFETIME_MS },
    reminders: { window: env.REMINDER_WINDOW, timeZone: env.TIME_ZONE },
    auth: {
      issuer: env.AUTH_ISSUER?.replace(/\/+$/, ''),
      audiences: (env.AUTH_AUDIENCE ?? '')
        .split(',')
        .map((audience) => audience.trim())
        .filter((audience) => audience !== ''),
    },
    graph: {
      authorityHost: env.ENTRA_AUTHORITY_HOST.replace(/\/+$/, ''),
      origin: env.GRAPH_BASE_URL.origin,
      version: env.GRAPH_BASE_URL.version,
    },
    directory: {
      syncIntervalMinutes: env.DIRECTORY_SYNC_INTERVAL_MINUTES,
      installRatePerSecond: env.GRAPH_INSTALL_RATE_PER_SECOND,
      teamsAppCatalogId: env.TEAMS_APP_CATALOG_ID,
      botServiceUrl: env.BOT_SERVICE_URL,
    },
    incidents: {
      encryptionKey: env.INCIDENT_ENCRYPTION_KEY,
      passwordResetUrl: env.PASSWORD_RESET_URL,
      escalationMinutes: env.INCIDENT_ESCALATION_MINUTES,
      urgentEscalationMinutes: env.INCIDENT_URGENT_MINUTES,
      channelConversationId: env.INCIDENT_CHANNEL_CONVERSATION_ID,
    },
    policyReview: { noticeDays: env.POLICY_REVIEW_NOTICE_DAYS },
    audit: {
      hmacKey: env.AUDIT_HMAC_KEY,
      localKeyFile: path.resolve(rootDir, '.data/audit-hmac.key'),
    },
  });
}

/** The names of every environment variable loadConfig reads, for documentation checks. */
export const configKeys: readonly string[] = Object.keys(environmentSchema.shape);

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
