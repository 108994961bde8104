// `harpoon mail list|show` as a user runs them: the real CLI over an outbox the real sink filled.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { composeEmail, messageIdFor } from '../../mail/compose';
import { startSmtpSink } from '../../mail/smtp-sink';
import { createMailTransport } from '../../mail/transport';
import { contextFor, PUBLIC_URL, SECRET, tempDir } from './support';

const run = promisify(execFile);
const dataDir = tempDir('cli');

async function harpoon(...args: string[]) {
  // Without SMTP_URL, as on a fresh machine: the outbox is where mail goes.
  const { SMTP_URL: _relay, ...inherited } = process.env;
  const env = { ...inherited, HARPOON_DATA_DIR: dataDir };
  return run(process.execPath, [path.join(projectRoot, 'bin/harpoon.mjs'), 'mail', ...args], { cwd: projectRoot, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

const keys = ['journey:acme/intro/con_1', 'journey:acme/last-call/con_1'];

beforeAll(async () => {
  const sink = await startSmtpSink({ port: 0, outboxDir: path.join(dataDir, 'outbox') });
  const transport = createMailTransport(sink.url);
  try {
    for (const [i, key] of keys.entries()) {
      const message = await composeEmail({
        templateKey: i === 0 ? 'intro' : 'last-call',
        context: contextFor('executive', 'executive'),
        to: 'mia@acme.example',
        from: 'Harpoon Marketing <marketing@harpoon.local>',
        idempotencyKey: key,
        messageId: messageIdFor(key),
        publicUrl: PUBLIC_URL,
        secret: SECRET,
      });
      await transport.sendMail(message);
    }
  } finally {
    transport.close();
    await sink.stop();
  }
});

describe('harpoon mail', () => {
  it('list shows the newest message first, as a table or as JSON', async () => {
    const [table, json] = await Promise.all([harpoon('list'), harpoon('list', '--json', '--limit', '1')]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^DATE\s+TO\s+SUBJECT\s+MESSAGE-ID$/);
    expect(lines[1]).toContain('Mia, should we close the file for Acme Axles?');
    expect(lines[1]).toContain(messageIdFor(keys[1]!));
    expect(lines[2]).toContain(messageIdFor(keys[0]!));

    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ messageId: messageIdFor(keys[1]!), subject: 'Mia, should we close the file for Acme Axles?' })]);
  });

  it('show prints the headers that matter and the text part, or the HTML part', async () => {
    const [shown, html] = await Promise.all([harpoon('show', messageIdFor(keys[0]!)), harpoon('show', messageIdFor(keys[0]!), '--html')]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^List-Unsubscribe: <http:\/\/127\.0\.0\.1:8080\/u\/[\w.-]+>$/m);
    expect(shown.stdout).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(shown.stdout).not.toMatch(/X-Harpoon-Send-Key/i);
    expect(shown.stdout).toContain('What it means for the results at Acme Axles:');

    expect(html.stdout).toMatch(/^<!doctype html>/i);
  });

  it('says plainly when a message is not there, and exits 1', async () => {
    const missing = await harpoon('show', '<nothing@harpoon>');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^harpoon: No message "<nothing@harpoon>" in the outbox\./);
  });
});
