// Before the Temporal dev server starts: a port it needs that something already holds. A dev server
// left running by an `npm start` killed with SIGKILL (what the OOM killer sends) answers on that
// port, and was once taken for the server just started: "ready", then the new one died on the taken
// port and was restarted five times in vain. Now the start stops there, naming the holder when it
// is a dev server, and what to do.
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A port the dev server needs is taken: said in one line, with what to do (cli/commands/start.ts). */
export class DevServerPortTaken extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DevServerPortTaken';
  }
}

/** A port of the dev server: its number, the CLI flag that sets it and the variable that moves it. */
export type DevServerPort = { port: number; flag: '--port' | '--ui-port'; variable: 'TEMPORAL_PORT' | 'TEMPORAL_UI_PORT' };

/** Whether binding the port on loopback fails because something listens there, as the server's bind would. */
function isTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE'));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

/**
 * A running Temporal dev server started with `flag port`, found in `ps` (unlimited width: the data
 * file comes after the search attributes); undefined when there is none, or no `ps` to ask.
 */
async function devServerWith({ flag, port }: DevServerPort): Promise<{ pid: number; dbFilename?: string } | undefined> {
  let listing: string;
  try {
    listing = (await execFileAsync('ps', ['-ww', '-eo', 'pid=,args='])).stdout;
  } catch {
    return undefined;
  }
  const started = new RegExp(`\\s${flag}[ =]${port}(\\s|$)`);
  for (const line of listing.split('\n')) {
    const [, pid, args] = /^\s*(\d+)\s+(.*)$/.exec(line) ?? [];
    if (args?.includes(' start-dev ') && started.test(args)) return { pid: Number(pid), dbFilename: /--db-filename[ =](\S+)/.exec(args)?.[1] };
  }
  return undefined;
}

/** Throws DevServerPortTaken for the first of `ports` that is taken. */
export async function refuseTakenPorts(ports: readonly DevServerPort[]): Promise<void> {
  for (const p of ports) {
    if (!(await isTaken(p.port))) continue;
    const holder = await devServerWith(p);
    throw new DevServerPortTaken(
      holder
        ? `port ${p.port} (${p.variable}) is taken by a Temporal dev server (pid ${holder.pid}${holder.dbFilename ? `, data in ${holder.dbFilename}` : ''}), ` +
            `most likely left running by an earlier \`npm start\` that was killed: stop it (\`kill ${holder.pid}\`), or set ${p.variable} to a free port`
        : `port ${p.port} (${p.variable}) is taken, most likely by a Temporal dev server left running by an earlier \`npm start\` that was killed: ` +
            `stop it (\`lsof -i :${p.port}\` shows its pid, then \`kill <pid>\`), or set ${p.variable} to a free port`,
    );
  }
}
