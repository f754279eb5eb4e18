import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../packages/cli/src/demo.js';
import {
  renderDriftHtml,
  renderDriftSummary,
  renderEvaluationHtml,
  renderEvaluationReport,
} from '../../packages/report/src/index.js';
import {
  HOSTILE_NAMES,
  syntheticDriftResult,
  syntheticEvaluationResult,
} from '../../packages/report/src/testing.js';
import { chromiumMissing, collectErrors, launchChromium, mermaidScriptPath } from './chromium.js';
import { mermaidBlocks, overlappingLabels, renderMermaid } from './page-checks.js';

/**
 * The reports as people see them: the HTML reports and every Mermaid block of the Markdown reports, rendered by
 * headless Chromium (Debian's chromium package), with screenshots in test-artifacts/browser/.
 */
const missing = chromiumMissing();
if (missing) console.warn(missing);
const artifacts = resolve(import.meta.dirname, '../../test-artifacts/browser');

describe.skipIf(missing !== undefined)('reports in a browser', () => {
  let browser: Browser;
  let close: () => Promise<void>;
  let demo: string;
  const pages: { name: string; file: string }[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    demo = join(mkdtempSync(join(tmpdir(), 'browser-demo-')), 'out');
    const code = await runDemo({ stdout: () => {}, stderr: () => {}, env: process.env }, ['--out', demo]);
    expect(code).toBe(0);
    const hostile = mkdtempSync(join(tmpdir(), 'browser-hostile-'));
    writeFileSync(join(hostile, 'drift.html'), renderDriftHtml(syntheticDriftResult()));
    writeFileSync(join(hostile, 'evaluation.html'), renderEvaluationHtml(syntheticEvaluationResult()));
    pages.push(
      { name: 'demo-drift', file: join(demo, 'drift-report.html') },
      { name: 'demo-evaluation', file: join(demo, 'evaluation-report.html') },
      { name: 'hostile-drift', file: join(hostile, 'drift.html') },
      { name: 'hostile-evaluation', file: join(hostile, 'evaluation.html') },
    );
    ({ browser, close } = await launchChromium());
  });
  afterAll(async () => close?.());

  it('opens every HTML report without script or console errors, with no overlapping labels, light and dark, desktop and phone', async () => {
    for (const { name, file } of pages) {
      for (const [mode, width] of [
        ['light', 1000],
        ['dark', 375],
      ] as const) {
        const page = await browser.newPage();
        const errors = collectErrors(page);
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: mode }]);
        await page.setViewport({ width, height: 900 });
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        const overlaps = await overlappingLabels(page);
        await page.screenshot({ path: join(artifacts, `${name}-${mode}-${width}.png`), fullPage: true });
        expect(errors, `${name} ${mode}`).toEqual([]);
        expect(overlaps, `${name} ${mode}`).toEqual([]);
        // Nothing wider than the phone screen except inside the horizontally scrolling boxes.
        const bodyWidth = await page.evaluate('document.documentElement.scrollWidth');
        expect(bodyWidth, `${name} at ${width}px`).toBeLessThanOrEqual(width);
        expect(await page.evaluate('document.querySelectorAll("script").length')).toBe(0);
        await page.close();
      }
    }
  });

  it('renders hostile feature and slice names as text', async () => {
    for (const { file } of pages.filter((p) => p.name.startsWith('hostile'))) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href);
      const text = (await page.evaluate('document.body.innerText')) as string;
      const links = (await page.evaluate('[...document.querySelectorAll("a")].map(a => a.href)')) as string[];
      for (const name of HOSTILE_NAMES.slice(0, 3)) expect(text).toContain(name);
      expect(links.every((l) => l.startsWith('https://github.com/o/r/'))).toBe(true);
      await page.close();
    }
  });

  it('renders every Mermaid block of the Markdown reports with Mermaid itself (parse errors fail)', async () => {
    const markdown = {
      'demo-evaluation': readFileSync(join(demo, 'evaluation.md'), 'utf8'),
      'demo-drift': readFileSync(join(demo, 'drift.md'), 'utf8'),
      'hostile-evaluation': renderEvaluationReport(syntheticEvaluationResult()),
      'hostile-drift': renderDriftSummary(syntheticDriftResult(), { topHistograms: 10 }),
    };
    let rendered = 0;
    for (const [name, md] of Object.entries(markdown)) {
      const blocks = mermaidBlocks(md);
      expect(blocks.length, name).toBeGreaterThan(0);
      const page = await browser.newPage();
      const errors = collectErrors(page);
      await page.setViewport({ width: 800, height: 600 });
      await page.setContent('<!doctype html><html><body style="background:#fff"></body></html>');
      await page.addScriptTag({ path: mermaidScriptPath() });
      for (const [i, block] of blocks.entries()) {
        await renderMermaid(page, block, `${name}-${i}`);
        rendered++;
      }
      const overlaps = await overlappingLabels(page);
      await page.screenshot({ path: join(artifacts, `mermaid-${name}.png`), fullPage: true });
      expect(errors, name).toEqual([]);
      expect(overlaps, name).toEqual([]);
      const text = (await page.evaluate(
        'document.body.innerText + [...document.querySelectorAll("svg text")].map(t => t.textContent).join("\\n")',
      )) as string;
      if (name === 'hostile-drift')
        for (const hostile of HOSTILE_NAMES.slice(0, 3)) expect(text).toContain(hostile);
      expect(await page.evaluate('document.querySelectorAll("body script:not([src])").length')).toBe(0);
      await page.close();
    }
    expect(rendered).toBeGreaterThanOrEqual(6);
  });

  it('renders the Mermaid diagrams of the project README too', async () => {
    const blocks = mermaidBlocks(readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.setContent('<!doctype html><html><body style="background:#fff"></body></html>');
    await page.addScriptTag({ path: mermaidScriptPath() });
    for (const [i, block] of blocks.entries()) await renderMermaid(page, block, `readme-${i}`);
    await page.screenshot({ path: join(artifacts, 'mermaid-readme.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
