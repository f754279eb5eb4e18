import { resolveRegion } from '@mlops-actions/aws';
import { errorMessage } from '@mlops-actions/core';
import type { ActionDeps } from '@mlops-actions/github';
import type { PromoteInputs } from './inputs.js';

/** Open a GitHub deployment for the promotion (in_progress); undefined, with a warning, when it cannot. */
export async function startDeployment(
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

/** Close the GitHub deployment with the outcome, linking the endpoint in the SageMaker console. */
export async function finishDeployment(
  deps: ActionDeps,
  inputs: PromoteInputs,
  id: number | undefined,
  state: 'success' | 'failure',
  description: string,
): Promise<void> {
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
