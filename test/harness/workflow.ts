import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EventName } from './events.js';
import { eventPayload } from './events.js';
import { type RunOptions, runStep, type StepResult } from './runner.js';

/**
 * Runs a workflow file's jobs and steps the way GitHub would for what matters here: jobs in `needs` order, steps in
 * order with `if:`, every `${{ }}` expression evaluated against github / inputs / vars / steps / needs contexts, and
 * each step of our actions (`…/actions/<name>@ref`) run as its bundled action through the harness. Other actions are
 * stood in for by `standIns` (checkout, credentials, artifacts). Referencing an output a step did not set, a step
 * or job that does not exist, or a variable that is not defined fails, so a renamed output breaks a test.
 */
export interface WorkflowRun {
  jobs: Record<
    string,
    {
      outputs: Record<string, string>;
      steps: Record<string, StepResult | undefined>;
      log: string[];
      /** `success`, or `skipped` when the job's `if:` was false or a job it needs did not succeed. */
      result: string;
    }
  >;
}

export interface WorkflowOptions {
  event: EventName;
  payload?: Record<string, unknown>;
  vars: Record<string, string>;
  env: Record<string, string>;
  apiUrl: string;
  runId: string;
  repository?: string;
  /**
   * Stand-ins for third-party actions, by `owner/name`; given the evaluated `with:` and the job workspace, they may
   * return the step's outputs.
   */
  standIns: Record<string, (inputs: Record<string, string>, workspace: string) => unknown>;
}

type Ctx = Record<string, unknown>;

class ExpressionError extends Error {}

