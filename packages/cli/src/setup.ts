import type { Output, Stack } from '@aws-sdk/client-cloudformation';
import { awsClients, describeStack, resolveRegion } from '@mlops-actions/aws';
import { errorMessage, UserError } from '@mlops-actions/core';
import { parseFlags } from './flags.js';
import type { CliIo } from './io.js';

/**
 * Variables the example workflows read that no stack output gives: the user picks them. Each is printed as a
 * commented `gh variable set` line unless an output of the same name exists.
 */
const USER_CHOSEN = new Map([
  [
    'TRAINING_FRAMEWORK',
    {
      example: 'sklearn:1.2-1',
      why: "AWS's prebuilt training image for script mode (run-training framework); or set TRAINING_IMAGE",
    },
  ],
  [
    'TRAINING_IMAGE',
    {
      example: '<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>',
      why: 'a custom training container',
    },
  ],
  [
    'ENDPOINT_ALARMS',
    { example: '<alarm-name>,<alarm-name>', why: 'CloudWatch alarms that roll a promotion back (optional)' },
  ],
]);

/** The environments the example workflows run jobs in, each behind a required reviewer. */
const ENVIRONMENTS = new Map([
  ['infrastructure', "deploy-infra's apply job (the infrastructure role trusts only this environment)"],
  ['production', 'promote (the promotion role trusts only this environment)'],
]);

/** `MlBucket` → `ML_BUCKET`, `CfnServiceRoleArn` → `CFN_SERVICE_ROLE_ARN`; UPPER_SNAKE names stay as they are. */
function variableName(outputKey: string): string {
  return outputKey
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** A word for a POSIX shell: bare when it only has safe characters, else single-quoted with `'` escaped. */
function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A comment line from text that came from AWS: one line, no control characters. */
const comment = (text: string) => `# ${text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()}`;

/** GitHub's rule for variable names (letters, digits, underscores; not starting with a digit or GITHUB_). */
const VARIABLE_NAME = /^(?!GITHUB_)[A-Z_][A-Z0-9_]*$/;

/**
 * The shell script `mlops setup` prints: `gh variable set` for every stack output, the environments with a
 * required reviewer (`gh api`), and the user-chosen variables still to set, commented out.
 */
function setupCommands(stack: Stack, region: string, repo: string | undefined): string {
  const repoFlag = repo ? ` --repo ${shellQuote(repo)}` : '';
  const apiRepo = repo ?? '{owner}/{repo}'; // gh api fills {owner}/{repo} from the current directory's repository
  const lines = [
    `# Repository settings for the mlops-actions example workflows, from stack ${stack.StackName} (${region}).`,
    `# Stack status: ${stack.StackStatus}. Run these with the GitHub CLI (gh auth login) from the repository.`,
    '',
    '# Variables from the stack outputs',
  ];
  const produced = new Set<string>();
  const outputs: Output[] = [...(stack.Outputs ?? [])].sort((a, b) =>
    (a.OutputKey ?? '').localeCompare(b.OutputKey ?? ''),
  );
  for (const output of outputs) {
    const name = variableName(output.OutputKey ?? '');
    if (!VARIABLE_NAME.test(name)) {
      lines.push(comment(`Output ${output.OutputKey} is not a valid GitHub variable name: skipped.`));
      continue;
    }
    produced.add(name);
    if (output.Description) lines.push(comment(output.Description));
    lines.push(`gh variable set ${name} --body ${shellQuote(output.OutputValue ?? '')}${repoFlag}`);
  }
  if (!produced.has('AWS_REGION'))
    lines.push(
      comment('The region of the stack'),
      `gh variable set AWS_REGION --body ${shellQuote(region)}${repoFlag}`,
    );
  lines.push(
    '',
    '# Environments, each with a required reviewer: replace REVIEWER_LOGIN with the GitHub user who approves.',
    'REVIEWER_ID=$(gh api users/REVIEWER_LOGIN --jq .id)',
  );
  for (const [environment, why] of ENVIRONMENTS)
    lines.push(
      comment(why),
      `gh api --method PUT repos/${apiRepo}/environments/${environment} -f 'reviewers[][type]=User' -F "reviewers[][id]=$REVIEWER_ID"`,
    );
  const chosen = [...USER_CHOSEN].filter(([name]) => !produced.has(name));
  if (chosen.length) {
    lines.push('', '# Variables you choose (uncomment and edit what applies)');
    for (const [name, { example, why }] of chosen)
      lines.push(comment(why), `# gh variable set ${name} --body ${shellQuote(example)}${repoFlag}`);
  }
  return `${lines.join('\n')}\n`;
}

const HELP = `Usage: mlops setup --stack-name NAME [--region REGION] [--repo OWNER/REPO]

Reads the outputs of the CloudFormation stack made from examples/infrastructure/template.yaml and prints the
GitHub CLI commands that configure the repository: \`gh variable set\` for every output (OutputKey in
UPPER_SNAKE_CASE), \`gh api\` creating the infrastructure and production environments with a required reviewer,
and the variables left for you to choose. Credentials come from the standard AWS chain; AWS_ENDPOINT_URL* is
honoured. Nothing is changed: review the commands, then run them (e.g. \`mlops setup ... | bash\`).
`;

/** `mlops setup --stack-name NAME [--region R] [--repo OWNER/REPO]`: print the repository setup commands. */
export async function runSetup(io: CliIo, argv: string[]): Promise<number> {
  try {
    const flags = parseFlags(argv);
    if ('help' in flags) {
      io.stdout(HELP);
      return 0;
    }
    for (const name of Object.keys(flags))
      if (!['stack-name', 'region', 'repo'].includes(name))
        throw new UserError(`Unknown flag --${name} for setup.`, { hint: 'Run `mlops setup --help`.' });
    const stackName = flags['stack-name'];
    if (!stackName || stackName === 'true')
      throw new UserError(
        'Flag --stack-name is required: the infrastructure stack, e.g. --stack-name ml-infra.',
      );
    if (flags.repo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(flags.repo))
      throw new UserError(`Flag --repo: ${JSON.stringify(flags.repo)} is not OWNER/REPO.`);
    const region = resolveRegion(io.env, flags.region);
    const stack = await describeStack(awsClients.cloudformation(io.env, region), stackName);
    if (!stack)
      throw new UserError(`Stack ${stackName} does not exist in ${region}.`, {
        hint: 'Deploy examples/infrastructure/template.yaml first (examples/README.md, step 1), or pass --region.',
      });
    if (!stack.Outputs?.length)
      throw new UserError(`Stack ${stackName} (${stack.StackStatus}) has no outputs yet.`, {
        hint: 'Wait until it is CREATE_COMPLETE (aws cloudformation wait stack-create-complete).',
      });
    io.stdout(setupCommands(stack, region, flags.repo));
    return 0;
  } catch (error) {
    io.stderr(`error: ${errorMessage(error).replace(/[\r\n]+/g, ' ')}\n`);
    return 1;
  }
}
