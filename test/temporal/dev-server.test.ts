// The dev server `npm start` runs, with what once went wrong around it: a server left running by a
// killed `npm start` answered on the port and was taken for the one just started ("ready", then
// five restarts in vain), and nothing stopped that server when its parent was killed with SIGKILL.
// The refusal as `npm start` prints it is in test/e2e/npm-start-port-taken.test.ts.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { projectRoot } from '../../config/env';
import { findOnPath } from '../../scripts/temporal-pins.mjs';
import { temporalCliPath } from '../../temporal/binaries';
import { startDevServer } from '../../temporal/dev-server';
import { devServerPids } from '../support/dev-server-pids';
import { freePort } from '../support/free-port';
import { testTmpDir } from '../support/paths';
import { until } from '../support/until';

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

function killAll(port: number) {
  for (const pid of devServerPids(port)) process.kill(pid, 'SIGKILL');
}

const cli = temporalCliPath()!;

it('refuses to start when its Web UI port is taken, naming the port, the variable and how to find the holder', async () => {
  const [port, uiPort] = [await freePort(), await freePort()];
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(uiPort, '127.0.0.1', resolve));
  try {
    await expect(startDevServer({ port, uiPort, namespace: 'default' })).rejects.toThrow(
      `port ${uiPort} (TEMPORAL_UI_PORT) is taken, most likely by a Temporal dev server left running by an earlier \`npm start\` that was killed: ` +
        `stop it (\`lsof -i :${uiPort}\` shows its pid, then \`kill <pid>\`), or set TEMPORAL_UI_PORT to a free port`,
    );
    expect(devServerPids(port)).toEqual([]);
  } finally {
    holder.close();
  }
});

it('is ready only once the server it started serves, not when another answers on its port', async () => {
  const port = await freePort();
  const dir = mkdtempSync(path.join(testTmpDir(), 'impostor-'));
  // A CLI whose server loses the port to another one started just after the check (its output
  // unseen), then fails as the real CLI does on a taken port.
  const fake = path.join(dir, 'temporal');
  writeFileSync(
    fake,
    [
      '#!/bin/sh',
      `"${cli}" "$@" >/dev/null 2>&1 &`,
      `echo $! > "${path.join(dir, 'other.pid')}"`,
      'sleep 5',
      `echo "Error: can't set frontend port ${port}: address already in use" >&2`,
      'exit 1',
    ].join('\n'),
  );
  chmodSync(fake, 0o755);
  cleanups.push(() => killAll(port));

  await expect(startDevServer({ cliPath: fake, port, uiPort: port + 1000, namespace: 'default', headless: true })).rejects.toThrow(
    `The Temporal dev server exited with code 1 before it was ready:\nError: can't set frontend port ${port}`,
  );
  // The other server did answer on the port all along.
  expect(devServerPids(port)).toEqual([Number(readFileSync(path.join(dir, 'other.pid'), 'utf8'))]);
});

// Where the kernel can stop a child with its parent (temporal/dev-server.ts).
const setpriv = process.platform === 'linux' && findOnPath('setpriv') !== null;

it.runIf(setpriv)('stops with the process that started it, even one killed with SIGKILL', async () => {
  const port = await freePort();
  const dbFilename = path.join(mkdtempSync(path.join(testTmpDir(), 'orphan-')), 'temporal.db');
  cleanups.push(() => killAll(port));
  // `npm start` as the OOM killer finds it: the server in a process group of its own, out of reach
  // of the signal, and no exit handler run.
  const starter = spawn(
    process.execPath,
    [
      '--import', 'tsx', '--input-type=module', '-e',
      `const { startDevServer } = await import(${JSON.stringify(path.join(projectRoot, 'temporal', 'dev-server.ts'))});
       await startDevServer({ port: ${port}, uiPort: ${port + 1000}, namespace: 'default', headless: true, dbFilename: ${JSON.stringify(dbFilename)}, ownProcessGroup: true });
       console.log('ready');
       setInterval(() => {}, 60_000);`,
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  cleanups.push(() => starter.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    starter.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    starter.once('exit', (code) => reject(new Error(`the starter exited with code ${code} before the server was ready`)));
  });
  expect(devServerPids(port)).toHaveLength(1);

  starter.kill('SIGKILL');
  await until('the server to stop with its parent', async () => devServerPids(port).length === 0, { timeoutMs: 20_000 });
  // Its ports are free for the next start.
  const next = await startDevServer({ port, uiPort: port + 1000, namespace: 'default', headless: true, dbFilename });
  await next.stop();
});
