import { runCommand } from './command.js';
import { runDemo } from './demo.js';
import { mainHelp } from './help.js';
import { type CliIo, processIo } from './io.js';
import { runSetup } from './setup.js';
import { CLI_VERSION } from './version.js';

/** Run `mlops ARGS...`: help, version, the demo, setup, or one action command. Returns the exit code. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(mainHelp());
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`${CLI_VERSION}\n`);
    return 0;
  }
  if (command === 'demo') return runDemo(io, rest);
  if (command === 'setup') return runSetup(io, rest);
  return runCommand(command, rest, io);
}
