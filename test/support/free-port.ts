import { readFileSync } from 'node:fs';
import net from 'node:net';

// Ports come from below the kernel's ephemeral range, never from it. Inside that range the kernel
// hands out "any free port" binds, and the Temporal dev server picks its internal ports that way
// (bind to port 0, close, use later): a port this module had picked the same way could be taken by
// a dev server of a parallel test file before our server bound it (`EADDRINUSE` in CI, 2026-12-05).
// Below the range only our own picks compete, and each Vitest worker has a slice of its own.
const sliceSize = 1_500;
const lowest = 10_000;
const handedOut = new Set<number>();

function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768; // Linux's default, and what macOS's 49152 leaves room below too
  }
}

function slice(): { from: number; to: number } | undefined {
  const slices = Math.floor((ephemeralRangeStart() - lowest) / sliceSize);
  if (slices < 2) return undefined;
  // 0 in the main process (global setup, benchmarks), 1.. in Vitest's workers.
  const worker = Number(process.env.VITEST_POOL_ID ?? 0) % slices;
  const from = lowest + worker * sliceSize;
  return { from, to: from + sliceSize };
}

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

/** A TCP port on loopback that nothing listens on right now, and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  const range = slice();
  if (range) {
    for (let tries = 0; tries < 200; tries++) {
      const port = range.from + Math.floor(Math.random() * (range.to - range.from));
      if (handedOut.has(port)) continue;
      if ((await listenOn(port)) === port) {
        handedOut.add(port);
        return port;
      }
    }
  }
  // No room below the ephemeral range (or all of it taken): let the kernel choose.
  const port = await listenOn(0);
  if (port === undefined) throw new Error('No free TCP port on 127.0.0.1');
  return port;
}