/** Evaluate one GitHub expression (the subset our workflows use: paths, literals, ==, !=, !, &&, ||, parentheses). */
export function evaluate(expr: string, ctx: Ctx): unknown {
  const tokens =
    expr.match(/\s*('(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][\w.-]*|\d+(?:\.\d+)?)/g) ?? [];
  let i = 0;
  const peek = () => tokens[i]?.trim();
  const next = () => tokens[i++]!.trim();
  const truthy = (v: unknown) => v !== '' && v !== 0 && v !== false && v !== null && v !== undefined;
  function primary(): unknown {
    const t = next();
    if (t === '(') {
      const v = or();
      if (next() !== ')') throw new ExpressionError(`missing ) in ${expr}`);
      return v;
    }
    if (t === '!') return !truthy(primary());
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (/^(always|success)$/.test(t) && peek() === '(') {
      next();
      next();
      return true;
    }
    return lookup(t, ctx);
  }
  function comparison(): unknown {
    let v = primary();
    while (peek() === '==' || peek() === '!=') {
      const op = next();
      const w = primary();
      const eq = String(v).toLowerCase() === String(w).toLowerCase();
      v = op === '==' ? eq : !eq;
    }
    return v;
  }
  function and(): unknown {
    let v = comparison();
    while (peek() === '&&') {
      next();
      const w = comparison();
      v = truthy(v) ? w : v;
    }
    return v;
  }
  function or(): unknown {
    let v = and();
    while (peek() === '||') {
      next();
      const w = and();
      v = truthy(v) ? v : w;
    }
    return v;
  }
  const value = or();
  if (i !== tokens.length) throw new ExpressionError(`cannot evaluate ${JSON.stringify(expr)}`);
  return value;
}

function lookup(path: string, ctx: Ctx): unknown {
  const [root, ...rest] = path.split('.');
  if (!(root! in ctx)) throw new ExpressionError(`unknown context ${root} in ${path}`);
  let v: unknown = ctx[root!];
  for (const [k, key] of rest.entries()) {
    if (v === null || typeof v !== 'object')
      throw new ExpressionError(`${path}: ${rest.slice(0, k).join('.')} is not an object`);
    const o = v as Record<string, unknown>;
    if (!(key in o)) {
      if (root === 'github' || root === 'inputs') return '';
      // outputs of a skipped step are empty, as on GitHub
      if (
        root === 'steps' &&
        k === 2 &&
        (ctx.steps as Record<string, { outcome: string }>)[rest[0]!]?.outcome === 'skipped'
      )
        return '';
      // and so are the outputs of a skipped job
      if (
        root === 'needs' &&
        k === 2 &&
        (ctx.needs as Record<string, { result: string }>)[rest[0]!]?.result === 'skipped'
      )
        return '';
      throw new ExpressionError(`${path}: ${key} is not defined`);
    }
    v = o[key];
  }
  return v;
}

/** Replace every ${{ … }} in a value. */
function interpolate(value: unknown, ctx: Ctx): string {
  return String(value ?? '').replace(/\$\{\{(.*?)\}\}/g, (_m, expr: string) => {
    const v = evaluate(expr.trim(), ctx);
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

function order(jobs: Record<string, { needs?: string | string[] }>): string[] {
  const out: string[] = [];
  const visit = (id: string) => {
    if (out.includes(id)) return;
    const needs = jobs[id]!.needs;
    for (const n of Array.isArray(needs) ? needs : needs ? [needs] : []) visit(n);
    out.push(id);
  };
  for (const id of Object.keys(jobs)) visit(id);
  return out;
}

export async function runWorkflow(file: string, options: WorkflowOptions): Promise<WorkflowRun> {
  const workflow: any = parse(readFileSync(file, 'utf8'));
  const repository = options.repository ?? 'octo-org/ml-repo';
  const payload = eventPayload(options.event, repository, options.payload ?? {});
  const dispatchInputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries<{ type?: string; default?: unknown }>(
    workflow.on?.workflow_dispatch?.inputs ?? {},
  )) {
    const given = payload.inputs?.[name] ?? spec.default ?? '';
    dispatchInputs[name] = spec.type === 'boolean' ? given === true || given === 'true' : given;
  }
  const github = {
    repository,
    repository_owner: repository.split('/')[0],
    event_name: options.event,
    event: payload,
    run_id: options.runId,
    run_attempt: '1',
    sha: payload.pull_request?.head?.sha ?? '0123456789abcdef0123456789abcdef01234567',
    ref: payload.ref ?? 'refs/heads/main',
  };
  const run: WorkflowRun = { jobs: {} };
  const needsCtx: Record<string, { outputs: Record<string, string>; result: string }> = {};
  const workflowEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries<unknown>(workflow.env ?? {}))
    workflowEnv[k] = interpolate(v, { github, inputs: dispatchInputs, vars: options.vars, secrets: {} });
  for (const jobId of order(workflow.jobs)) {
    const job = workflow.jobs[jobId];
    const workspace = mkdtempSync(join(tmpdir(), `wf-${jobId}-`));
    const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> =
      {};
    const record: WorkflowRun['jobs'][string] = { outputs: {}, steps: {}, log: [], result: 'success' };
    const needs = Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : [];
    const jobNeeds = Object.fromEntries(needs.map((n: string) => [n, needsCtx[n]]));
    const ctx = (): Ctx => ({
      github,
      inputs: dispatchInputs,
      vars: options.vars,
      steps,
      needs: jobNeeds,
      env: workflowEnv,
      secrets: {},
    });
    // As on GitHub: a job runs when every job it needs succeeded (no always() here) and its own `if:` holds.
    const condition =
      job.if === undefined
        ? true
        : String(job.if)
            .replace(/^\$\{\{|\}\}$/g, '')
            .trim();
    if (
      needs.some((n: string) => needsCtx[n]!.result !== 'success') ||
      (condition !== true && !evaluate(condition, ctx()))
    ) {
      record.result = 'skipped';
      record.log.push(`${jobId}: skipped`);
      needsCtx[jobId] = { outputs: {}, result: 'skipped' };
      run.jobs[jobId] = record;
      continue;
    }
    for (const [index, step] of (job.steps as Record<string, unknown>[]).entries()) {
      const id = (step.id as string) ?? `step-${index}`;
      if (
        step.if !== undefined &&
        !evaluate(
          String(step.if)
            .replace(/^\$\{\{|\}\}$/g, '')
            .trim(),
          ctx(),
        )
      ) {
        steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        record.log.push(`${id}: skipped`);
        continue;
      }
      const uses = String(step.uses ?? '');
      const inputs: Record<string, string> = {};
      for (const [k, v] of Object.entries<unknown>((step.with as Record<string, unknown>) ?? {}))
        inputs[k] = interpolate(v, ctx());
      const ours = /^[^/]+\/[^/]+\/actions\/([a-z-]+)@/.exec(uses);
      if (ours) {
        const options2: RunOptions = {
          event: options.event,
          payload: options.payload,
          apiUrl: options.apiUrl,
          runId: options.runId,
          repository,
          workspace,
          env: options.env,
          inputs,
        };
        const result = await runStep(ours[1]!, options2);
        record.steps[id] = result;
        record.log.push(`${id}: ${ours[1]} exit ${result.exitCode}`);
        if (result.exitCode !== 0)
          throw new Error(
            `${file} job ${jobId} step ${id} (${ours[1]}) failed: ${result.errors.join(' | ')}\n${result.log.slice(-3000)}`,
          );
        steps[id] = { outputs: result.outputs, outcome: 'success', conclusion: 'success' };
      } else if (uses) {
        const name = uses.split('@')[0]!;
        const standIn = options.standIns[name];
        if (!standIn) throw new Error(`${file} job ${jobId} step ${id}: no stand-in for ${name}`);
        const outputs = ((await standIn(inputs, workspace)) ?? {}) as Record<string, string>;
        steps[id] = { outputs, outcome: 'success', conclusion: 'success' };
        record.log.push(`${id}: ${name} (stand-in)`);
      } else {
        throw new Error(
          `${file} job ${jobId} step ${id}: run steps are not expected in the example workflows (no glue scripts)`,
        );
      }
    }
    for (const [k, v] of Object.entries<unknown>(job.outputs ?? {}))
      record.outputs[k] = interpolate(v, ctx());
    needsCtx[jobId] = { outputs: record.outputs, result: 'success' };
    run.jobs[jobId] = record;
  }
  return run;
}
