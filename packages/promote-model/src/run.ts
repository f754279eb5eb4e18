import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DescribeModelPackageOutput } from '@aws-sdk/client-sagemaker';
import { resolveRegion } from '@mlops-actions/aws';
import { errorMessage, UserError } from '@mlops-actions/core';
import { appendRecord, listRecords, parseS3Uri, readRecord } from '@mlops-actions/data';
import type { ActionDeps, ActionResult } from '@mlops-actions/github';
import { escapeMarkdown } from '@mlops-actions/report';
import type { PromoteInputs } from './inputs.js';
import {
  approve,
  currentDataCapture,
  currentProduction,
  dataCaptureFor,
  describeEndpoint,
  endpointConfigNameFor,
  endpointConfigRequest,
  ensureEndpointConfig,
  ensureModel,
  isBusy,
  modelNameFor,
  reject,
  resolvePackage,
  rollOut,
  waitInService,
} from './sagemaker.js';

/** One ledger record: who promoted (or rolled back) what, from what, with which evaluation, and how it ended. */
export interface LedgerRecord {
  schema_version: 1;
  kind: 'promotion';
  action: 'promote' | 'rollback';
  model_package_group: string;
  target: 'endpoint' | 'registry-only';
  endpoint: string | null;
  from: string | null;
  to: string;
  to_version: number | null;
  endpoint_config: string | null;
  model_name: string | null;
  deployment: string | null;
  evaluation: {
    decision: string;
    metric: string;
    champion: number | null;
    challenger: number | null;
    forced: boolean;
  } | null;
  reason: string | null;
  actor: string | null;
  run: {
    repository: string | null;
    run_id: string | null;
    run_attempt: number | null;
    run_url: string | null;
    sha: string | null;
  };
  outcome: 'succeeded' | 'failed';
  error: string | null;
  started_at: string;
  finished_at: string;
}

interface Evaluation {
  decision: string;
  metric: string;
  champion: number | null;
  challenger: number | null;
}

async function readEvaluation(path: string): Promise<Evaluation> {
  let doc: {
    kind?: string;
    decision?: string;
    metric?: string;
    reason?: string;
    champion?: { score: number | null } | null;
    challenger?: { score: number | null };
  };
  try {
    doc = JSON.parse(await readFile(resolve(path), 'utf8'));
  } catch (error) {
    throw new UserError(
      `Input "evaluation": cannot read ${path} as JSON (${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'}).`,
      {
        hint: 'Pass the result-json output of evaluate-challenger (download it as an artifact in this job).',
      },
    );
  }
  if (doc?.kind !== 'evaluation' || !doc.decision)
    throw new UserError(
      `Input "evaluation": ${path} is not an evaluate-challenger result (kind: evaluation).`,
    );
  return {
    decision: doc.decision,
    metric: doc.metric ?? '',
    champion: doc.champion?.score ?? null,
    challenger: doc.challenger?.score ?? null,
  };
}

const ledgerS3 = (inputs: { ledger?: string }, deps: ActionDeps) =>
  inputs.ledger && parseS3Uri(inputs.ledger) ? deps.aws.s3() : undefined;

/** Ledger records of a group, newest first. */
export async function readHistory(
  ledger: string,
  group: string,
  s3: S3Client | undefined,
): Promise<LedgerRecord[]> {
  const names = (await listRecords(ledger, { s3 })).filter(
    (n) => n.startsWith(`${group}/`) && n.endsWith('.json'),
  );
  const records: LedgerRecord[] = [];
  for (const name of names.reverse()) {
    try {
      records.push(JSON.parse(await readRecord(ledger, name, { s3 })));
    } catch {
      // a record that is not JSON is not ours: skip it
    }
  }
  return records;
}

