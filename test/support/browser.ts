// Real Chromium for the console's end-to-end tests, driven by playwright-core (which never downloads
// a browser): the one `npm install` provided (scripts/chromium.mjs says which), and a place for the
// screenshots a reviewer looks at afterwards.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../config/env';
import { findChromium, missingChromiumAdvice } from '../../scripts/chromium.mjs';

export function launchChromium(): Promise<Browser> {
  const found = findChromium(projectRoot);
  if (!found) throw new Error(missingChromiumAdvice);
  return chromium.launch({
    executablePath: found.path,
    env: { ...process.env, ...found.env } as Record<string, string>,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Screenshots land in .data/screenshots/<suite>/ (git-ignored), named after what they show. */
export async function screenshot(page: Page, suite: string, name: string): Promise<void> {
  const dir = path.join(projectRoot, '.data', 'screenshots', suite);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
