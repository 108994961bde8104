// CPU seconds (user + system) this process and its child processes (a Temporal server it started)
// have used so far, from /proc: undefined where there is none (not Linux).
import { readdirSync, readFileSync } from 'node:fs';

export type CpuSeconds = { self: number; children: number };

/** A process's parent and CPU seconds; undefined when it is gone (or there is no /proc). */
function statOf(pid: string): { ppid: string; seconds: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    // A process listed a moment ago may have ended since: there is nothing left to count.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    throw err;
  }
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux Node runs on
  return { ppid: fields[1]!, seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
}

export function cpuSeconds(): CpuSeconds | undefined {
  const self = statOf('self');
  if (!self) return undefined;
  let children = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const child = statOf(pid);
    if (child?.ppid === String(process.pid)) children += child.seconds;
  }
  return { self: self.seconds, children };
}
