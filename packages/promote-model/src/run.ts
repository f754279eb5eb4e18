import type { DescribeEndpointOutput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  describeEndpoint,
  endpointDataCapture,
  ensureEndpointConfig,
  ensureModel,
  rollOutEndpoint,
  setModelPackageApproval,
  waitForEndpoint,
} from '@mlops-actions/aws';
import {
  ARTIFACT_SHA256_KEY,
  type EvaluationVerdict,
  errorMessage,
  finishRecord,
  type LedgerRecord,
  ledgerRecordName,
  type PromotionPlan,
  planPromotion,
  previousFromLedger,
  shortPackage,
  UserError,
} from '@mlops-actions/core';
import type { ActionDeps, ActionResult } from '@mlops-actions/github';
import { promotionSteps, renderPromotion, renderPromotionHistory } from '@mlops-actions/report';
import { checkRegisteredArtifact } from './artifact.js';
import { finishDeployment, startDeployment } from './deployments.js';
import { findEvaluation, readEvaluation } from './evaluation.js';
import type { PromoteInputs } from './inputs.js';
import { appendLedgerRecord, ledgerS3, readHistory } from './ledger.js';
import {
  dataCaptureFor,
  deploymentConfig,
  endpointConfigNameFor,
  endpointConfigRequest,
  modelNameFor,
  PREVIOUS_KEY,
} from './requests.js';
import { currentProduction, resolvePackage } from './resolve.js';

type ChangePlan = Extract<PromotionPlan, { kind: 'change' }>;

/** The evaluation the gate decides on: the `evaluation` file, or the package's record in `evaluation-ledger`. */
async function evaluationOf(
  inputs: PromoteInputs,
  arn: string,
  deps: ActionDeps,
): Promise<(EvaluationVerdict & { source: string }) | undefined> {
  if (inputs.evaluation) return { ...(await readEvaluation(inputs.evaluation)), source: inputs.evaluation };
  // A rollback returns to a model that already served; its evaluation is history, not a gate.
  if (!inputs.evaluationLedger || inputs.spec.kind === 'previous') return undefined;
  const found = await findEvaluation(inputs.evaluationLedger, arn, ledgerS3(inputs.evaluationLedger, deps));
  if (found) {
    deps.logger.info(`Evaluation of ${shortPackage(arn)}: ${found.decision} (${found.source})`);
    return found;
  }
  const missing = `No evaluation of ${shortPackage(arn)} is recorded in ${inputs.evaluationLedger}`;
  if (!inputs.force)
    throw new UserError(`Promotion refused: ${missing}.`, {
      hint: 'Evaluate the package first (evaluate-challenger with `model-package-arn` and `ledger`), or set force: true to promote it unevaluated (recorded in the ledger).',
    });
  deps.logger.warning(`${missing}; promoting anyway because force: true.`);
  return undefined;
}

