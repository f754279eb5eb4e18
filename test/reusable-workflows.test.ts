import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './harness/runner.js';

// The reusable workflows (.github/workflows/mlops-<name>.yml, workflow_call) are the example workflows
// (examples/workflows/<name>.yml) made callable, and must stay so: the same jobs, steps, action inputs, permissions,
// conditions and environments. The one rewrite allowed: each `vars.NAME` of the example is `inputs.<name in kebab
// case>`, and each value the example writes literally may be `${{ inputs.x }}` whose default is that value. A
// reusable job may expose more outputs (for the workflow_call outputs); its concurrency group is the example's with
// an `mlops-` prefix (a caller using the example's group name would otherwise wait on itself).

type Workflow = Record<string, any>;
const EXAMPLES = ['pr-check', 'promote', 'drift-report', 'retrain', 'deploy-infra'];
const load = (path: string): Workflow => parse(readFileSync(join(repoRoot, path), 'utf8'));
const kebab = (name: string) => name.toLowerCase().replaceAll('_', '-');
const VAR = /\$\{\{\s*vars\.([A-Za-z0-9_]+)\s*\}\}/g;

/** `value` with `rewrite` applied to every string in it; scalars compared as text, as action inputs are. */
function rewriteStrings(value: unknown, rewrite: (s: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteStrings(v, rewrite));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteStrings(v, rewrite)]));
  return value === null || value === undefined ? value : rewrite(String(value));
}

/** Every `inputs.x` an expression in `value` reads. */
function inputsRead(value: unknown): Set<string> {
  const text = JSON.stringify(value);
  return new Set([...text.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!));
}

/** How the reusable workflow differs from the example it mirrors, one line per difference (none when in sync). */
function differences(example: Workflow, reusable: Workflow): string[] {
  const out: string[] = [];
  const call = reusable.on?.workflow_call;
  if (!call || Object.keys(reusable.on).length !== 1) out.push('on: must be workflow_call only');
  const inputs: Record<string, { default?: unknown; required?: boolean }> = call?.inputs ?? {};
  const exampleJobs = { jobs: example.jobs, env: example.env, concurrency: example.concurrency };

  // The example's variables, as inputs of the same name.
  const varNames = new Map([...JSON.stringify(exampleJobs).matchAll(VAR)].map((m) => [kebab(m[1]!), m[1]!]));
  for (const [name, variable] of varNames) {
    if (!inputs[name]) out.push(`input ${name}: missing (the example reads vars.${variable})`);
    else if (![undefined, ''].includes(inputs[name].default as string | undefined))
      out.push(`input ${name}: a variable's input has no default of its own (found ${inputs[name].default})`);
  }
  // The example's dispatch inputs that its jobs read, defined alike.
  const dispatch: Record<string, unknown> = example.on?.workflow_dispatch?.inputs ?? {};
  const exampleReads = inputsRead(exampleJobs);
  for (const [name, definition] of Object.entries(dispatch))
    if (exampleReads.has(name) && !isDeepStrictEqual(inputs[name], definition))
      out.push(
        `input ${name}: defined as ${JSON.stringify(inputs[name])}, the example's is ${JSON.stringify(definition)}`,
      );
  // Every other input is a literal of the example, read back through its default.
  const literals = new Map(
    Object.entries(inputs)
      .filter(([name, d]) => !varNames.has(name) && !(name in dispatch) && d.default !== undefined)
      .map(([name, d]) => [name, String(d.default)]),
  );
  const reusableReads = inputsRead({
    jobs: reusable.jobs,
    env: reusable.env,
    concurrency: reusable.concurrency,
  });
  for (const name of Object.keys(inputs)) if (!reusableReads.has(name)) out.push(`input ${name}: never read`);

  const fromExample = (v: unknown) =>
    rewriteStrings(v, (s) => s.replace(VAR, (_, n) => `\${{ inputs.${kebab(n)} }}`));
  const fromReusable = (v: unknown) =>
    rewriteStrings(v, (s) =>
      s.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (all, n) => literals.get(n) ?? all),
    );
  const same = (what: string, a: unknown, b: unknown) => {
    if (!isDeepStrictEqual(fromExample(a), fromReusable(b)))
      out.push(
        `${what}: ${JSON.stringify(fromReusable(b))} where the example has ${JSON.stringify(fromExample(a))}`,
      );
  };
  same('permissions', example.permissions, reusable.permissions);
  same('env', example.env, reusable.env);
  same(
    'concurrency',
    example.concurrency && { ...example.concurrency, group: `mlops-${example.concurrency.group}` },
    reusable.concurrency,
  );
  const jobs = (w: Workflow) => Object.keys(w.jobs ?? {});
  same('jobs', jobs(example), jobs(reusable));
  for (const id of jobs(example).filter((j) => reusable.jobs?.[j])) {
    const { outputs: exampleOutputs = {}, ...exampleJob } = example.jobs[id];
    const { outputs: reusableOutputs = {}, ...reusableJob } = reusable.jobs[id];
    same(`jobs.${id}`, exampleJob, reusableJob);
    for (const [name, value] of Object.entries(exampleOutputs))
      same(`jobs.${id}.outputs.${name}`, value, reusableOutputs[name]);
  }
  return out;
}

