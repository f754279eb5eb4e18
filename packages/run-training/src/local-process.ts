// The training process of a local run: started as the SageMaker training toolkit starts it, its output forwarded to
// the log line by line, and metric definitions matched on each line as CloudWatch would.
import { spawn } from 'node:child_process';
import { UserError } from '@mlops-actions/core';
import type { Logger } from '@mlops-actions/github';

/** How the program starts: a shell line the user wrote, or a file with arguments (no shell). */
export type Launch = { command: string; cwd: string } | { file: string; args: string[]; cwd: string };

function matchMetrics(
  line: string,
  definitions: Record<string, string> | undefined,
  into: Map<string, number>,
) {
  if (!definitions) return;
  for (const [name, regex] of Object.entries(definitions)) {
    const m = new RegExp(regex).exec(line);
    const value = m ? Number(m[1] ?? m[0]) : Number.NaN;
    if (Number.isFinite(value)) into.set(name, value);
  }
}

/** Run `launch` with `env` to its end: its exit code (128 when killed by a signal) and the last value per metric. */
export async function runProcess(
  launch: Launch,
  env: NodeJS.ProcessEnv,
  shown: string,
  logger: Logger,
  metricDefinitions: Record<string, string> | undefined,
  heartbeat?: { line(): void },
): Promise<{ code: number; metrics: Map<string, number> }> {
  const metrics = new Map<string, number>();
  const code = await new Promise<number>((resolvePromise, reject) => {
    // A command is a shell line the user wrote; a script-mode entry point is run without a shell, as the toolkit does.
    const child =
      'command' in launch
        ? spawn(launch.command, { shell: true, cwd: launch.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(launch.file, launch.args, { cwd: launch.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (stream: NodeJS.ReadableStream) => {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          logger.info(line);
          heartbeat?.line();
          matchMetrics(line, metricDefinitions, metrics);
        }
      });
      stream.on('end', () => {
        if (buffered) {
          logger.info(buffered);
          matchMetrics(buffered, metricDefinitions, metrics);
        }
      });
    };
    forward(child.stdout!);
    forward(child.stderr!);
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT' || error.code === 'EACCES'
          ? new UserError(`Could not start \`${shown}\`: ${error.code}.`, {
              hint: 'A Python entry point runs with python3 (or MLOPS_PYTHON); any other must be executable (chmod +x, committed with its mode).',
            })
          : error,
      ),
    );
    child.on('close', (c, signal) => resolvePromise(c ?? (signal ? 128 : 1)));
  });
  return { code, metrics };
}
