#!/usr/bin/env node
// Makes schemathesis (from PyPI) available to the API fuzz test, in a venv of its own under .tools.
// Only that test needs it: without Python 3, or offline, `npm install` goes on with a warning and
// the test says what is missing. Idempotent: a second run finds the pinned version and does nothing.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSchemathesis, missingSchemathesisAdvice, SCHEMATHESIS_VENV, SCHEMATHESIS_VERSION } from './schemathesis.mjs';
import { findOnPath } from './temporal-pins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const found = findSchemathesis(root);
if (found) {
  console.log(`[harpoon] schemathesis: using ${found.path} (${found.source})`);
  process.exit(0);
}
const venv = path.join(root, SCHEMATHESIS_VENV);
try {
  const python = ['python3', 'python'].map(findOnPath).find(Boolean);
  if (!python) throw new Error('python3 was not found on PATH');
  // From scratch: a venv left from an older version, or from a checkout at another path (its scripts
  // name the old path's Python), is not worth mending.
  rmSync(venv, { recursive: true, force: true });
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  console.log(`[harpoon] installing schemathesis==${SCHEMATHESIS_VERSION} into ${SCHEMATHESIS_VENV}`);
  execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], { stdio: 'inherit' });
  if (!findSchemathesis(root)) throw new Error(`schemathesis is still missing from ${SCHEMATHESIS_VENV} after pip install`);
} catch (err) {
  console.warn(`[harpoon] schemathesis: ${err.message}\n[harpoon] ${missingSchemathesisAdvice}`);
}
