import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, loadConfig } from '../../config/env';
import { runCli } from '../support/cli';
import { testTmpDir } from '../support/paths';

/** The problems a refused environment is listed with. */
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a configuration error');
};

describe('configuration', () => {
  it('runs on defaults with an empty environment', () => {
    const cfg = loadConfig({});
    expect(cfg.temporal).toMatchObject({ address: undefined, namespace: 'default', port: 7233, uiPort: 8233, tls: false });
    expect(cfg.databaseUrl).toMatch(/^file:.*\.data\/harpoon\.db$/);
    expect(cfg.smtp.url).toBeUndefined();
  });

  it('lists every bad variable with the expected form in one error', () => {
    let error: unknown;
    try {
      loadConfig({ TEMPORAL_PORT: 'abc', HTTP_PORT: '99999', TEMPORAL_ADDRESS: 'http://x', TEMPORAL_TLS: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/TEMPORAL_PORT="abc": expected a port number/);
    expect(problems.join('\n')).toMatch(/HTTP_PORT="99999": expected a port between 1 and 65535/);
    expect(problems.join('\n')).toMatch(/TEMPORAL_ADDRESS="http:\/\/x": expected host:port/);
    expect(problems.join('\n')).toMatch(/TEMPORAL_TLS="maybe": expected true or false/);
  });

  it('reads the machine-engagement rule: a window as a duration or 0, and whether machine hits count', () => {
    expect(loadConfig({}).tracking).toEqual({ machineWindowMs: 10_000, countMachine: false });
    expect(loadConfig({ TRACKING_MACHINE_WINDOW: '45s', TRACKING_COUNT_MACHINE: 'true' }).tracking).toEqual({ machineWindowMs: 45_000, countMachine: true });
    expect(loadConfig({ TRACKING_MACHINE_WINDOW: '0' }).tracking.machineWindowMs).toBe(0);
    for (const bad of ['10', 'soon', '2h']) {
      expect(() => loadConfig({ TRACKING_MACHINE_WINDOW: bad })).toThrow(/TRACKING_MACHINE_WINDOW=".*": expected a duration such as 10s/);
    }
  });

  it('reads the sales settings: SLA days per tier, cooldown, daily capacity and the escalation queue', () => {
    expect(loadConfig({}).sales).toEqual({ slaDays: [1, 2, 3], cooldownMs: 30 * 86_400_000, dailyCapacity: 5, escalationQueue: 'sales-queue@harpoon.local' });
    expect(loadConfig({ SALES_SLA_DAYS: '2, 3, 5', SALES_COOLDOWN: '6w', SALES_DAILY_CAPACITY: '8' }).sales).toMatchObject({
      slaDays: [2, 3, 5],
      cooldownMs: 42 * 86_400_000,
      dailyCapacity: 8,
    });
    expect(() => loadConfig({ SALES_SLA_DAYS: '1,2', SALES_COOLDOWN: 'soon', SALES_ESCALATION_QUEUE: 'nobody' })).toThrow(
      /SALES_SLA_DAYS="1,2": expected business days for tiers 1, 2 and 3[\s\S]*SALES_COOLDOWN="soon": expected a duration[\s\S]*SALES_ESCALATION_QUEUE="nobody": expected the e-mail address/,
    );
    expect(() => loadConfig({ SALES_SLA_DAYS: '0,0,0' })).toThrow(/SALES_SLA_DAYS="0,0,0": expected at least 1 business day for each tier, such as 1,2,3 \(with 0 every handoff is escalated/);
  });

  it('reads Worker Versioning: off by default, a deployment name and build ID when set', () => {
    expect(loadConfig({}).temporal.deployment).toBeUndefined();
    expect(loadConfig({ HARPOON_DEPLOYMENT_NAME: 'harpoon', HARPOON_BUILD_ID: '2026.12.05-1' }).temporal.deployment).toEqual({ name: 'harpoon', buildId: '2026.12.05-1' });
    // `harpoon admin deploy` needs only the name; a worker refuses to start without its build ID.
    expect(loadConfig({ HARPOON_DEPLOYMENT_NAME: 'harpoon' }).temporal.deployment).toEqual({ name: 'harpoon', buildId: undefined });
    expect(() => loadConfig({ HARPOON_BUILD_ID: 'abc123' })).toThrow(/HARPOON_DEPLOYMENT_NAME: required when HARPOON_BUILD_ID is set/);
    expect(() => loadConfig({ HARPOON_DEPLOYMENT_NAME: 'harpoon.prod', HARPOON_BUILD_ID: 'v 1' })).toThrow(
      /HARPOON_DEPLOYMENT_NAME="harpoon.prod": expected a Worker Deployment name[\s\S]*HARPOON_BUILD_ID="v 1": expected a build ID/,
    );
  });

  it("reads npm start's restart rule: how many restarts within what window", () => {
    expect(loadConfig({}).restarts).toEqual({ maxRestarts: 5, windowMs: 300_000 });
    expect(loadConfig({ HARPOON_RESTART_LIMIT: '0', HARPOON_RESTART_WINDOW: '1h' }).restarts).toEqual({ maxRestarts: 0, windowMs: 3_600_000 });
    expect(() => loadConfig({ HARPOON_RESTART_LIMIT: '-1', HARPOON_RESTART_WINDOW: 'soon' })).toThrow(
      /HARPOON_RESTART_LIMIT="-1": expected 0 or more[\s\S]*HARPOON_RESTART_WINDOW="soon": expected a duration such as 5m/,
    );
  });

  it('reads the payload codec keys by id, and says which variable is wrong and how to fix it without printing a key', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    expect(loadConfig({}).codec).toBeUndefined();
    const one = loadConfig({ HARPOON_CODEC_KEYS: `k2025:${a}` }).codec!;
    expect(one.currentKeyId).toBe('k2025');
    expect(one.keys.get('k2025')!.toString('base64')).toBe(a);
    const two = loadConfig({ HARPOON_CODEC_KEYS: `k2025:${a}, k2026:${b}`, HARPOON_CODEC_KEY_ID: 'k2026' }).codec!;
    expect([two.currentKeyId, [...two.keys.keys()]]).toEqual(['k2026', ['k2025', 'k2026']]);

    const short = randomBytes(16).toString('base64');
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).message;
      }
      throw new Error('expected a configuration error');
    };
    const tooShort = problem({ HARPOON_CODEC_KEYS: `k2025:${short}` });
    expect(tooShort).toMatch(/HARPOON_CODEC_KEYS=\(hidden\): key "k2025" is 16 bytes; AES-256 needs exactly 32 \(generate one with: openssl rand -base64 32\)/);
    expect(tooShort).not.toContain(short);
    expect(problem({ HARPOON_CODEC_KEYS: a })).toMatch(/entry 1: expected <key id>:<base64 key>/);
    expect(problem({ HARPOON_CODEC_KEYS: `k2025:not*base64!` })).toMatch(/key "k2025" is not valid base64/);
    expect(problem({ HARPOON_CODEC_KEYS: `k:${a},k:${b}` })).toMatch(/key id "k" appears twice/);
    expect(problem({ HARPOON_CODEC_KEYS: `k2025:${a},k2026:${b}` })).toMatch(/HARPOON_CODEC_KEY_ID: required when HARPOON_CODEC_KEYS holds several keys; .*\(k2025 or k2026\)/);
    expect(problem({ HARPOON_CODEC_KEYS: `k2025:${a}`, HARPOON_CODEC_KEY_ID: 'k2027' })).toMatch(/HARPOON_CODEC_KEY_ID="k2027": no such key in HARPOON_CODEC_KEYS \(it holds k2025\)/);
    expect(problem({ HARPOON_CODEC_KEY_ID: 'k2025' })).toMatch(/HARPOON_CODEC_KEY_ID="k2025": set HARPOON_CODEC_KEYS too/);
  });

  it('refuses a codec key written in hex, saying so and how to turn it into base64, without printing it', () => {
    const hex = randomBytes(32).toString('hex');
    const problems = problemsOf({ HARPOON_CODEC_KEYS: `k2026:${hex}` });
    expect(problems).toEqual([
      'HARPOON_CODEC_KEYS=(hidden): key "k2026" looks like hex: give the key in base64 (openssl rand -base64 32), or convert it: echo <hex> | xxd -r -p | base64',
    ]);
    expect(problems.join('\n')).not.toContain(hex.slice(0, 16));
  });

  it('reads the task queues, the worker roles and the relay rate limit', () => {
    const cfg = loadConfig({});
    expect(cfg.temporal).toMatchObject({ taskQueue: 'harpoon', sendsTaskQueue: 'harpoon-sends' });
    expect(cfg.worker.roles).toEqual(['journeys', 'sends']);
    expect(cfg.smtp.ratePerSecond).toBeUndefined();
    const custom = loadConfig({ TEMPORAL_TASK_QUEUE: 'abm', HARPOON_WORKER_ROLES: ' sends ', SMTP_RATE_LIMIT: '0.5' });
    expect(custom.temporal.sendsTaskQueue).toBe('abm-sends');
    expect(custom.worker.roles).toEqual(['sends']);
    expect(custom.smtp.ratePerSecond).toBe(0.5);
    expect(loadConfig({ SMTP_RATE_LIMIT: '0' }).smtp.ratePerSecond).toBeUndefined();
    expect(() => loadConfig({ HARPOON_WORKER_ROLES: 'journeys,mail', SMTP_RATE_LIMIT: 'fast' })).toThrow(
      /HARPOON_WORKER_ROLES="journeys,mail": expected journeys, sends or journeys,sends[\s\S]*SMTP_RATE_LIMIT="fast": expected emails a second/,
    );
  });

  it('makes the CLI exit with code 1 and the list, not a stack trace', async () => {
    const result = await runCli(['journeys', 'status', 'x'], { TEMPORAL_PORT: 'seventy', DATABASE_URL: 'mysql://x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('TEMPORAL_PORT="seventy"');
    expect(result.stderr).toContain('DATABASE_URL="mysql://x": expected file:./path/to.db or postgresql://');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes an empty or blank value (HARPOON_RESTART_LIMIT= in a .env file) as unset: the default applies', () => {
    expect(loadConfig({ HARPOON_RESTART_LIMIT: '' }).restarts.maxRestarts).toBe(5);
    expect(loadConfig({ TEMPORAL_PORT: '' }).temporal.port).toBe(7233);
    const defaults = loadConfig({});
    for (const blank of ['', '  ']) {
      expect(loadConfig(Object.fromEntries(Object.keys(envSchema.shape).map((name) => [name, blank])))).toEqual(defaults);
    }
  });

  it('masks the password of a URL in a bad value', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgress://harpoon:S3cretPw@db:5432/h', SMTP_URL: 'smtp//user:Secr3t@relay:587', TEMPORAL_UI_URL: 'http://:p4ss@' });
    expect(problems).toEqual([
      'DATABASE_URL="postgress://harpoon:***@db:5432/h": expected file:./path/to.db or postgresql://user:pass@host/db',
      'TEMPORAL_UI_URL="http://:***@": expected the Temporal Web UI base URL, e.g. https://temporal.example.com',
      'SMTP_URL="smtp//user:***@relay:587": expected an SMTP URL such as smtp://user:pass@mail.example.com:587',
    ]);
    // A DKIM key pasted where the path to its file goes is not printed back.
    const pasted = problemsOf({ HARPOON_DKIM_KEYS: 'harpoon.local:s1:-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----' });
    expect(pasted.join('\n')).toMatch(/^HARPOON_DKIM_KEYS=\(hidden\): /);
    expect(pasted.join('\n')).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  });

  it('refuses a MAIL_FROM that holds no single address, naming the forms it takes', () => {
    for (const from of ['Harpoon Marketing', 'Acme <marketing>', 'a@example.com, b@example.com', 'Acme marketing@example.com', 'marketing@example.com (Acme)']) {
      expect(problemsOf({ MAIL_FROM: from })).toEqual([`MAIL_FROM=${JSON.stringify(from)}: expected Name <address@domain> or address@domain (the sender of every email)`]);
    }
    for (const from of ['marketing@example.com', 'Acme Marketing <marketing@example.com>', '"Acme, Inc." <marketing@example.com>']) {
      expect(loadConfig({ MAIL_FROM: from }).smtp.from).toBe(from);
    }
  });

  it('lists a rule across variables with every other problem, not after they are fixed', () => {
    const problems = problemsOf({ TEMPORAL_PORT: 'abc', TEMPORAL_TLS_CERT_PATH: '/etc/harpoon/client.pem', HARPOON_SALESFORCE_TOKEN: 'sf-secret', HARPOON_BUILD_ID: 'abc123' });
    expect(problems).toEqual([
      'TEMPORAL_PORT="abc": expected a port number such as 8080',
      'TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (mTLS needs both)',
      'HARPOON_SALESFORCE_URL and HARPOON_SALESFORCE_TOKEN: set both (the instance URL and an access token) or neither',
      'HARPOON_DEPLOYMENT_NAME: required when HARPOON_BUILD_ID is set (a build ID is a version of a named Worker Deployment)',
    ]);
  });

  it('reads the scoring model and review rules files with the rest, each problem named by its variable', () => {
    const dir = mkdtempSync(path.join(testTmpDir(), 'config-files-'));
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const missing = path.join(dir, 'nope.json');
    const badModel = write('model.json', JSON.stringify({ factors: { growth: { weight: -1 } } }));
    const badRules = write('rules.yaml', '- name: vip\n  tiers: [1]\n  decide: continue\n');
    expect(problemsOf({ HARPOON_SCORING_FILE: missing, REVIEW_RULES_FILE: badRules, TEMPORAL_PORT: 'abc' })).toEqual([
      'TEMPORAL_PORT="abc": expected a port number such as 8080',
      `HARPOON_SCORING_FILE=${JSON.stringify(missing)}: cannot be read (ENOENT): check the path, or unset the setting to use the default`,
      `REVIEW_RULES_FILE=${JSON.stringify(badRules)}: 0.tiers.0: rules decide tiers 2 and 3 (tier 1 is reviewed by a person)`,
    ]);
    expect(problemsOf({ HARPOON_SCORING_FILE: badModel })).toEqual([`HARPOON_SCORING_FILE=${JSON.stringify(badModel)}: factors.growth.weight: weights cannot be negative`]);
    expect(problemsOf({ REVIEW_RULES_FILE: write('broken.json', '[') })[0]).toMatch(/^REVIEW_RULES_FILE=".*broken\.json": is not valid JSON \(/);

    const rules = write('ok.yaml', '- name: warm\n  tiers: [2]\n  when: { engagementScore: { gte: 50 } }\n  decide: accelerate\n');
    const cfg = loadConfig({ HARPOON_SCORING_FILE: write('ok.yaml.json', '{"pool": {"capacity": {"1": 10}}}'), REVIEW_RULES_FILE: rules });
    expect(cfg.reviews.rules).toEqual([{ name: 'warm', tiers: [2], when: { engagementScore: { gte: 50 } }, decide: 'accelerate' }]);
  });
});

