#!/usr/bin/env node
// Makes a Chromium available to the console's browser tests, so `npm install && npm test` passes on
// a machine with no browser. Order (shared with the tests in scripts/chromium.mjs): CHROMIUM_PATH ->
// a Chromium on PATH -> the headless Chromium that the npm package @sparticuz/chromium carries,
// unpacked here once into .tools/chromium/<version>/. The package unpacks into the OS temp folder,
// so it runs in a child process whose TMPDIR is a fresh folder that is renamed into place only when
// complete: an interrupted install never leaves a half-written browser behind.
// Idempotent: a second run finds the browser and does nothing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundledDir, bundledVersion, CHROMIUM_PACKAGE, findChromium, missingChromiumAdvice } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The package's own fonts.conf names folders of the machine it was built for (/tmp/fonts, /opt/fonts),
 * so on another machine Chromium finds no font at all and aborts at the first page with text
 * ("SkFontMgr_FontConfigInterface: Not implemented"). Ours names the fonts unpacked beside it, by a
 * path relative to the file, so the checkout can move. The font cache goes beside them by its full
 * path: a relative cachedir is read from Chromium's working directory (it left a cache/ folder in
 * the checkout). Rewritten on every install, which mends browsers unpacked before this was known.
 */
function writeFontConfig(version) {
  const fonts = path.join(bundledDir(root, version), 'fonts');
  const config = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '  <dir prefix="relative">fonts</dir>',
    `  <cachedir>${path.join(fonts, 'cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  writeFileSync(path.join(fonts, 'fonts.conf'), config);
}

function unpackBundled(version) {
  const dir = bundledDir(root, version);
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const entry = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve(CHROMIUM_PACKAGE)).href;
  const script = `const { default: chromium } = await import(${JSON.stringify(entry)}); await chromium.executablePath();`;
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: partial }, stdio: 'inherit' });
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

try {
  let found = findChromium(root);
  if (found) {
    console.log(`[harpoon] chromium: using ${found.path} (${found.source})`);
    if (found.source.startsWith(`${CHROMIUM_PACKAGE}@`)) writeFontConfig(bundledVersion(root));
  } else {
    const version = bundledVersion(root);
    const supported = process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch);
    if (version && supported) {
      console.log(`[harpoon] chromium: unpacking ${CHROMIUM_PACKAGE}@${version} into ${path.relative(root, bundledDir(root, version))}`);
      unpackBundled(version);
      writeFontConfig(version);
      found = findChromium(root);
    }
    if (found) console.log(`[harpoon] chromium: ${found.path} (${found.source})`);
    // Only the console's browser tests need it: the product installs and runs without one.
    else console.warn(`[harpoon] ${missingChromiumAdvice}`);
  }
} catch (err) {
  console.warn(`[harpoon] chromium: ${err.message}\n[harpoon] ${missingChromiumAdvice}`);
}
