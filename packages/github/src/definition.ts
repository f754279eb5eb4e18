/** One input as declared in action.yml. */
export interface InputSpec {
  description: string;
  /** Required inputs have no default; the parser fails when they are empty. */
  required?: boolean;
  /** Default as written in action.yml (may be an expression such as `${{ github.token }}`). */
  default?: string;
  /** Values that must never be printed (tokens). */
  secret?: boolean;
  /** The `mlops` CLI's default when it differs: '' for a file the action keeps for later steps, written only when asked. */
  cliDefault?: string;
}

/** One output as declared in action.yml. */
interface OutputSpec {
  description: string;
}

/** Everything action.yml says about an action, kept in code so the action, the CLI and the docs agree. */
export interface ActionDefinition {
  /** kebab-case folder and CLI command name, e.g. `evaluate-challenger`. */
  id: string;
  /** Display name in action.yml. */
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, InputSpec>;
  outputs: Record<string, OutputSpec>;
  /** Declares a `post:` step (cleanup after cancellation): dist/index.js again, which knows it is the post step. */
  post?: { if: string; description: string };
}

/** Identity function that keeps literal input names for type checking. */
export function defineAction<const D extends ActionDefinition>(definition: D): D {
  for (const name of [...Object.keys(definition.inputs), ...Object.keys(definition.outputs)]) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
      throw new Error(`${definition.id}: input/output name "${name}" is not kebab-case`);
    }
  }
  for (const [name, spec] of Object.entries(definition.inputs)) {
    if (spec.required && spec.default !== undefined) {
      throw new Error(`${definition.id}: required input "${name}" must not have a default`);
    }
  }
  return definition;
}

/** The GitHub token input shared by every action that talks to the GitHub API. */
export const githubTokenInput: InputSpec = {
  description:
    'Token for the GitHub API (comments, summaries, issues, deployments). The default job token is enough when the workflow grants the permissions listed in the README.',
  default: '${{ github.token }}',
  secret: true,
};
