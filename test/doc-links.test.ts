import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The READMEs point into each other and into bench/RESULTS.md, whose headings a bench run rewrites: a renamed
// heading or moved file would leave a link that silently goes nowhere on GitHub. Every relative link must name a file
// that exists and, with a #fragment into Markdown, a heading GitHub gives that anchor.

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** GitHub's heading anchor (github-slugger): lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/<[^>]*>/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function markdownFiles(): string[] {
  const files = ['README.md', 'SECURITY.md', 'bench/RESULTS.md', 'examples/README.md'];
  for (const dir of ['actions', 'docs', 'packages']) {
    for (const entry of readdirSync(join(root, dir))) {
      const path = join(dir, entry);
      if (statSync(join(root, path)).isDirectory()) files.push(join(path, 'README.md'));
      else if (entry.endsWith('.md')) files.push(path);
    }
  }
  return files.filter((f) => existsSync(join(root, f)));
}

/** Each broken relative link in `file`: "file: target (why)". */
function brokenLinks(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
  const broken: string[] = [];
  for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path, fragment] = target.split('#') as [string, string | undefined];
    const resolved = path ? join(dirname(join(root, file)), decodeURIComponent(path)) : join(root, file);
    if (!existsSync(resolved)) {
      broken.push(`${file}: ${target} (no such file)`);
      continue;
    }
    if (fragment === undefined || !resolved.endsWith('.md')) continue;
    if (!headingAnchors(readFileSync(resolved, 'utf8')).has(fragment))
      broken.push(`${file}: ${target} (no heading with that anchor in ${relative(root, resolved)})`);
  }
  return broken;
}

describe('documentation links', () => {
  it('derives anchors as GitHub does', () => {
    const anchors = headingAnchors(
      '# End to end (`pnpm bench -- --case e2e`)\n## Decisions (`pnpm bench:decisions`)\n## A b\n## A b\n```\n# not a heading\n```\n',
    );
    expect([...anchors]).toEqual([
      'end-to-end-pnpm-bench------case-e2e',
      'decisions-pnpm-benchdecisions',
      'a-b',
      'a-b-1',
    ]);
  });

  it('every relative link in the READMEs, docs and bench results resolves to a file and heading', () => {
    const files = markdownFiles();
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });
});
