// Real Chromium for the console's end-to-end tests: Debian's `chromium` driven by playwright-core
// (never a downloaded browser), and a place for the screenshots a reviewer looks at afterwards.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../config/env';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Screenshots land in .data/screenshots/<suite>/ (git-ignored), named after what they show. */
export async function screenshot(page: Page, suite: string, name: string): Promise<void> {
  const dir = path.join(projectRoot, '.data', 'screenshots', suite);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