/** Read what the plan decides on: the endpoint, what is in production, the package to promote, the evaluation. */
async function planFor(
  inputs: PromoteInputs,
  deps: ActionDeps,
  runKey: string,
): Promise<{
  plan: PromotionPlan;
  endpoint: DescribeEndpointOutput | undefined;
  /** The metadata the approval restates (the artifact's recorded SHA-256). */
  keep: Record<string, string>;
}> {
  const { context } = deps;
  const sm = deps.aws.sagemaker();
  const endpoint =
    inputs.target === 'endpoint' ? await describeEndpoint(sm, inputs.endpointName!) : undefined;
  const production = await currentProduction(sm, inputs, endpoint);
  const ledgerPrevious = async () =>
    inputs.ledger && production
      ? previousFromLedger(
          await readHistory(inputs.ledger, inputs.group, ledgerS3(inputs.ledger, deps)),
          production,
        )
      : undefined;
  const pkg = await resolvePackage(sm, inputs, production, ledgerPrevious);
  await checkRegisteredArtifact(pkg, inputs, deps);
  const evaluation = await evaluationOf(inputs, pkg.ModelPackageArn!, deps);
  const plan = planPromotion({
    group: inputs.group,
    rollback: inputs.spec.kind === 'previous',
    target: inputs.target,
    endpointName: inputs.endpointName ?? null,
    deployment: inputs.deployment,
    candidate: {
      arn: pkg.ModelPackageArn!,
      version: pkg.ModelPackageVersion ?? null,
      approval: pkg.ModelApprovalStatus ?? '',
    },
    production: production ?? null,
    endpoint: endpoint
      ? { status: endpoint.EndpointStatus ?? '', config: endpoint.EndpointConfigName ?? '' }
      : undefined,
    evaluation,
    force: inputs.force,
    executionRoleArn: inputs.executionRoleArn ?? null,
    names: {
      model: modelNameFor(inputs.group, pkg.ModelPackageVersion),
      endpointConfig: inputs.endpointName
        ? endpointConfigNameFor(inputs.endpointName, pkg.ModelPackageVersion, runKey)
        : '',
    },
    ledger: inputs.ledger ?? null,
    provenance: {
      actor: context.actor || null,
      runUrl: context.runUrl ?? null,
      reason: inputs.reason ?? null,
      repository: context.repository ? `${context.repository.owner}/${context.repository.repo}` : null,
      runId: context.runId || null,
      runAttempt: context.runId ? context.runAttempt : null,
      sha: context.sha || null,
    },
  });
  const recorded = pkg.CustomerMetadataProperties?.[ARTIFACT_SHA256_KEY];
  return { plan, endpoint, keep: recorded ? { [ARTIFACT_SHA256_KEY]: recorded } : {} };
}

/** Carry out a plan's changes in the registry and on the endpoint. */
async function execute(
  sm: SageMakerClient,
  plan: ChangePlan,
  inputs: PromoteInputs,
  endpoint: DescribeEndpointOutput | undefined,
  keep: Record<string, string>,
  deps: ActionDeps,
): Promise<void> {
  const { logger } = deps;
  if (plan.approve) {
    // The artifact's SHA-256 is restated: an update that replaces the metadata (the moto emulator does) keeps it.
    const metadata = {
      ...keep,
      ...(plan.approve.previous ? { [PREVIOUS_KEY]: plan.approve.previous } : {}),
    };
    await setModelPackageApproval(
      sm,
      plan.approve.arn,
      'Approved',
      plan.description,
      Object.keys(metadata).length ? metadata : undefined,
    );
  }
  if (plan.reject) {
    await setModelPackageApproval(sm, plan.reject.arn, 'Rejected', plan.reject.description);
    logger.info(`Rejected ${plan.reject.arn}: ${plan.candidate.arn} is now the newest approved package.`);
  }
  const r = plan.rollout;
  if (!r) return;
  if (await ensureModel(sm, r.model, plan.candidate.arn, inputs.executionRoleArn!))
    logger.info(`Created model ${r.model}`);
  const capture = inputs.dataCaptureUri ? undefined : await endpointDataCapture(sm, endpoint);
  const request = endpointConfigRequest(
    r.endpointConfig,
    r.model,
    plan.candidate.arn,
    inputs,
    dataCaptureFor(inputs, capture),
  );
  if (await ensureEndpointConfig(sm, request)) logger.info(`Created endpoint config ${r.endpointConfig}`);
  await rollOutEndpoint(sm, r.endpoint, r.endpointConfig, endpoint, deploymentConfig(inputs));
  logger.info(
    `${r.create ? 'Creating' : 'Updating'} endpoint ${r.endpoint} (${r.create ? 'new endpoint' : r.deployment})`,
  );
  await waitForEndpoint(
    sm,
    r.endpoint,
    r.endpointConfig,
    { pollMs: inputs.pollMs, timeoutMs: inputs.timeoutMs },
    deps,
  );
}

