// Ctrl-C on `npm start` as a terminal sends it: SIGINT to the whole foreground process group, tsx's
// esbuild service included. Harpoon says it is stopping, stops every part in order, says it has
// stopped and exits 0, with no stack trace: a module loaded after the signal could not be compiled
// any more ("The service is no longer running", from commander's postAction hook, on every Ctrl-C
// until 2026-12). The Temporal dev server, out of the terminal's reach, is stopped after the worker
// and not taken for a crash and started again.
//
// It runs package.json's start script itself, as npm does (`sh -c`, but with `exec`), so the exit
// code is Harpoon's own: the shell in between would answer 130 to any SIGINT. TSX_DISABLE_CACHE: every module goes through esbuild, so its
// service is running when the signal comes and a module loaded afterwards fails every time, as on a
// first start or after an edit, not only when tsx has no cached copy of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { devServerPids } from '../support/dev-server-pids';
import { freePort } from '../support/free-port';
import { testTmpDir } from '../support/paths';
import { until } from '../support/until';

type Ended = { code: number | null; signal: NodeJS.Signals | null };

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function ended(child: ChildProcess): Promise<Ended> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

it('stops everything in order on Ctrl-C, says so, exits 0 and prints no stack trace', { timeout: 400_000 }, async () => {
  const dataDir = mkdtempSync(path.join(testTmpDir(), 'ctrl-c-'));
  const [temporalPort, uiPort, httpPort, smtpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const script = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const child = spawn('sh', ['-c', `exec ${script}`], {
    cwd: projectRoot,
    // A process group of its own, as a terminal gives the command it runs: the group gets the Ctrl-C.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PATH: `${path.join(projectRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      SMTP_URL: '',
      HARPOON_DATA_DIR: dataDir,
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      HTTP_PORT: String(httpPort),
      SMTP_SINK_PORT: String(smtpPort),
      PUBLIC_URL: `http://127.0.0.1:${httpPort}`,
      TSX_DISABLE_CACHE: '1',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const end = ended(child);
  let done: Ended | undefined;
  void end.then((how) => (done = how));
  cleanups.push(() => {
    // Only when the test failed half-way: nothing of this run may outlive it.
    if (done === undefined) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const pid of devServerPids(temporalPort)) process.kill(pid, 'SIGKILL');
  });
  const said = () => `\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;

  // Generous: a cold start compiles every module and seeds the sample, on a machine that may be busy.
  const ready = until('npm start to be ready', async () => stdout.includes('[harpoon] ready. Press Ctrl-C to stop.'), { timeoutMs: 300_000, intervalMs: 250 });
  ready.catch(() => {}); // settled below, or moot when npm start ended first
  const first = await Promise.race([ready.then(() => 'ready' as const, (err: Error) => err.message), end.then((how) => `ended before it was ready: ${JSON.stringify(how)}`)]);
  expect(first, said()).toBe('ready');
  expect(devServerPids(temporalPort)).toHaveLength(1);

  process.kill(-child.pid!, 'SIGINT');
  const how = await Promise.race([
    end,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 90_000).unref()),
  ]);
  expect(how, `npm start did not end within 90 s of Ctrl-C${said()}`).toBeDefined();

  expect(stderr, said()).not.toContain('no longer running');
  expect(stderr, said()).not.toMatch(/^\s+at /m);
  expect(how, said()).toEqual({ code: 0, signal: null });
  const afterSignal = stdout.slice(stdout.indexOf('[harpoon] SIGINT received')).trim().split('\n');
  expect(afterSignal[0], said()).toBe('[harpoon] SIGINT received: stopping');
  expect(afterSignal.at(-1), said()).toBe('[harpoon] stopped');
  expect(stdout.match(/received: stopping/g), said()).toHaveLength(1);
  expect(afterSignal.filter((l) => /unexpectedly|restarting|unreachable|did not stop cleanly/.test(l)), said()).toEqual([]);
  // In order: the worker finishes its tasks with the dev server still there, which stops after it.
  const stopped = afterSignal.filter((l) => l.startsWith('[harpoon] stopping ')).map((l) => l.slice('[harpoon] stopping '.length));
  expect(stopped, said()).toEqual(expect.arrayContaining(['worker', 'SMTP sink', 'Temporal dev server']));
  expect(stopped.indexOf('worker'), said()).toBeLessThan(stopped.indexOf('Temporal dev server'));

  // Nothing is left: the dev server is gone, and nothing listens on Harpoon's ports any more.
  expect(devServerPids(temporalPort)).toEqual([]);
  for (const port of [temporalPort, httpPort, smtpPort]) expect(await listening(port), `port ${port}`).toBe(false);
});
