import type { Page } from 'puppeteer-core';

// These functions run inside the page: the browser globals, typed loosely here so the project's
// Node-only compilation (no DOM lib) needs no global DOM types.
declare const document: any;
declare const window: any;

interface DOMRectLike {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

/** Pairs of SVG text labels whose boxes overlap (more than half a pixel each way), per chart on the page. */
export async function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const out: string[] = [];
    for (const svg of document.querySelectorAll('svg')) {
      const boxes = [...svg.querySelectorAll('text')]
        .map((t: { textContent: string | null; getBoundingClientRect(): DOMRectLike }) => ({
          text: t.textContent ?? '',
          r: t.getBoundingClientRect(),
        }))
        .filter((b) => b.text.trim() && b.r.width > 0 && b.r.height > 0);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!.r;
          const b = boxes[j]!.r;
          const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (dx > 0.5 && dy > 0.5)
            out.push(`${JSON.stringify(boxes[i]!.text)} overlaps ${JSON.stringify(boxes[j]!.text)}`);
        }
    }
    return out;
  });
}

/** Render one Mermaid block with the mermaid package already on the page; throws on a parse error. */
export async function renderMermaid(page: Page, source: string, id: string): Promise<void> {
  await page.evaluate(
    async (src, elementId) => {
      const mermaid = window.mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      await mermaid.parse(src);
      const { svg } = await mermaid.render(`${elementId}-svg`, src);
      const holder = document.createElement('section');
      holder.id = elementId;
      holder.style.width = '760px';
      holder.innerHTML = svg;
      document.body.appendChild(holder);
    },
    source,
    id,
  );
}

/** The Mermaid blocks of a Markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
}
