// Where a simulation step's wall time goes (SIM_TRACE=1): one line per 5-day step on stderr with the
// real milliseconds of each phase (the skip, recording engagement, the dispatcher's drain, sales'
// answers) and the CPU seconds this process and its children (the time-skipping server) used during
// the skip. The skip is where the journeys work; its CPU against its wall time says whether the run
// waits (idle) or computes, and on which side of the connection to the server.
import { cpuSeconds } from './process-cpu';

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
  const cpuBefore = cpuSeconds();
  let cpuSkip: string | undefined;
  return {
    phase(name) {
      const now = performance.now();
      phases.push(`${name} ${(now - last).toFixed(0)} ms`);
      last = now;
      if (name === 'skip' && cpuBefore) {
        const after = cpuSeconds()!;
        cpuSkip = `skip CPU: worker process ${(after.self - cpuBefore.self).toFixed(1)} s, test server ${(after.children - cpuBefore.children).toFixed(1)} s`;
      }
    },
    end(step, day, note) {
      process.stderr.write(`[simulation] step ${step} (day ${day}): ${phases.join(', ')}${note ? ` (${note})` : ''}${cpuSkip ? `; ${cpuSkip}` : ''}\n`);
    },
  };
}
