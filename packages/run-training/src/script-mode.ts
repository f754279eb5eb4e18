import { UserError } from '@mlops-actions/core';

/** What SageMaker's script mode needs besides the user's hyperparameters. */
export interface ScriptModeSettings {
  /** The entry point, relative to the source directory (`train.py`). */
  program: string;
  /** Where the packaged source is: the s3:// URI of sourcedir.tar.gz (or a local path with backend local). */
  submitDirectory: string;
  region: string;
  jobName: string;
}

/** Hyperparameters the action sets itself; a user value for them would point the job at other code. */
const RESERVED = new Set(['sagemaker_program', 'sagemaker_submit_directory']);

/** The logging.INFO level the SageMaker Python SDK passes by default. */
const CONTAINER_LOG_LEVEL = 20;

/**
 * The script-mode hyperparameters, every value JSON-encoded as the SageMaker Python SDK sends them and the training
 * toolkit decodes them (`10` → "10", `purchased` → "\"purchased\""), with `sagemaker_program`,
 * `sagemaker_submit_directory`, `sagemaker_container_log_level`, `sagemaker_region` and `sagemaker_job_name` added.
 */
export function scriptModeHyperparameters(
  values: Map<string, unknown>,
  settings: ScriptModeSettings,
): Record<string, string> {
  const encoded: Record<string, string> = {};
  for (const [key, value] of values) {
    if (RESERVED.has(key))
      throw new UserError(`Hyperparameter "${key}" is set by run-training from source-dir and entry-point.`, {
        hint: 'Remove it from hyperparameters (and from job-config).',
      });
    encoded[key] = JSON.stringify(value ?? null);
  }
  return {
    ...encoded,
    sagemaker_program: JSON.stringify(settings.program),
    sagemaker_submit_directory: JSON.stringify(settings.submitDirectory),
    sagemaker_container_log_level: encoded.sagemaker_container_log_level ?? String(CONTAINER_LOG_LEVEL),
    sagemaker_region: JSON.stringify(settings.region),
    sagemaker_job_name: JSON.stringify(settings.jobName),
  };
}

/** Each value decoded from JSON, or kept as the string it is when it is not JSON (the training toolkit's rule). */
export function decodeHyperparameters(encoded: Record<string, string>): Map<string, unknown> {
  const decoded = new Map<string, unknown>();
  for (const [key, value] of Object.entries(encoded)) {
    try {
      decoded.set(key, JSON.parse(value));
    } catch {
      decoded.set(key, value);
    }
  }
  return decoded;
}

/** The user's hyperparameters (without the toolkit's `sagemaker_*` ones), as the script sees them. */
export function userHyperparameters(decoded: Map<string, unknown>): Map<string, unknown> {
  return new Map([...decoded].filter(([key]) => !key.startsWith('sagemaker_')));
}

/** A value as the toolkit prints it into an argument or an SM_HP_* variable: strings as they are, the rest as JSON. */
function toolkitString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False'; // Python's str(True), as the toolkit writes it
  return JSON.stringify(value);
}

/** The script's command-line arguments: `--key value` per hyperparameter, sorted by key, as the toolkit passes them. */
export function commandLineArguments(hyperparameters: Map<string, unknown>): string[] {
  return [...hyperparameters.keys()]
    .sort()
    .flatMap((key) => [key.length > 1 ? `--${key}` : `-${key}`, toolkitString(hyperparameters.get(key))]);
}

/** How the toolkit runs an entry point: a Python script with Python, a shell script with sh, anything else directly. */
export function entryPointCommand(program: string, python: string): { file: string; args: string[] } {
  if (program.endsWith('.py')) return { file: python, args: [program] };
  if (program.endsWith('.sh')) return { file: '/bin/sh', args: [program] };
  return { file: `./${program}`, args: [] };
}
