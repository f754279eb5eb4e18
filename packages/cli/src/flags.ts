import { UserError } from '@mlops-actions/core';

/** Flags every command accepts besides its inputs. */
export const COMMON_FLAGS: Record<string, string> = {
  'output-json': 'Write the result object (JSON) to this file.',
  summary: 'Write the Markdown report (the job summary in an action) to this file.',
  help: 'Show this help.',
};

/** Parse `--name value` / `--name=value` / bare `--flag` (true). Repeated flags are an error. */
export function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--'))
      throw new UserError(`Unexpected argument ${JSON.stringify(arg)}: inputs are passed as --name value.`);
    let name = arg.slice(2);
    let value: string;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) {
      value = args[++i]!;
    } else {
      value = 'true';
    }
    if (name in flags) throw new UserError(`Flag --${name} was given twice.`);
    flags[name] = value;
  }
  return flags;
}
