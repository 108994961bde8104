// The Temporal dev servers running on a port, found by their command line (a test's dev server may
// run in a process group of its own, or outlive the process that started it).
import { execFileSync } from 'node:child_process';

/** The process IDs of the dev servers started with `--port <port>`. */
export function devServerPids(port: number): number[] {
  try {
    return execFileSync('pgrep', ['-f', `start-dev --ip 127.0.0.1 --port ${port} `]).toString().trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
