// The setup in examples/README.md against the workflow files a user copies: every repository variable, secret and
// environment a workflow reads is produced by the template (an output) or documented as the user's choice, and
// every job environment is one the template's roles trust.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplateText } from '@mlops-actions/deploy-stack/template';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const here = import.meta.dirname;
const readme = readFileSync(join(here, 'README.md'), 'utf8');
const templatePath = join(here, 'infrastructure/template.yaml');
const templateText = readFileSync(templatePath, 'utf8');
const template = parseTemplateText(templateText, templatePath);
// Output names: the keys two spaces in under `Outputs:` (the parsed template keeps parameters and resources only).
const outputs = new Set(
  [...templateText.slice(templateText.indexOf('\nOutputs:')).matchAll(/^ {2}(\w+):$/gm)].map((m) => m[1]!),
);
const workflows = readdirSync(join(here, 'workflows'))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => ({ name: f, text: readFileSync(join(here, 'workflows', f), 'utf8') }));

/** Rows of the README's "Repository variables" table: variable → how it is set. */
function variableTable(): Map<string, string> {
  const section = readme.slice(readme.indexOf('### Repository variables'));
  const rows = new Map<string, string>();
  for (const m of section.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \|/gm)) rows.set(m[1]!, m[2]!.trim());
  return rows;
}

describe('examples/README.md setup against the workflows', () => {
  const table = variableTable();

  it('documents every vars.* a workflow reads, each from a template output or as the user’s choice', () => {
    const used = new Set(
      workflows.flatMap((w) => [...w.text.matchAll(/vars\.([A-Z0-9_]+)/g)].map((m) => m[1]!)),
    );
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) {
      const source = table.get(name);
      expect(source, `vars.${name} is not in the README's variable table`).toBeDefined();
      const output = /^stack output `(\w+)`/.exec(source!);
      if (output) {
        expect(outputs.has(output[1]!), `${name}: the template has no output ${output[1]}`).toBe(true);
        // `mlops setup` and the README name a variable after its output: PrRoleArn is PR_ROLE_ARN.
        expect(output[1]!.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).toBe(name);
      } else expect(source, `${name} is neither a stack output nor the user's choice`).toMatch(/^you choose/);
    }
  });

  it('lists no variable the workflows do not read, and every template output as a variable', () => {
    const used = workflows.map((w) => w.text).join('\n');
    for (const name of table.keys())
      expect(used, `${name} is documented but unused`).toContain(`vars.${name}`);
    for (const output of outputs)
      expect(
        [...table.values()].some((v) => v.startsWith(`stack output \`${output}\``)),
        `output ${output} is not documented as a variable`,
      ).toBe(true);
  });

  it('uses no secret (credentials come from OIDC), as the README says', () => {
    for (const w of workflows) expect(w.text, w.name).not.toMatch(/secrets\./);
    expect(readme).toMatch(/\*\*Secrets: none\.\*\*/);
  });

  it('runs jobs only in environments the README tells the user to create and the template’s roles trust', () => {
    const environments = new Set(
      workflows.flatMap((w) =>
        Object.values<{ environment?: string | { name: string } }>(parse(w.text).jobs)
          .map((j) => (typeof j.environment === 'object' ? j.environment.name : j.environment))
          .filter((e): e is string => !!e),
      ),
    );
    expect([...environments].sort()).toEqual(['infrastructure', 'production']);
    const trusted = new Set(
      ['ProductionEnvironment', 'InfrastructureEnvironment'].map((p) => template.parameters[p]?.Default),
    );
    const steps = readme.slice(readme.indexOf('## From an empty AWS account'));
    for (const env of environments) {
      expect(trusted.has(env), `${env}: no role of the template trusts it`).toBe(true);
      expect(steps, `${env} is not created in the setup steps`).toContain(`environments/${env}`);
      expect(readme).toMatch(new RegExp(`\\*\\*Environments:\\*\\*.*\`${env}\``, 's'));
    }
  });

  it('names every workflow-level env value a step reads', () => {
    for (const w of workflows) {
      const declared = Object.keys(parse(w.text).env ?? {});
      for (const m of w.text.matchAll(/\$\{\{\s*env\.([A-Z0-9_]+)/g))
        expect(declared, `${w.name} reads env.${m[1]}`).toContain(m[1]);
    }
    expect(readme).toContain('DATA_COLUMNS');
  });
});