describe('reusable workflows mirror the example workflows', () => {
  it('one mlops-<name>.yml per example workflow, and no other', () => {
    const reusable = readdirSync(join(repoRoot, '.github/workflows'))
      .filter((f) => f.startsWith('mlops-'))
      .map((f) => f.replace(/^mlops-|\.yml$/g, ''));
    const examples = readdirSync(join(repoRoot, 'examples/workflows')).map((f) => f.replace(/\.yml$/, ''));
    expect(reusable.sort()).toEqual([...EXAMPLES].sort());
    expect(examples.sort()).toEqual([...EXAMPLES].sort());
  });

  it.each(EXAMPLES)(
    'mlops-%s.yml: the same jobs, steps, action inputs and permissions as the example',
    (name) => {
      const example = load(`examples/workflows/${name}.yml`);
      const reusable = load(`.github/workflows/mlops-${name}.yml`);
      expect(differences(example, reusable)).toEqual([]);
    },
  );

  it('finds each kind of drift between a reusable workflow and its example', () => {
    const example = load('examples/workflows/drift-report.yml');
    const fresh = () => load('.github/workflows/mlops-drift-report.yml');
    const step = (w: Workflow) => w.jobs.drift.steps[1];

    const droppedInput = fresh();
    delete step(droppedInput).with.lookback;
    expect(differences(example, droppedInput)).toEqual([
      expect.stringMatching(/^input lookback: never read$/),
      expect.stringMatching(/^jobs\.drift: /),
    ]);

    const otherDefault = fresh();
    otherDefault.on.workflow_call.inputs.window.default = '1d';
    expect(differences(example, otherDefault)).toEqual([
      expect.stringMatching(/^jobs\.drift: .*"window":"1d"/),
    ]);

    const morePermission = fresh();
    morePermission.jobs.drift.permissions['pull-requests'] = 'write';
    expect(differences(example, morePermission)).toEqual([expect.stringMatching(/^jobs\.drift: /)]);

    const hardCoded = fresh();
    step(hardCoded).with['report-uri'] = 's3://my-bucket/reports/drift/';
    expect(differences(example, hardCoded)).toEqual([expect.stringMatching(/^jobs\.drift: .*my-bucket/)]);

    const missingVariable = fresh();
    delete missingVariable.on.workflow_call.inputs['endpoint-name'];
    expect(differences(example, missingVariable)).toContain(
      'input endpoint-name: missing (the example reads vars.ENDPOINT_NAME)',
    );

    const extraJob = fresh();
    extraJob.jobs.notify = { 'runs-on': 'ubuntu-latest', steps: [{ run: 'true' }] };
    expect(differences(example, extraJob)).toEqual([expect.stringMatching(/^jobs: /)]);

    const sameGroup = fresh();
    sameGroup.concurrency.group = 'drift-report';
    expect(differences(example, sameGroup)).toEqual([expect.stringMatching(/^concurrency: /)]);
  });

  it('passes the dispatch inputs the example reads through unchanged (promote: rollback, force, reason)', () => {
    const example = load('examples/workflows/promote.yml');
    const reusable = load('.github/workflows/mlops-promote.yml');
    reusable.on.workflow_call.inputs.force.default = true;
    expect(differences(example, reusable)).toEqual([expect.stringMatching(/^input force: defined as/)]);
  });
});
