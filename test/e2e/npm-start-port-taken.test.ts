// `npm start` after an earlier one was killed with SIGKILL (the OOM killer) where its Temporal dev
// server outlived it, still holding the port and its temporal.db: the new start stops at once with
// one line naming the port, the server's pid and what to do, and exit code 1. It once took the old
// server's answer for its own server being ready, said "ready", and restarted its dead server five
// times before giving up.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { temporalCliPath } from '../../temporal/binaries';
import { runCli } from '../support/cli';
import { freePort } from '../support/free-port';
import { testTmpDir } from '../support/paths';
import { until } from '../support/until';

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

it('stops with one line naming the port, the server left running and what to do, and exit code 1', async () => {
  const dataDir = mkdtempSync(path.join(testTmpDir(), 'port-taken-'));
  const [port, uiPort] = [await freePort(), await freePort()];
  const leftoverDb = path.join(mkdtempSync(path.join(testTmpDir(), 'earlier-')), 'temporal.db');
  // The server an earlier `npm start` left running, as its command line read.
  const leftover = spawn(
    temporalCliPath()!,
    ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', 'default', '--db-filename', leftoverDb, '--ui-port', String(uiPort)],
    { detached: true, stdio: 'ignore' },
  );
  cleanups.push(() => leftover.kill('SIGKILL'));
  await until('the leftover server to listen', () => new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  }), { timeoutMs: 60_000 });

  const started = await runCli(['start'], {
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    SMTP_URL: '',
    HARPOON_DATA_DIR: dataDir,
    TEMPORAL_PORT: String(port),
    TEMPORAL_UI_PORT: String(await freePort()),
    HTTP_PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
  });
  expect(started.code, started.stderr).toBe(1);
  expect(started.stderr).toBe(
    `harpoon: port ${port} (TEMPORAL_PORT) is taken by a Temporal dev server (pid ${leftover.pid}, data in ${leftoverDb}), ` +
      `most likely left running by an earlier \`npm start\` that was killed: stop it (\`kill ${leftover.pid}\`), or set TEMPORAL_PORT to a free port\n`,
  );
  expect(started.stdout).not.toMatch(/\[harpoon\] ready|Temporal dev server on|restarting|is back/);
});
