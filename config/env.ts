// Harpoon's configuration: read from the environment once, validated with zod, with defaults that
// run the whole product locally out of the box. Every variable is documented in README.md.
import path from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../domain/time/duration';
import { codecConfig, codecKeyIdProblem, codecKeys } from './codec-keys';
import { dkimDomainProblem, dkimKeys } from './dkim-keys';
import { bool, optionalString, port, sender, url, windowDuration } from './env-values';
import { ConfigError } from './errors';
import { projectRoot } from './project-root';
import { defaultReviewRules, reviewRulesFile } from './reviews';
import { scoringFile } from './scoring-file';
import { withoutPassword } from './shown-value';
import { sendsTaskQueue } from './task-queues';

export { projectRoot };

/** Variables whose values never appear in a configuration error. */
const secretVariables = new Set(['HARPOON_CODEC_KEYS', 'TEMPORAL_API_KEY', 'TRACKING_SECRET', 'HARPOON_HUBSPOT_TOKEN', 'HARPOON_SALESFORCE_TOKEN']);

const variables = z.object({
  HARPOON_DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || /^(file:|postgres(ql)?:\/\/)/.test(v),
    'expected file:./path/to.db or postgresql://user:pass@host/db',
  ),
  TEMPORAL_ADDRESS: optionalString.refine(
    (v) => v === undefined || /^[^\s:/]+:\d{1,5}$/.test(v),
    'expected host:port, e.g. my-ns.tmprl.cloud:7233',
  ),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('harpoon'),
  HARPOON_WORKER_ROLES: z
    .string()
    .trim()
    .default('journeys,sends')
    .transform((v, ctx) => {
      const roles = [...new Set(v.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
      if (roles.length === 0 || roles.some((r) => r !== 'journeys' && r !== 'sends')) {
        ctx.addIssue({ code: 'custom', message: 'expected journeys, sends or journeys,sends (the task queues this worker process polls)' });
        return z.NEVER;
      }
      return roles as ('journeys' | 'sends')[];
    }),
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_UI_URL: url('the Temporal Web UI base URL, e.g. https://temporal.example.com'),
  TEMPORAL_TLS: bool(false),
  TEMPORAL_TLS_CERT_PATH: optionalString,
  TEMPORAL_TLS_KEY_PATH: optionalString,
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_CLI_PATH: optionalString,
  HARPOON_CODEC_KEYS: codecKeys,
  HARPOON_CODEC_KEY_ID: optionalString,
  TEMPORAL_TEST_SERVER_PATH: optionalString,
  HARPOON_DEPLOYMENT_NAME: optionalString.refine(
    (v) => v === undefined || /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(v),
    'expected a Worker Deployment name of letters, digits, - and _ (no dots), such as harpoon',
  ),
  HARPOON_BUILD_ID: optionalString.refine(
    (v) => v === undefined || /^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$/.test(v),
    'expected a build ID of letters, digits, ., -, _ and +, such as 2026.12.05-1 or a commit hash',
  ),
  SMTP_URL: url('an SMTP URL such as smtp://user:pass@mail.example.com:587'),
  SMTP_SINK_PORT: port(2525),
  SMTP_RATE_LIMIT: z
    .string()
    .trim()
    .default('0')
    .transform((v, ctx) => {
      const perSecond = Number(v);
      if (!Number.isFinite(perSecond) || perSecond < 0) {
        ctx.addIssue({ code: 'custom', message: 'expected emails a second to the relay, such as 10 or 0.5, or 0 for no limit' });
        return z.NEVER;
      }
      return perSecond === 0 ? undefined : perSecond;
    }),
  HARPOON_API_RATE_LIMIT: z
    .string()
    .trim()
    .default('600')
    .refine((v) => /^\d+$/.test(v), 'expected calls a minute for each API key, such as 600, or 0 for no limit')
    .transform(Number),
  SMTP_OUTAGE_LIMIT: z
    .string()
    .default('1d')
    .refine((v) => parseDuration(v) !== null, 'expected a duration such as 30m, 12h or 1d (how long an email waits for an unreachable relay)'),
  MAIL_FROM: sender('Harpoon Marketing <marketing@harpoon.local>'),
  HARPOON_DKIM_KEYS: dkimKeys,
  HTTP_PORT: port(8080),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: url('the public base URL of the HTTP server, e.g. https://go.example.com'),
  TRACKING_SECRET: optionalString.refine(
    (v) => v === undefined || v.length >= 16,
    'expected at least 16 characters of secret for signing tracking links',
  ),
  TRACKING_MACHINE_WINDOW: windowDuration('10s'),
  TRACKING_COUNT_MACHINE: bool(false),
  HARPOON_SEED: bool(true),
  HARPOON_SCORING_FILE: scoringFile,
  HARPOON_RESTART_LIMIT: z.coerce
    .number({ error: 'expected a whole number of restarts, such as 5 (0: never restart a child that dies)' })
    .int('expected a whole number')
    .min(0, 'expected 0 or more')
    .max(100, 'expected at most 100')
    .default(5),
  HARPOON_RESTART_WINDOW: z
    .string()
    .default('5m')
    .refine((v) => (parseDuration(v) ?? 0) >= 1000, 'expected a duration such as 5m or 1h (restarts beyond HARPOON_RESTART_LIMIT within it make npm start give up)'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SALES_SLA_DAYS: z
    .string()
    .default('1,2,3')
    .refine((v) => /^\s*\d{1,2}\s*,\s*\d{1,2}\s*,\s*\d{1,2}\s*$/.test(v), { error: 'expected business days for tiers 1, 2 and 3, such as 1,2,3', abort: true })
    // 0 days would make every handoff overdue the moment it is made: reminded and escalated at once.
    .refine((v) => v.split(',').every((d) => Number(d) >= 1), 'expected at least 1 business day for each tier, such as 1,2,3 (with 0 every handoff is escalated the moment it is made)'),
  SALES_COOLDOWN: z.string().default('30d').refine((v) => parseDuration(v) !== null, 'expected a duration such as 14d or 6w (no new handoff this long after a rejection)'),
  SALES_DAILY_CAPACITY: z.coerce.number({ error: 'expected a whole number of handoffs a rep takes a day, such as 5' }).int().min(1).max(1000).default(5),
  AUTO_ENROL_INTERVAL: z
    .string()
    .default('1m')
    .refine((v) => parseDuration(v) !== null, 'expected a duration such as 30s or 5m (how often auto-enrolling journeys compare the target pool with their accounts)'),
  SALES_ESCALATION_QUEUE: z.email({ error: 'expected the e-mail address of the sales queue that gets escalations when a rep has no manager' }).default('sales-queue@harpoon.local'),
  REVIEW_CADENCE_DAYS: z
    .string()
    .default('14,30,60')
    .refine((v) => /^\s*[1-9]\d{0,2}\s*,\s*[1-9]\d{0,2}\s*,\s*[1-9]\d{0,2}\s*$/.test(v), 'expected days between reviews for tiers 1, 2 and 3, such as 14,30,60'),
  REVIEW_DEADLINE: z.string().default('5d').refine((v) => parseDuration(v) !== null, 'expected a duration such as 3d or 1w (how long a tier-1 review waits for a person)'),
  REVIEW_DEFAULT_DECISION: z
    .enum(['continue', 'accelerate', 'pause', 'retire'], { error: 'expected continue, accelerate, pause or retire (what applies when nobody decides a tier-1 review)' })
    .default('continue'),
  REVIEW_RULES_FILE: reviewRulesFile,
  HARPOON_HUBSPOT_TOKEN: optionalString,
  HARPOON_HUBSPOT_URL: url('the HubSpot API base URL, such as https://api.hubapi.com'),
  HARPOON_SALESFORCE_URL: url("the Salesforce instance URL, such as https://mycompany.my.salesforce.com"),
  HARPOON_SALESFORCE_TOKEN: optionalString,
  HARPOON_SALESFORCE_API_VERSION: z
    .string()
    .trim()
    .default('v60.0')
    .refine((v) => /^v\d{2,3}\.0$/.test(v), 'expected a Salesforce REST API version such as v60.0'),
  HARPOON_CRM_SYNC_INTERVAL: z
    .string()
    .default('5m')
    .refine((v) => (parseDuration(v) ?? 0) >= 10_000, 'expected a duration of 10s or more such as 5m (how often won and lost deals are read from the CRM)'),
});

type Variables = z.output<typeof variables>;

/**
 * A rule across variables, listed with every other problem: it is checked once the variables it
 * reads are valid, whatever else is wrong. Its message names the variables itself.
 */
const across = (names: (keyof Variables)[], problem: (e: Variables) => string | undefined) =>
  z.superRefine<Variables>(
    (e, ctx) => {
      const message = problem(e);
      if (message) ctx.addIssue({ code: 'custom', message, path: [] });
    },
    { when: (payload) => !payload.issues.some((issue) => (names as PropertyKey[]).includes(issue.path?.[0] ?? '')) },
  );

export const envSchema = variables.check(
  across(['TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH'], (e) =>
    e.TEMPORAL_TLS_CERT_PATH && !e.TEMPORAL_TLS_KEY_PATH ? 'TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs both)' : undefined,
  ),
  across(['HARPOON_SALESFORCE_URL', 'HARPOON_SALESFORCE_TOKEN'], (e) =>
    Boolean(e.HARPOON_SALESFORCE_URL) !== Boolean(e.HARPOON_SALESFORCE_TOKEN)
      ? 'HARPOON_SALESFORCE_URL and HARPOON_SALESFORCE_TOKEN: set both (the instance URL and an access token) or neither'
      : undefined,
  ),
  across(['HARPOON_BUILD_ID', 'HARPOON_DEPLOYMENT_NAME'], (e) =>
    e.HARPOON_BUILD_ID && !e.HARPOON_DEPLOYMENT_NAME ? 'HARPOON_DEPLOYMENT_NAME: required when HARPOON_BUILD_ID is set (a build ID is a version of a named Worker Deployment)' : undefined,
  ),
  across(['HARPOON_CODEC_KEYS', 'HARPOON_CODEC_KEY_ID'], (e) => codecKeyIdProblem(e.HARPOON_CODEC_KEYS, e.HARPOON_CODEC_KEY_ID)),
  across(['HARPOON_DKIM_KEYS', 'MAIL_FROM'], (e) => dkimDomainProblem(e.HARPOON_DKIM_KEYS, e.MAIL_FROM)),
);

export type Config = ReturnType<typeof loadConfig>;

export { ConfigError };

/**
 * The variables that hold something. An empty or blank value (`HARPOON_RESTART_LIMIT=`, as a .env or
 * systemd file may have it) is unset: read as a value, it was 0 restarts, or a port refused.
 */
function setVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ''));
}

