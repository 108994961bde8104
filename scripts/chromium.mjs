// Where the console's browser tests find Chromium, shared by the install step (provision-browser.mjs)
// and the tests (test/support/browser.ts). Resolution order, as for the Temporal binaries:
// CHROMIUM_PATH -> a Chromium on PATH (the distribution's package) -> the headless Chromium that the
// npm package @sparticuz/chromium carries, unpacked once into .tools/chromium/<version>/.
// playwright-core never downloads a browser, so nothing here reaches beyond the npm registry.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { findOnPath } from './temporal-pins.mjs';

export const CHROMIUM_PACKAGE = '@sparticuz/chromium';
const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The bundled package's version, or null where it is not installed (npm install --omit=dev). */
export function bundledVersion(root) {
  let dir;
  try {
    // Its exports map hides package.json: find it above the entry point.
    dir = path.dirname(createRequire(path.join(root, 'package.json')).resolve(CHROMIUM_PACKAGE));
  } catch {
    return null; // not installed: the caller says what to do instead
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
      if (name === CHROMIUM_PACKAGE) return version;
    }
  }
  return null;
}

/** The folder the bundled Chromium is unpacked into: the binary, its fonts and its GL libraries. */
export function bundledDir(root, version) {
  return path.join(root, '.tools', 'chromium', version);
}

/** `{ path, source, env }` of the Chromium to drive, or null when none is found. */
export function findChromium(root) {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit}: no such file. Fix the path or unset it.`);
    return { path: explicit, source: 'CHROMIUM_PATH', env: {} };
  }
  for (const name of NAMES_ON_PATH) {
    const onPath = findOnPath(name);
    if (onPath) return { path: onPath, source: 'PATH', env: {} };
  }
  const version = bundledVersion(root);
  const dir = version && bundledDir(root, version);
  if (dir && existsSync(path.join(dir, 'chromium'))) {
    // The package's fonts keep pages legible on a machine with no fonts of its own.
    return { path: path.join(dir, 'chromium'), source: `${CHROMIUM_PACKAGE}@${version}`, env: { FONTCONFIG_PATH: path.join(dir, 'fonts') } };
  }
  return null;
}

export const missingChromiumAdvice =
  `No Chromium for the console's browser tests. Run "npm install" (it unpacks the headless Chromium of ` +
  `${CHROMIUM_PACKAGE} into .tools/chromium on Linux x64 and arm64), or install your distribution's ` +
  `package (Debian: "apt-get install chromium"), or set CHROMIUM_PATH to a Chromium or Chrome binary.`;