const short = (arn: string | null | undefined) => (arn ? arn.replace(/^.*model-package\//, '') : '–');

function summary(o: {
  status: string;
  action: string;
  inputs: PromoteInputs;
  pkg: DescribeModelPackageOutput;
  previous: string | undefined;
  configName: string;
  note: string;
}): string {
  const rows: [string, string][] = [
    ['Model package', `\`${short(o.pkg.ModelPackageArn)}\``],
    ['Previous production', `\`${short(o.previous)}\``],
    [
      'Target',
      o.inputs.target === 'endpoint'
        ? `endpoint \`${o.inputs.endpointName}\` (${o.inputs.deployment})`
        : 'registry only',
    ],
  ];
  if (o.configName) rows.push(['Endpoint config', `\`${o.configName}\``]);
  return `${[
    `### ${o.action === 'rollback' ? 'Rollback' : 'Promotion'}: ${o.status}`,
    '',
    escapeMarkdown(o.note),
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
  ].join('\n')}\n`;
}

/** promote-model: approve, roll out, record. */
export async function promoteModel(inputs: PromoteInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger, context } = deps;
  const started = deps.now();
  const sm = deps.aws.sagemaker();
  const s3 = ledgerS3(inputs, deps);
  const evaluation = inputs.evaluation ? await readEvaluation(inputs.evaluation) : undefined;
  const endpoint =
    inputs.target === 'endpoint' ? await describeEndpoint(sm, inputs.endpointName!) : undefined;
  const production = await currentProduction(sm, inputs, endpoint);
  const ledgerPrevious = async () => {
    if (!inputs.ledger || !production) return undefined;
    const history = await readHistory(inputs.ledger, inputs.group, s3);
    return history.find((r) => r.outcome === 'succeeded' && r.to === production)?.from ?? undefined;
  };
  const pkg = await resolvePackage(sm, inputs, production, ledgerPrevious);
  const arn = pkg.ModelPackageArn!;
  const action = inputs.spec.kind === 'previous' ? 'rollback' : 'promote';
  logger.info(
    `${action === 'rollback' ? 'Rolling back' : 'Promoting'} to ${arn} (now in production: ${production ?? 'none'})`,
  );

  if (evaluation && action === 'promote' && evaluation.decision !== 'promote') {
    const scores = `${evaluation.metric}: challenger ${evaluation.challenger ?? 'n/a'} vs champion ${evaluation.champion ?? 'n/a'}`;
    if (!inputs.force)
      throw new UserError(
        `Promotion refused: the evaluation (${inputs.evaluation}) decided "${evaluation.decision}" (${scores}).`,
        {
          hint: 'Set force: true to promote anyway (recorded in the ledger), or train a better challenger.',
        },
      );
    logger.warning(
      `The evaluation decided "${evaluation.decision}" (${scores}); promoting anyway because force: true.`,
    );
  }

  const outputsBase = {
    'model-package-arn': arn,
    'previous-model-package-arn': production ?? '',
    'endpoint-config-name': endpoint?.EndpointConfigName ?? '',
    'model-name': '',
    history: '',
  };
  const approved = pkg.ModelApprovalStatus === 'Approved';
  const inService = inputs.target === 'registry-only' || endpoint?.EndpointStatus === 'InService';
  if (production === arn && approved && inService) {
    const note = `${short(arn)} is already in production${inputs.target === 'endpoint' ? ` on ${inputs.endpointName}` : ''}; nothing changed.`;
    logger.info(note);
    return {
      outputs: { ...outputsBase, 'previous-model-package-arn': '', status: 'unchanged' },
      summary: summary({
        status: 'unchanged',
        action,
        inputs,
        pkg,
        previous: production,
        configName: endpoint?.EndpointConfigName ?? '',
        note,
      }),
    };
  }
  if (isBusy(endpoint))
    throw new UserError(
      `Endpoint ${inputs.endpointName} is ${endpoint!.EndpointStatus} (another deployment is in progress, on config ${endpoint!.EndpointConfigName}).`,
      {
        hint: 'Wait until it is InService and re-run; use a `concurrency:` group so two promotions never overlap.',
      },
    );
  if (inputs.target === 'endpoint' && !inputs.executionRoleArn)
    throw new UserError(
      'Input "execution-role-arn" is required with target: endpoint (the role SageMaker assumes to run the model).',
    );

  const runKey = `${context.runId || started.toISOString()}-${context.runAttempt}`;
  const modelName = inputs.target === 'endpoint' ? modelNameFor(pkg) : '';
  const configName =
    inputs.target === 'endpoint' ? endpointConfigNameFor(inputs.endpointName!, pkg, runKey) : '';
  if (inputs.dryRun) {
    const note = `Dry run: would ${inputs.target === 'registry-only' && action === 'rollback' ? `reject ${short(production)} so that ${short(arn)} is the newest approved` : `approve ${short(arn)}`}${inputs.target === 'endpoint' ? `, create model ${modelName} and endpoint config ${configName}, and ${endpoint ? 'update' : 'create'} endpoint ${inputs.endpointName} (${inputs.deployment})` : ''}. Nothing changed.`;
    logger.info(note);
    return {
      outputs: {
        ...outputsBase,
        'endpoint-config-name': configName,
        'model-name': modelName,
        status: 'dry-run',
      },
      summary: summary({ status: 'dry-run', action, inputs, pkg, previous: production, configName, note }),
    };
  }

  const who = context.actor || 'someone';
  const where = context.runUrl ?? 'a local run';
  const description = `${action === 'rollback' ? 'Rolled back to' : 'Promoted'} by ${who} in ${where}${inputs.reason ? `: ${inputs.reason}` : ''}`;
  const deployment = await startDeployment(deps, inputs, arn, description);
  let error: unknown;
  try {
    if (action === 'promote' || !approved)
      await approve(sm, pkg, description, action === 'promote' ? production : undefined);
    if (inputs.target === 'registry-only' && action === 'rollback' && production) {
      await reject(sm, production, `${description} (rolled back from this model)`);
      logger.info(`Rejected ${production}: ${arn} is now the newest approved package.`);
    }
    if (inputs.target === 'endpoint') {
      if (await ensureModel(sm, modelName, pkg, inputs.executionRoleArn!))
        logger.info(`Created model ${modelName}`);
      const capture = inputs.dataCaptureUri ? undefined : await currentDataCapture(sm, endpoint);
      const request = endpointConfigRequest(
        configName,
        modelName,
        pkg,
        inputs,
        dataCaptureFor(inputs, capture),
      );
      if (await ensureEndpointConfig(sm, request)) logger.info(`Created endpoint config ${configName}`);
      await rollOut(sm, inputs, endpoint, configName);
      logger.info(
        `${endpoint ? 'Updating' : 'Creating'} endpoint ${inputs.endpointName} (${endpoint ? inputs.deployment : 'new endpoint'})`,
      );
      await waitInService(sm, inputs, configName, deps);
    }
  } catch (e) {
    error = e;
  }
  const record: LedgerRecord = {
    schema_version: 1,
    kind: 'promotion',
    action,
    model_package_group: inputs.group,
    target: inputs.target,
    endpoint: inputs.endpointName ?? null,
    from: production ?? null,
    to: arn,
    to_version: pkg.ModelPackageVersion ?? null,
    endpoint_config: configName || null,
    model_name: modelName || null,
    deployment: inputs.target === 'endpoint' ? inputs.deployment : null,
    evaluation: evaluation
      ? { ...evaluation, forced: evaluation.decision !== 'promote' && inputs.force }
      : null,
    reason: inputs.reason ?? null,
    actor: context.actor || null,
    run: {
      repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : null,
      run_id: context.runId || null,
      run_attempt: context.runId ? context.runAttempt : null,
      run_url: context.runUrl ?? null,
      sha: context.sha || null,
    },
    outcome: error ? 'failed' : 'succeeded',
    error: error ? errorMessage(error) : null,
    started_at: started.toISOString(),
    finished_at: deps.now().toISOString(),
  };
  let history: LedgerRecord[] = [];
  if (inputs.ledger) {
    const stamp = started
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const name = `${inputs.group}/${stamp}-${action}-v${pkg.ModelPackageVersion ?? 0}-${runKey.replace(/[^A-Za-z0-9-]/g, '-')}.json`;
    const written = await appendRecord(inputs.ledger, name, `${JSON.stringify(record, null, 2)}\n`, { s3 });
    if (written.created) logger.info(`Ledger: ${written.uri}`);
    else logger.warning(`Ledger record ${written.uri} already exists; it was not overwritten.`);
    history = await readHistory(inputs.ledger, inputs.group, s3);
  }
  await finishDeployment(
    deps,
    inputs,
    deployment,
    error ? 'failure' : 'success',
    error ? errorMessage(error) : description,
  );
  if (error) throw error;
  const status = action === 'rollback' ? 'rolled-back' : 'promoted';
  return {
    outputs: {
      ...outputsBase,
      'endpoint-config-name': configName,
      'model-name': modelName,
      status,
      history: JSON.stringify(history.slice(0, 20)),
    },
    summary: summary({ status, action, inputs, pkg, previous: production, configName, note: description }),
    result: record,
  };
}

async function startDeployment(
  deps: ActionDeps,
  inputs: PromoteInputs,
  arn: string,
  description: string,
): Promise<number | undefined> {
  const { github, context } = deps;
  if (!github || !context.repository) return undefined;
  try {
    const { data } = await github.request('POST /repos/{owner}/{repo}/deployments', {
      ...context.repository,
      ref: context.sha || context.ref || 'HEAD',
      environment: inputs.environment,
      task: 'deploy:model',
      description: description.slice(0, 140),
      auto_merge: false,
      required_contexts: [],
      production_environment: /prod/i.test(inputs.environment),
      payload: { model_package_arn: arn, endpoint: inputs.endpointName ?? null, target: inputs.target },
    });
    const id = (data as { id: number }).id;
    await github.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      ...context.repository,
      deployment_id: id,
      state: 'in_progress',
      ...(context.runUrl ? { log_url: context.runUrl } : {}),
      description: 'Rolling out'.slice(0, 140),
    });
    return id;
  } catch (error) {
    deps.logger.warning(
      `Could not record a GitHub deployment (${errorMessage(error)}): grant \`deployments: write\`.`,
    );
    return undefined;
  }
}