/** Parses an environment into typed config; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const set = setVariables(env);
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        if (issue.path.length === 0) return issue.message;
        const name = String(issue.path[0]);
        // A key pasted where its file's path goes (HARPOON_DKIM_KEYS) is a secret all the same.
        const text = set[name] ?? '';
        const value = secretVariables.has(name) || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) ? '(hidden)' : JSON.stringify(withoutPassword(text));
        return `${name}=${value}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(projectRoot, e.HARPOON_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, 'harpoon.db')}`;
  return {
    dataDir,
    databaseUrl,
    /** undefined: payloads go to Temporal as they are (no HARPOON_CODEC_KEYS). */
    codec: codecConfig(e.HARPOON_CODEC_KEYS, e.HARPOON_CODEC_KEY_ID),
    temporal: {
      /** undefined: Harpoon runs its own embedded dev server. */
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      /** Where email sends run, beside the journeys' queue (config/task-queues.ts). */
      sendsTaskQueue: sendsTaskQueue(e.TEMPORAL_TASK_QUEUE),
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      /** Where the console links a journey to; the embedded dev server's UI by default. */
      uiUrl: (e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`).replace(/\/$/, ''),
      tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_API_KEY) || Boolean(e.TEMPORAL_TLS_CERT_PATH),
      tlsCertPath: e.TEMPORAL_TLS_CERT_PATH,
      tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH,
      apiKey: e.TEMPORAL_API_KEY,
      cliPath: e.TEMPORAL_CLI_PATH,
      testServerPath: e.TEMPORAL_TEST_SERVER_PATH,
      /**
       * Worker Versioning (README "Rolling deploys"): undefined runs unversioned workers, the default.
       * A worker needs both; `harpoon admin deploy` needs only the name.
       */
      deployment: e.HARPOON_DEPLOYMENT_NAME ? { name: e.HARPOON_DEPLOYMENT_NAME, buildId: e.HARPOON_BUILD_ID } : undefined,
    },
    smtp: {
      /** undefined: Harpoon runs its own SMTP sink that writes .eml files to the outbox. */
      url: e.SMTP_URL,
      sinkPort: e.SMTP_SINK_PORT,
      from: e.MAIL_FROM,
      /** undefined: mail goes out unsigned (the embedded default; a relay may sign it instead). */
      dkim: e.HARPOON_DKIM_KEYS,
      outageLimitMs: parseDuration(e.SMTP_OUTAGE_LIMIT)!,
      /** Sends a second across every worker of the sends queue (a server-side limit); undefined: none. */
      ratePerSecond: e.SMTP_RATE_LIMIT,
      outboxDir: path.join(dataDir, 'outbox'),
    },
    http: {
      port: e.HTTP_PORT,
      /** Loopback by default; 0.0.0.0 when recipients' mail clients must reach it directly. */
      host: e.HTTP_HOST,
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.HTTP_PORT}`).replace(/\/$/, ''),
      trackingSecret: e.TRACKING_SECRET,
      /** Calls a minute each API key may make on /v1 (api/rate-limit.ts); 0: no limit. */
      apiCallsPerMinute: e.HARPOON_API_RATE_LIMIT,
    },
    tracking: {
      /** Opens and clicks sooner than this after delivery are machine-made (domain/engagement/machine.ts). */
      machineWindowMs: e.TRACKING_MACHINE_WINDOW,
      /** true: machine-made opens and clicks count toward scores and triggers like a person's. */
      countMachine: e.TRACKING_COUNT_MACHINE,
    },
    sales: {
      /** Business days to accept or reject a handoff, by tier (index 0 is tier 1). */
      slaDays: e.SALES_SLA_DAYS.split(',').map((d) => Number(d.trim())),
      cooldownMs: parseDuration(e.SALES_COOLDOWN)!,
      dailyCapacity: e.SALES_DAILY_CAPACITY,
      escalationQueue: e.SALES_ESCALATION_QUEUE,
    },
    worker: {
      /** The task queues this process polls: journeys (workflows, bookkeeping) and sends. */
      roles: e.HARPOON_WORKER_ROLES,
    },
    /** How often journeys with autoEnrol reconcile the target pool (client/auto-enrol.ts). */
    autoEnrolIntervalMs: parseDuration(e.AUTO_ENROL_INTERVAL)!,
    reviews: {
      /** Days between reviews, by tier (index 0 is tier 1). */
      cadenceDays: e.REVIEW_CADENCE_DAYS.split(',').map((d) => Number(d.trim())),
      deadlineMs: parseDuration(e.REVIEW_DEADLINE)!,
      defaultDecision: e.REVIEW_DEFAULT_DECISION,
      /** The rules that decide tiers 2 and 3: REVIEW_RULES_FILE's, or the defaults of config/reviews.ts. */
      rules: e.REVIEW_RULES_FILE ?? defaultReviewRules,
    },
    /** CRM sync (reach/crm/): each CRM that has credentials; none: CRM sync is off. */
    crm: {
      hubspot: e.HARPOON_HUBSPOT_TOKEN ? { url: (e.HARPOON_HUBSPOT_URL ?? 'https://api.hubapi.com').replace(/\/$/, ''), token: e.HARPOON_HUBSPOT_TOKEN } : undefined,
      salesforce:
        e.HARPOON_SALESFORCE_URL && e.HARPOON_SALESFORCE_TOKEN
          ? { url: e.HARPOON_SALESFORCE_URL.replace(/\/$/, ''), token: e.HARPOON_SALESFORCE_TOKEN, apiVersion: e.HARPOON_SALESFORCE_API_VERSION }
          : undefined,
      /** How often the worker reads won and lost deals from the CRMs. */
      intervalMs: parseDuration(e.HARPOON_CRM_SYNC_INTERVAL)!,
    },
    /** How `npm start` restarts a child that dies (app/supervisor.ts, domain/supervision/restart-policy.ts). */
    restarts: { maxRestarts: e.HARPOON_RESTART_LIMIT, windowMs: parseDuration(e.HARPOON_RESTART_WINDOW)! },
    seed: e.HARPOON_SEED,
    scoringFile: e.HARPOON_SCORING_FILE,
    logLevel: e.LOG_LEVEL,
  };
}

let cached: Config | undefined;
/** The process's config, parsed on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
