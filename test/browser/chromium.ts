import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where Debian's chromium package installs the browser (`.ci/run` installs it when missing). */
const CHROMIUM = process.env.MLOPS_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser test cannot run here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `No Chromium at ${CHROMIUM}: the browser test is skipped. Install it with \`apt-get install -y chromium\` (as .ci/run does) or set MLOPS_CHROMIUM.`;
}

/** Headless Chromium with a throwaway profile and no network chatter (the machine's network is closed). */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'mlops-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Collect console errors and uncaught page errors of a page (asserted empty by the tests). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${(e as Error).message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  return errors;
}

/** The browser build of the mermaid package (an IIFE that defines `window.mermaid`). */
export function mermaidScriptPath(): string {
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}
