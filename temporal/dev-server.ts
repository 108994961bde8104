// Runs the real Temporal dev server (from the Temporal CLI) as a child process, persisted to a
// SQLite file, with the Web UI and Harpoon's search attributes registered at start.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { findOnPath } from '../scripts/temporal-pins.mjs';
import { missingBinariesAdvice, temporalCliPath } from './binaries';
import { grpcInterceptors } from './grpc-retry';
import { harpoonSearchAttributes, searchAttributeFlags } from './search-attributes';
import { refuseTakenPorts } from './taken-ports';

export type DevServerOptions = {
  cliPath?: string;
  port: number;
  uiPort: number;
  /** Omit for an in-memory server (tests). */
  dbFilename?: string;
  namespace: string;
  headless?: boolean;
  /** false: start without Harpoon's search attributes, as a fresh cluster is (`harpoon admin setup` tests). */
  registerSearchAttributes?: boolean;
  /** The HTTP API's and the metrics' ports; the CLI picks free ones when they are left out. */
  httpPort?: number;
  metricsPort?: number;
  log?: (line: string) => void;
  /**
   * A process group of its own, out of reach of the terminal's Ctrl-C (which signals the whole
   * foreground group): the process that started it stops it, in its turn. Only for a caller that
   * stops on SIGINT, SIGTERM and SIGHUP (`npm start`); otherwise the server is killed when this
   * process exits, as any server is.
   */
  ownProcessGroup?: boolean;
};

export type DevServer = {
  address: string;
  uiUrl?: string;
  /** Settles when the server process ends, with how ("killed by SIGKILL"); absent for a downloaded server. */
  exited?: Promise<string>;
  stop(): Promise<void>;
};

/**
 * The last way in the resolution order: the Temporal SDK downloads the CLI (on a machine with
 * internet) and runs it the same way.
 */
async function startDownloadedDevServer(opts: DevServerOptions): Promise<DevServer> {
  try {
    // Loaded only here: a production install (TEMPORAL_ADDRESS set) never needs the testing package.
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port: opts.port,
        ui: !opts.headless,
        uiPort: opts.uiPort,
        dbFilename: opts.dbFilename,
        namespace: opts.namespace,
        searchAttributes: opts.registerSearchAttributes === false ? [] : harpoonSearchAttributes,
      },
    });
    return {
      address: `127.0.0.1:${opts.port}`,
      uiUrl: opts.headless ? undefined : `http://localhost:${opts.uiPort}`,
      stop: () => env.teardown(),
    };
  } catch (err) {
    throw new Error(`The Temporal CLI was not found, and the SDK could not download it (${(err as Error).message}). ${missingBinariesAdvice}`);
  }
}

let setprivPath: string | null | undefined;
/** util-linux's setpriv, which sets a parent-death signal (busybox's cannot); null where there is none. */
function parentDeathSetter(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  const found = process.platform === 'linux' ? findOnPath('setpriv') : null;
  try {
    setprivPath = found && execFileSync(found, ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('--pdeathsig') ? found : null;
  } catch {
    setprivPath = null;
  }
  return setprivPath;
}

/**
 * Starts the server, or refuses with DevServerPortTaken (temporal/taken-ports.ts) when its port or
 * its Web UI's is taken: a server answering there is not this one.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  await refuseTakenPorts([
    { port: opts.port, flag: '--port', variable: 'TEMPORAL_PORT' },
    ...(opts.headless ? [] : [{ port: opts.uiPort, flag: '--ui-port', variable: 'TEMPORAL_UI_PORT' } as const]),
  ]);
  const cli = temporalCliPath(opts.cliPath);
  if (!cli) return startDownloadedDevServer(opts);
  if (opts.dbFilename) mkdirSync(path.dirname(opts.dbFilename), { recursive: true });
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--namespace', opts.namespace,
    '--log-level', 'warn',
    ...(opts.registerSearchAttributes === false ? [] : searchAttributeFlags()),
    ...(opts.dbFilename ? ['--db-filename', opts.dbFilename] : []),
    ...(opts.httpPort ? ['--http-port', String(opts.httpPort)] : []),
    ...(opts.metricsPort ? ['--metrics-port', String(opts.metricsPort)] : []),
    ...(opts.headless ? ['--headless'] : ['--ui-port', String(opts.uiPort)]),
  ];
  // On Linux the kernel stops the server when this process dies, however it dies: setpriv sets the
  // parent-death signal and runs the CLI in its place (same pid, same exit). A SIGKILL (the OOM
  // killer's) runs no exit handler, and the server, in a process group of its own, once outlived
  // `npm start` holding its ports and temporal.db. Elsewhere it still can: the next start names it.
  const setpriv = parentDeathSetter();
  const child = setpriv
    ? spawn(setpriv, ['--pdeathsig', 'TERM', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.ownProcessGroup === true })
    : spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.ownProcessGroup === true });
  let output = '';
  // The CLI's banner ("Temporal Server:  localhost:7233"), printed once its server holds the ports:
  // only then is whatever answers on the port this server, not one left running by someone else.
  const banner = new RegExp(String.raw`Server:\s+\S+:${opts.port}\s`);
  let serving = false;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    serving ||= banner.test(output);
    opts.log?.(chunk.toString());
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      // Its last words, when it left any (the server logs only warnings and errors).
      const last = output.trim().split('\n').at(-1)?.slice(0, 300);
      resolve(signal ? `killed by ${signal}` : `exited with code ${code}${last ? `: ${last}` : ''}`);
    }),
  );
  // If this process dies without stopping the server (a crash, a failed test setup), the server
  // must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const address = `127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const answers = async () => {
    const connection = await Connection.connect({ address, connectTimeout: 1000, interceptors: grpcInterceptors });
    try {
      await connection.workflowService.describeNamespace({ namespace: opts.namespace });
    } finally {
      await connection.close();
    }
  };

  const deadline = Date.now() + 60_000;
  let notYet = 'the CLI never said its server serves on that port';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const how = child.signalCode ? `was killed by ${child.signalCode}` : `exited with code ${child.exitCode}`;
      throw new Error(`The Temporal dev server ${how} before it was ready:\n${output}`);
    }
    if (serving) {
      try {
        await answers();
        // Ready only while this child runs; if it died meanwhile, the check above says how.
        if (child.exitCode === null && child.signalCode === null) return { address, uiUrl: opts.headless ? undefined : `http://localhost:${opts.uiPort}`, exited, stop };
        continue;
      } catch (err) {
        notYet = String(err);
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The Temporal dev server did not become ready on ${address}: ${notYet}\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
