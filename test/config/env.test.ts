import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/env';
import { runCli } from '../support/cli';

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
});
