import type { PlannedRecord } from './ledger.js';
import type { EvaluationVerdict } from './verdict.js';

/** Where a promotion runs from, for the approval description and the ledger. */
interface PromotionProvenance {
  actor: string | null;
  runUrl: string | null;
  reason: string | null;
  repository: string | null;
  runId: string | null;
  runAttempt: number | null;
  sha: string | null;
}

/** Everything a promotion decides on, read from the registry, the endpoint, the evaluation and the inputs. */
export interface PromotionFacts {
  group: string;
  /** model-package: previous (roll back to the model before the one in production). */
  rollback: boolean;
  target: 'endpoint' | 'registry-only';
  endpointName: string | null;
  deployment: string;
  /** The package to put in production, resolved from `model-package`. */
  candidate: { arn: string; version: number | null; approval: string };
  /** The package in production now (the endpoint's, or the newest Approved one for registry-only). */
  production: string | null;
  /** The endpoint as described now (undefined: it does not exist yet). */
  endpoint: { status: string; config: string } | undefined;
  evaluation: (EvaluationVerdict & { source: string }) | undefined;
  force: boolean;
  executionRoleArn: string | null;
  /** The names this attempt's model and endpoint config get (computed where hashing is available). */
  names: { model: string; endpointConfig: string };
  ledger: string | null;
  provenance: PromotionProvenance;
}

/** The endpoint part of a promotion: a model and a new endpoint config, and the endpoint pointed at it. */
interface PlannedRollout {
  endpoint: string;
  model: string;
  endpointConfig: string;
  /** True when the endpoint does not exist yet (created, not updated). */
  create: boolean;
  deployment: string;
}

/** What every plan states: which package, replacing which, where. */
interface PlanBase {
  action: 'promote' | 'rollback';
  group: string;
  target: 'endpoint' | 'registry-only';
  endpointName: string | null;
  deployment: string;
  candidate: PromotionFacts['candidate'];
  production: string | null;
  /** Said before acting (e.g. a promotion forced past the evaluation). */
  warnings: string[];
}

/** A promotion plan: nothing to do, refused (and why), or the changes it makes and the record it writes. */
export type PromotionPlan =
  | (PlanBase & { kind: 'unchanged'; note: string; endpointConfig: string })
  | (PlanBase & { kind: 'refused'; reason: string; hint: string | undefined })
  | (PlanBase & {
      kind: 'change';
      /** The approval description, deployment description and ledger note. */
      description: string;
      /** Approve the candidate; `previous` is recorded on it as the model it replaces. */
      approve: { arn: string; previous: string | null } | null;
      /** Reject this package (a registry-only rollback: the candidate becomes the newest approved). */
      reject: { arn: string; description: string } | null;
      rollout: PlannedRollout | null;
      ledger: string | null;
      record: PlannedRecord;
    });

/** Endpoint states in which another deployment holds the endpoint. */
const BUSY = new Set([
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'Deleting',
  'UpdateRollbackFailed',
]);

/** A model package ARN shortened to `<group>/<version>` for messages. */
export const shortPackage = (arn: string | null | undefined) =>
  arn ? arn.replace(/^.*model-package\//, '') : '–';

function base(f: PromotionFacts): PlanBase {
  return {
    action: f.rollback ? 'rollback' : 'promote',
    group: f.group,
    target: f.target,
    endpointName: f.endpointName,
    deployment: f.deployment,
    candidate: f.candidate,
    production: f.production,
    warnings: [],
  };
}

/** Plan a promotion or rollback: the evaluation gate, "already in production", busy endpoints, then the changes. */
export function planPromotion(f: PromotionFacts): PromotionPlan {
  const plan = base(f);
  const { candidate, production, evaluation } = f;
  if (evaluation && !f.rollback && evaluation.decision !== 'promote') {
    const scores = `${evaluation.metric}: challenger ${evaluation.challenger ?? 'n/a'} vs champion ${evaluation.champion ?? 'n/a'}`;
    if (!f.force)
      return {
        ...plan,
        kind: 'refused',
        reason: `Promotion refused: the evaluation (${evaluation.source}) decided "${evaluation.decision}" (${scores}).`,
        hint: 'Set force: true to promote anyway (recorded in the ledger), or train a better challenger.',
      };
    plan.warnings.push(
      `The evaluation decided "${evaluation.decision}" (${scores}); promoting anyway because force: true.`,
    );
  }
  const approved = candidate.approval === 'Approved';
  const inService = f.target === 'registry-only' || f.endpoint?.status === 'InService';
  if (production === candidate.arn && approved && inService)
    return {
      ...plan,
      kind: 'unchanged',
      note: `${shortPackage(candidate.arn)} is already in production${f.target === 'endpoint' ? ` on ${f.endpointName}` : ''}; nothing changed.`,
      endpointConfig: f.endpoint?.config ?? '',
    };
  if (f.endpoint && BUSY.has(f.endpoint.status))
    return {
      ...plan,
      kind: 'refused',
      reason: `Endpoint ${f.endpointName} is ${f.endpoint.status} (another deployment is in progress, on config ${f.endpoint.config}).`,
      hint: 'Wait until it is InService and re-run; use a `concurrency:` group so two promotions never overlap.',
    };
  if (f.target === 'endpoint' && !f.executionRoleArn)
    return {
      ...plan,
      kind: 'refused',
      reason:
        'Input "execution-role-arn" is required with target: endpoint (the role SageMaker assumes to run the model).',
      hint: undefined,
    };

  const p = f.provenance;
  const description = `${f.rollback ? 'Rolled back to' : 'Promoted'} by ${p.actor || 'someone'} in ${p.runUrl ?? 'a local run'}${p.reason ? `: ${p.reason}` : ''}`;
  const rollout: PlannedRollout | null =
    f.target === 'endpoint'
      ? {
          endpoint: f.endpointName!,
          model: f.names.model,
          endpointConfig: f.names.endpointConfig,
          create: !f.endpoint,
          deployment: f.deployment,
        }
      : null;
  return {
    ...plan,
    kind: 'change',
    description,
    approve:
      !f.rollback || !approved
        ? {
            arn: candidate.arn,
            previous: !f.rollback && production && production !== candidate.arn ? production : null,
          }
        : null,
    reject:
      f.target === 'registry-only' && f.rollback && production
        ? { arn: production, description: `${description} (rolled back from this model)` }
        : null,
    rollout,
    ledger: f.ledger,
    record: {
      schema_version: 1,
      kind: 'promotion',
      action: plan.action,
      model_package_group: f.group,
      target: f.target,
      endpoint: f.endpointName,
      from: production,
      to: candidate.arn,
      to_version: candidate.version,
      endpoint_config: rollout?.endpointConfig ?? null,
      model_name: rollout?.model ?? null,
      deployment: rollout ? f.deployment : null,
      evaluation: evaluation
        ? {
            decision: evaluation.decision,
            metric: evaluation.metric,
            champion: evaluation.champion,
            challenger: evaluation.challenger,
            forced: evaluation.decision !== 'promote' && f.force,
          }
        : null,
      reason: p.reason,
      actor: p.actor,
      run: {
        repository: p.repository,
        run_id: p.runId,
        run_attempt: p.runAttempt,
        run_url: p.runUrl,
        sha: p.sha,
      },
    },
  };
}
