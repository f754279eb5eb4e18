// Region handling without the SDK (`@mlops-actions/aws/region`): an action checks the region before the AWS SDK loads,
// so a missing or mistyped region is reported at start-up speed (issue 21).
import { UserError } from '@mlops-actions/core';

/** Region from the standard chain's variables, with a message that says how to set it. */
export function resolveRegion(env: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  const region = explicit || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new UserError('AWS region is not set.', {
      hint: 'Add aws-actions/configure-aws-credentials with `aws-region:` before this step, or set AWS_REGION.',
    });
  }
  if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/.test(region)) {
    throw new UserError(`Region is not valid: ${JSON.stringify(region)}.`, {
      hint: 'Use a region code like eu-west-1.',
    });
  }
  return region;
}
