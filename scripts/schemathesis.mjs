// Where the API fuzz test finds schemathesis, shared by the install-time provisioning script and the
// test (test/api/fuzz.test.ts): SCHEMATHESIS_PATH, else the pinned version in its own venv under
// .tools (apart from the Temporal venv, so neither's dependencies can move the other's).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SCHEMATHESIS_VERSION = '4.32.5';
export const SCHEMATHESIS_VENV = '.tools/schemathesis';

export const venvSchemathesis = (root) => path.join(root, SCHEMATHESIS_VENV, 'bin', 'schemathesis');

/** The pinned schemathesis's path and where it came from, or null when there is none. */
export function findSchemathesis(root) {
  const candidates = [
    ...(process.env.SCHEMATHESIS_PATH ? [{ path: process.env.SCHEMATHESIS_PATH, source: 'SCHEMATHESIS_PATH' }] : []),
    { path: venvSchemathesis(root), source: SCHEMATHESIS_VENV },
  ];
  for (const c of candidates) {
    if (!existsSync(c.path)) continue;
    const r = spawnSync(c.path, ['--version'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.includes(SCHEMATHESIS_VERSION)) return c;
  }
  return null;
}

export const missingSchemathesisAdvice =
  `the API fuzz test needs schemathesis ${SCHEMATHESIS_VERSION}: install Python 3 with venv and re-run "npm install" ` +
  `(it goes into ${SCHEMATHESIS_VENV}), or set SCHEMATHESIS_PATH to a schemathesis ${SCHEMATHESIS_VERSION}`;