async function finishDeployment(
  deps: ActionDeps,
  inputs: PromoteInputs,
  id: number | undefined,
  state: 'success' | 'failure',
  description: string,
) {
  const { github, context } = deps;
  if (!github || !context.repository || id === undefined) return;
  let environmentUrl: string | undefined;
  if (inputs.endpointName) {
    try {
      const region = resolveRegion(deps.env);
      environmentUrl = `https://${region}.console.aws.amazon.com/sagemaker/home?region=${region}#/endpoints/${inputs.endpointName}`;
    } catch {
      environmentUrl = undefined;
    }
  }
  try {
    await github.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      ...context.repository,
      deployment_id: id,
      state,
      description: description.slice(0, 140),
      ...(context.runUrl ? { log_url: context.runUrl } : {}),
      ...(environmentUrl ? { environment_url: environmentUrl } : {}),
    });
  } catch (error) {
    deps.logger.warning(`Could not update the GitHub deployment status (${errorMessage(error)}).`);
  }
}

/** `mlops promote-model --history`: the ledger of a group, newest first. */
export async function historyCommand(flags: Record<string, string>, deps: ActionDeps): Promise<ActionResult> {
  const ledger = flags.ledger;
  const group = flags['model-package-group'];
  if (!ledger || !group) throw new UserError('--history needs --ledger and --model-package-group.');
  const records = await readHistory(ledger, group, ledgerS3({ ledger }, deps));
  const lines = [
    `### Promotion history of ${escapeMarkdown(group)}`,
    '',
    '| When | Action | From | To | Who | Outcome |',
    '| --- | --- | --- | --- | --- | --- |',
    ...records.map(
      (r) =>
        `| ${r.finished_at} | ${r.action} | ${short(r.from)} | ${short(r.to)} | ${escapeMarkdown(r.actor ?? '–')} | ${r.outcome}${r.error ? `: ${escapeMarkdown(r.error)}` : ''} |`,
    ),
  ];
  for (const r of records)
    deps.logger.info(
      `${r.finished_at}  ${r.action.padEnd(8)}  ${short(r.from)} -> ${short(r.to)}  ${r.actor ?? ''}  ${r.outcome}`,
    );
  return { outputs: { history: JSON.stringify(records) }, summary: `${lines.join('\n')}\n`, result: records };
}