/** promote-model: plan (pure, in core) from what the registry and endpoint say, then approve, roll out, record. */
export async function promoteModel(inputs: PromoteInputs, deps: ActionDeps): Promise<ActionResult> {
  const { logger, context } = deps;
  const started = deps.now();
  const runKey = `${context.runId || started.toISOString()}-${context.runAttempt}`;
  const { plan, endpoint, keep } = await planFor(inputs, deps, runKey);
  const arn = plan.candidate.arn;
  logger.info(
    `${plan.action === 'rollback' ? 'Rolling back' : 'Promoting'} to ${arn} (now in production: ${plan.production ?? 'none'})`,
  );
  for (const warning of plan.warnings) logger.warning(warning);
  if (plan.kind === 'refused') throw new UserError(plan.reason, { hint: plan.hint });

  const outputs = {
    'model-package-arn': arn,
    'previous-model-package-arn': plan.production ?? '',
    'endpoint-config-name': endpoint?.EndpointConfigName ?? '',
    'model-name': '',
    history: '',
  };
  if (plan.kind === 'unchanged') {
    logger.info(plan.note);
    return {
      outputs: { ...outputs, 'previous-model-package-arn': '', status: 'unchanged' },
      summary: renderPromotion(plan, {
        status: 'unchanged',
        note: plan.note,
        endpointConfig: plan.endpointConfig,
      }),
    };
  }
  const configName = plan.rollout?.endpointConfig ?? '';
  const changed = { ...outputs, 'endpoint-config-name': configName, 'model-name': plan.rollout?.model ?? '' };
  if (inputs.dryRun) {
    logger.info(`Dry run: would ${promotionSteps(plan).join('; ')}. Nothing changed.`);
    return {
      outputs: { ...changed, status: 'dry-run' },
      summary: renderPromotion(plan, {
        status: 'dry-run',
        note: 'Dry run: nothing changed. A run without dry-run takes the steps below.',
        endpointConfig: configName,
      }),
      result: plan,
    };
  }

  const deployment = await startDeployment(deps, inputs, arn, plan.description);
  let error: unknown;
  try {
    await execute(deps.aws.sagemaker(), plan, inputs, endpoint, keep, deps);
  } catch (e) {
    error = e;
  }
  const record = finishRecord(plan.record, {
    error: error ? errorMessage(error) : null,
    startedAt: started,
    finishedAt: deps.now(),
  });
  let history: LedgerRecord[] = [];
  if (inputs.ledger) {
    const s3 = ledgerS3(inputs.ledger, deps);
    await appendLedgerRecord(
      inputs.ledger,
      ledgerRecordName(plan.record, started, runKey),
      record,
      s3,
      logger,
    );
    history = await readHistory(inputs.ledger, inputs.group, s3);
  }
  await finishDeployment(
    deps,
    inputs,
    deployment,
    error ? 'failure' : 'success',
    error ? errorMessage(error) : plan.description,
  );
  if (error) throw error;
  const status = plan.action === 'rollback' ? 'rolled-back' : 'promoted';
  return {
    outputs: { ...changed, status, history: JSON.stringify(history.slice(0, 20)) },
    summary: renderPromotion(plan, { status, note: plan.description, endpointConfig: configName }),
    result: record,
  };
}

/** `mlops promote-model --history`: the ledger of a group, newest first. */
export async function historyCommand(flags: Record<string, string>, deps: ActionDeps): Promise<ActionResult> {
  const ledger = flags.ledger;
  const group = flags['model-package-group'];
  if (!ledger || !group) throw new UserError('--history needs --ledger and --model-package-group.');
  const records = await readHistory(ledger, group, ledgerS3(ledger, deps));
  for (const r of records)
    deps.logger.info(
      `${r.finished_at}  ${r.action.padEnd(8)}  ${shortPackage(r.from)} -> ${shortPackage(r.to)}  ${r.actor ?? ''}  ${r.outcome}`,
    );
  return {
    outputs: { history: JSON.stringify(records) },
    summary: renderPromotionHistory(group, records),
    result: records,
  };
}
