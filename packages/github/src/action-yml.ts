import { stringify } from 'yaml';
import type { ActionDefinition } from './definition.js';

/** The runtime GitHub uses for our JavaScript actions. */
const NODE_RUNTIME = 'node24';

/** action.yml as an object, exactly as it is committed. */
function actionYmlObject(definition: ActionDefinition): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition.inputs)) {
    inputs[name] = {
      description: spec.description,
      required: Boolean(spec.required),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    };
  }
  const outputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition.outputs))
    outputs[name] = { description: spec.description };
  return {
    name: definition.name,
    description: definition.description,
    author: 'mlops-actions',
    branding: definition.branding,
    inputs,
    outputs,
    runs: {
      using: NODE_RUNTIME,
      main: 'dist/index.js',
      ...(definition.post ? { post: 'dist/index.js', 'post-if': definition.post.if } : {}),
    },
  };
}

/** action.yml text, generated from the definition (`pnpm docs` rewrites it). */
export function renderActionYml(definition: ActionDefinition): string {
  const header = `# Generated from packages/${definition.id}/src/definition.ts by \`pnpm docs\`; edit the definition, not this file.\n`;
  return (
    header +
    stringify(actionYmlObject(definition), {
      lineWidth: 0,
      defaultStringType: 'PLAIN',
      defaultKeyType: 'PLAIN',
    })
  );
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The Markdown inputs and outputs tables that sit between markers in each action README. */
export function renderDocsTables(definition: ActionDefinition): string {
  const lines = ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |'];
  for (const [name, spec] of Object.entries(definition.inputs)) {
    const def = spec.default === undefined || spec.default === '' ? '' : `\`${cell(spec.default)}\``;
    lines.push(`| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${def} | ${cell(spec.description)} |`);
  }
  lines.push('', '| Output | Description |', '| --- | --- |');
  for (const [name, spec] of Object.entries(definition.outputs))
    lines.push(`| \`${name}\` | ${cell(spec.description)} |`);
  return lines.join('\n');
}

export const DOCS_START = '<!-- action-docs:start (generated from action.yml by `pnpm docs`) -->';
export const DOCS_END = '<!-- action-docs:end -->';

/** Replace the generated block of a README (or append one). */
export function updateReadmeTables(readme: string, definition: ActionDefinition): string {
  const block = `${DOCS_START}\n${renderDocsTables(definition)}\n${DOCS_END}`;
  const start = readme.indexOf(DOCS_START);
  const end = readme.indexOf(DOCS_END);
  if (start >= 0 && end > start) return readme.slice(0, start) + block + readme.slice(end + DOCS_END.length);
  return `${readme.trimEnd()}\n\n## Inputs and outputs\n\n${block}\n`;
}
