import { mainHelp } from './cli.js';

/** `mlops demo`: the end-to-end local demo (its full version lands with the examples issue). */
export async function runDemo(io: { stdout: (t: string) => void }): Promise<number> {
  io.stdout(
    'mlops demo: the end-to-end loop (generate data, train champion and challenger locally, evaluate, drift report)\n' +
      'is not built yet. Each action is available as a command with the same inputs as its action.yml:\n\n',
  );
  io.stdout(mainHelp());
  return 0;
}
