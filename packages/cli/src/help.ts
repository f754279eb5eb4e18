import type { ActionModule } from '@mlops-actions/github';
import { COMMON_FLAGS } from './flags.js';
import { actions } from './registry.js';

/** The help text of one command, generated from the action's definition. */
export function commandHelp(module: ActionModule<unknown>): string {
  const d = module.definition;
  const rows: string[] = [];
  const width =
    Math.max(
      ...Object.keys({ ...d.inputs, ...COMMON_FLAGS, ...(module.cli?.flags ?? {}) }).map((n) => n.length),
    ) + 4;
  for (const [name, spec] of Object.entries(d.inputs)) {
    // The CLI's own default where it has one (e.g. no result file unless asked for).
    const value = spec.cliDefault ?? spec.default;
    const extra = spec.required ? ' (required)' : value ? ` (default: ${value})` : '';
    rows.push(`  --${name.padEnd(width)}${spec.description}${extra}`);
  }
  const common = Object.entries({ ...(module.cli?.flags ?? {}), ...COMMON_FLAGS }).map(
    ([name, text]) => `  --${name.padEnd(width)}${text}`,
  );
  return `Usage: mlops ${d.id} [--<input> VALUE ...]\n\n${d.description}\n\nInputs (same names as action.yml):\n${rows.join('\n')}\n\nOptions:\n${common.join('\n')}\n`;
}

/** Top-level help. */
export function mainHelp(extraCommands: Record<string, string> = {}): string {
  const lines = Object.values(actions).map(
    (m) => `  ${m.definition.id.padEnd(22)}${m.definition.description}`,
  );
  for (const [name, text] of Object.entries(extraCommands)) lines.push(`  ${name.padEnd(22)}${text}`);
  lines.push(`  ${'demo'.padEnd(22)}Run the whole chain locally on generated data (no AWS account needed).`);
  lines.push(
    `  ${'setup'.padEnd(22)}Print the gh commands that set the repository variables and environments from the infrastructure stack's outputs.`,
  );
  return `Usage: mlops <command> [--<input> VALUE ...]\n       mlops --version\n\nRuns the same logic as the GitHub Actions, locally. Paths are relative to the current directory.\n\nCommands:\n${lines.join('\n')}\n\nRun \`mlops <command> --help\` for the inputs of a command.\n`;
}
