import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputReader, parseInputsLoadingYaml } from '@mlops-actions/github';
import { DOCS_END, DOCS_START, renderActionYml, renderDocsTables } from '@mlops-actions/github/action-yml';
import { actions } from 'mlops-actions';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './harness/runner.js';

describe.each(Object.values(actions))(
  '$definition.id: action.yml and the input definition agree',
  (module) => {
    const { definition } = module;
    const dir = join(repoRoot, 'actions', definition.id);
    const yml = parse(readFileSync(join(dir, 'action.yml'), 'utf8'));

    it('has the same input names, required flags and defaults', () => {
      expect(Object.keys(yml.inputs ?? {})).toEqual(Object.keys(definition.inputs));
      for (const [name, spec] of Object.entries(definition.inputs)) {
        expect(Boolean(yml.inputs[name].required), `${name}.required`).toBe(Boolean(spec.required));
        expect(yml.inputs[name].default, `${name}.default`).toBe(spec.default);
        expect(yml.inputs[name].description, `${name}.description`).toBe(spec.description);
      }
    });

    it('has the same outputs, each documented', () => {
      expect(Object.keys(yml.outputs ?? {})).toEqual(Object.keys(definition.outputs));
      for (const output of Object.values<any>(yml.outputs))
        expect(output.description.length).toBeGreaterThan(5);
    });

    it('uses node24, has branding and a description, and declares post exactly when the definition does', () => {
      expect(yml.runs.using).toBe('node24');
      expect(yml.branding.icon).toBeTruthy();
      expect(yml.branding.color).toBeTruthy();
      expect(yml.description.length).toBeGreaterThan(20);
      expect(Boolean(yml.runs.post)).toBe(Boolean(definition.post));
      if (definition.post) expect(yml.runs.post).toBe(yml.runs.main); // one bundle serves both steps
      expect(existsSync(join(dir, 'src/post.ts'))).toBe(false);
    });

    it('is exactly what `pnpm docs` generates, and the README tables are current', () => {
      expect(readFileSync(join(dir, 'action.yml'), 'utf8')).toBe(renderActionYml(definition));
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(readme).toContain(`${DOCS_START}\n${renderDocsTables(definition)}\n${DOCS_END}`);
    });

    it('reads every input through its one parser', async () => {
      const reader = new InputReader(
        definition,
        (name) =>
          definition.inputs[name]?.default ??
          (definition.inputs[name]?.required ? sampleValue(name) : undefined),
      );
      try {
        // As the entry parses them: the YAML library is loaded when a value needs it.
        await parseInputsLoadingYaml(() => module.parseInputs(reader));
      } catch {
        // Validation may reject the sample values; what matters is which inputs the parser asked for.
      }
      const required = Object.keys(definition.inputs).filter((n) => definition.inputs[n]!.required);
      for (const name of required) expect(reader.read.has(name), `required input ${name} is read`).toBe(true);
    });

    it('declares exactly the inputs its code reads (valid sample inputs parse, every input is read)', async () => {
      const values = { ...validSamples[definition.id] };
      const reader = new InputReader(definition, (name) => values[name]);
      await parseInputsLoadingYaml(() => module.parseInputs(reader)); // reading an undeclared input throws here
      // github-token is read by the entry (action and CLI), not by the parser.
      const unread = Object.keys(definition.inputs).filter(
        (n) => n !== 'github-token' && !reader.read.has(n),
      );
      expect(unread, 'inputs declared in action.yml but never read').toEqual([]);
    });
  },
);

const validSamples: Record<string, Record<string, string>> = {
  'deploy-stack': { 'stack-name': 'ml-infra', template: 'template.yaml' },
  'run-training': {},
  'evaluate-challenger': { challenger: 'challenger.csv' },
  'drift-report': { predictions: 'predictions.csv', 'baseline-metric': '0.8', 'max-drop': '0.05' },
  'promote-model': { 'model-package-group': 'purchases', 'endpoint-name': 'purchases-prod' },
  'batch-transform': {
    'model-package-group': 'purchases',
    input: 's3://ml-bucket/eval/',
    output: 's3://ml-bucket/predictions/',
  },
};

function sampleValue(name: string): string {
  return name.endsWith('-arn') ? 'arn:aws:iam::123456789012:role/x' : 'sample';
}
