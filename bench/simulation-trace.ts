// Where a simulation step's wall time goes (SIM_TRACE=1): one line per 5-day step on stderr with the
// real milliseconds of each phase (the skip, recording engagement, the dispatcher's drain, sales'
// answers) and the CPU seconds this process and its children (the time-skipping server) used during
// the skip. The skip is where the journeys work; its CPU against its wall time says whether the run
// waits (idle) or computes, and on which side of the connection to the server.
import { readdirSync, readFileSync } from 'node:fs';

type Cpu = { self: number; children: number };

/** user + system CPU seconds of a process, from /proc/<pid>/stat; undefined where there is no /proc (not Linux) or the process is gone. */
function cpuOf(pid: string): { ppid: string; seconds: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    throw err;
  }
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux Node runs on
  return { ppid: fields[1]!, seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond };
}

function cpuNow(): Cpu | undefined {
  const self = cpuOf('self');
  if (!self) return undefined;
  let children = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    const child = cpuOf(pid);
    if (child?.ppid === String(process.pid)) children += child.seconds;
  }
  return { self: self.seconds, children };
}

export type StepTrace = {
  /** The phase that just ended, with its wall time. */
  phase(name: string): void;
  /** Writes the step's line. */
  end(step: number, day: number, note?: string): void;
};

export function traceStep(enabled: boolean): StepTrace {
  if (!enabled) return { phase: () => {}, end: () => {} };
  let last = performance.now();
  const phases: string[] = [];
  const cpuBefore = cpuNow();
  let cpuSkip: string | undefined;
  return {
    phase(name) {
      const now = performance.now();
      phases.push(`${name} ${(now - last).toFixed(0)} ms`);
      last = now;
      if (name === 'skip' && cpuBefore) {
        const after = cpuNow()!;
        cpuSkip = `skip CPU: worker process ${(after.self - cpuBefore.self).toFixed(1)} s, test server ${(after.children - cpuBefore.children).toFixed(1)} s`;
      }
    },
    end(step, day, note) {
      process.stderr.write(`[simulation] step ${step} (day ${day}): ${phases.join(', ')}${note ? ` (${note})` : ''}${cpuSkip ? `; ${cpuSkip}` : ''}\n`);
    },
  };
}
