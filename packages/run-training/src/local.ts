import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { UserError } from '@mlops-actions/core';
import { type Logger, logProgress } from '@mlops-actions/github';
import { create, extract } from 'tar';
import { downloadChannel } from './local-channels.js';
import { silenceHeartbeat } from './local-heartbeat.js';
import { type Launch, runProcess } from './local-process.js';
import {
  commandLineArguments,
  decodeHyperparameters,
  entryPointCommand,
  userHyperparameters,
} from './script-mode.js';
import type { SourcePackage } from './source-dir.js';

/** What a local run produced, shaped like a finished SageMaker job. */
export interface LocalRun {
  root: string;
  modelArchive: string;
  outputArchive: string;
  outputDataDir: string;
  seconds: number;
  metrics: { MetricName: string; Value: number }[];
}

/** Environment variable suffix SageMaker uses for a channel or hyperparameter name. */
const envName = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** tar.gz of a directory's contents (entries relative to it, like SageMaker's model.tar.gz). */
async function archiveDir(dir: string, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const entries = await readdir(dir);
  const tmp = `${file}.tmp-${process.pid}`;
  // tar refuses an empty list; SageMaker still writes an (empty) archive when the script wrote nothing there.
  if (entries.length) await create({ gzip: true, file: tmp, cwd: dir, portable: true }, entries);
  else await writeFile(tmp, gzipSync(Buffer.alloc(1024)));
  await rename(tmp, file);
}

/**
 * What a local run executes: a shell command (input `command`, or a legacy `entry-point` without `source-dir`), or
 * a script-mode entry point inside the packaged source directory, unpacked where SageMaker puts it (/opt/ml/code).
 */
export type LocalProgram =
  | { kind: 'command'; command: string }
  | { kind: 'script'; source: SourcePackage; program: string; python: string; command: string | undefined };

/** What a local run needs. */
export interface LocalOptions {
  program: LocalProgram;
  /** hyperparameters.json as SageMaker writes it (JSON-encoded values in script mode). */
  jobName: string;
  hyperparameters: Record<string, string>;
  channels: Record<string, string>;
  environment: Record<string, string>;
  /** Where `<job>/output/{model,output}.tar.gz` go; undefined: inside the temporary directory, for `publish`. */
  outputDir: string | undefined;
  /** Called with the archives before the temporary directory is removed (e.g. to upload them). */
  publish?: (run: LocalRun) => Promise<void>;
  /** Keep the temporary `$TMPDIR/<job>-*` directory (input: keep-temp) instead of removing it. */
  keepTemp: boolean;
  metricDefinitions: Record<string, string> | undefined;
  s3: () => S3Client;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

/**
 * Run the program with SageMaker's training contract, in a fresh /opt/ml-style tree under a temp dir:
 * input/config/{hyperparameters,inputdataconfig,resourceconfig}.json, input/data/<channel>/, model/, output/data/,
 * output/failure; SM_* variables as the SageMaker training toolkit sets them. The temp dir is removed afterwards
 * unless `keepTemp`; on failure its path is logged so a re-run with keep-temp can be inspected.
 */
export async function runLocal(options: LocalOptions): Promise<LocalRun> {
  const { logger } = options;
  const root = await mkdtemp(join(tmpdir(), `${options.jobName}-`));
  try {
    const run = await runIn(root, options);
    await options.publish?.(run);
    return run;
  } catch (error) {
    logger.warning(
      options.keepTemp
        ? `The local training run did not complete; its directory is kept for inspection: ${root}`
        : `The local training run did not complete; its directory ${root} was removed (set keep-temp: true, or --keep-temp, to keep it for inspection).`,
    );
    throw error;
  } finally {
    if (options.keepTemp) logger.info(`Kept the training directory ${root} (keep-temp).`);
    else await rm(root, { recursive: true, force: true });
  }
}

/**
 * Unpack the packaged source (the same bytes SageMaker would download) into `dir` (/opt/ml/code) and say how the
 * toolkit would start it: the entry point with `--name value` per hyperparameter, from the code directory; or the
 * user's `command` from the workspace.
 */
async function unpackSource(
  program: Extract<LocalProgram, { kind: 'script' }>,
  dir: string,
  hyperparameters: Map<string, unknown>,
): Promise<{ dir: string; program: string; args: string[]; launch: Launch }> {
  const archive = join(dirname(dir), 'sourcedir.tar.gz');
  await writeFile(archive, program.source.bytes);
  await extract({ file: archive, cwd: dir });
  const args = commandLineArguments(hyperparameters);
  if (program.command)
    return { dir, program: program.program, args, launch: { command: program.command, cwd: process.cwd() } };
  const start = entryPointCommand(program.program, program.python);
  return {
    dir,
    program: program.program,
    args,
    launch: { file: start.file, args: [...start.args, ...args], cwd: dir },
  };
}

async function runIn(root: string, options: LocalOptions): Promise<LocalRun> {
  const { logger } = options;
  const ml = (...p: string[]) => join(root, ...p);
  for (const d of ['input/config', 'input/data', 'model', 'output/data', 'code'])
    await mkdir(ml(d), { recursive: true });
  const channelEnv: Record<string, string> = {};
  const inputConfig: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(options.channels)) {
    const dir = ml('input/data', name);
    await mkdir(dir, { recursive: true });
    if (source.startsWith('s3://')) {
      const n = await downloadChannel(
        options.s3(),
        source,
        dir,
        logProgress(options, `Downloading channel ${name} from ${source}`, 'objects'),
      );
      logger.info(`Channel ${name}: downloaded ${n} object(s) from ${source}`);
    } else {
      const from = resolve(source);
      const info = await stat(from).catch(() => undefined);
      if (!info) throw new UserError(`Channel "${name}": ${source} does not exist.`);
      await cp(from, info.isDirectory() ? dir : join(dir, from.split('/').pop()!), { recursive: true });
      logger.info(`Channel ${name}: ${source}`);
    }
    channelEnv[`SM_CHANNEL_${envName(name)}`] = dir;
    inputConfig[name] = {
      TrainingInputMode: 'File',
      S3DistributionType: 'FullyReplicated',
      RecordWrapperType: 'None',
    };
  }
  await writeFile(ml('input/config/hyperparameters.json'), JSON.stringify(options.hyperparameters));
  await writeFile(ml('input/config/inputdataconfig.json'), JSON.stringify(inputConfig));
  await writeFile(
    ml('input/config/resourceconfig.json'),
    JSON.stringify({ current_host: 'algo-1', hosts: ['algo-1'], network_interface_name: 'eth0' }),
  );
  const { program } = options;
  // Script mode: the toolkit decodes each value and hands the script only the user's hyperparameters.
  const hps =
    program.kind === 'script'
      ? userHyperparameters(decodeHyperparameters(options.hyperparameters))
      : new Map(Object.entries(options.hyperparameters));
  const hpsJson = JSON.stringify(Object.fromEntries(hps));
  const hpEnv = Object.fromEntries(
    [...hps].map(([k, v]) => [`SM_HP_${envName(k)}`, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  const script = program.kind === 'script' ? await unpackSource(program, ml('code'), hps) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    ...options.environment,
    SM_MODEL_DIR: ml('model'),
    SM_OUTPUT_DIR: ml('output'),
    SM_OUTPUT_DATA_DIR: ml('output/data'),
    SM_OUTPUT_INTERMEDIATE_DIR: ml('output/intermediate'),
    SM_INPUT_DIR: ml('input'),
    SM_INPUT_CONFIG_DIR: ml('input/config'),
    SM_INPUT_DATA_DIR: ml('input/data'),
    SM_CHANNELS: JSON.stringify(Object.keys(options.channels).sort()),
    SM_HPS: hpsJson,
    SM_CURRENT_HOST: 'algo-1',
    SM_HOSTS: JSON.stringify(['algo-1']),
    SM_NETWORK_INTERFACE_NAME: 'eth0',
    SM_NUM_GPUS: '0',
    SM_NUM_CPUS: String(availableParallelism()),
    SM_TRAINING_ENV: JSON.stringify({
      job_name: options.jobName,
      hyperparameters: JSON.parse(hpsJson),
      channel_input_dirs: channelEnv,
      ...(script ? { module_dir: script.dir, user_entry_point: script.program } : {}),
    }),
    TRAINING_JOB_NAME: options.jobName,
    ...(script
      ? {
          SM_MODULE_DIR: script.dir,
          SM_MODULE_NAME: script.program.replace(/\.py$/, ''),
          SM_USER_ENTRY_POINT: script.program,
          SM_USER_ARGS: JSON.stringify(script.args),
          SM_LOG_LEVEL: '20',
          SM_FRAMEWORK_PARAMS: '{}',
        }
      : {}),
    ...channelEnv,
    ...hpEnv,
  };
  const started = options.now().getTime();
  const launch = script?.launch ?? { command: (program as { command: string }).command, cwd: process.cwd() };
  const shown = 'command' in launch ? launch.command : [launch.file, ...launch.args].join(' ');
  logger.info(`Running \`${shown}\` with the SageMaker training contract in ${root}`);
  const heartbeat = silenceHeartbeat(options);
  const { code, metrics } = await runProcess(
    launch,
    env,
    shown,
    logger,
    options.metricDefinitions,
    heartbeat,
  ).finally(() => heartbeat.stop());
  const seconds = Math.round((options.now().getTime() - started) / 1000);
  if (code !== 0) {
    const failure = (await readFile(ml('output/failure'), 'utf8').catch(() => '')).trim();
    throw new UserError(
      `Training command \`${shown}\` exited with code ${code}${failure ? `: ${failure.split('\n')[0]}` : ''}.`,
      {
        hint: 'Its output is above; /opt/ml/output/failure (SM_OUTPUT_DIR/failure) is shown when the script writes one.',
      },
    );
  }
  const jobDir = join(
    options.outputDir ? resolve(options.outputDir) : ml('archives'),
    options.jobName,
    'output',
  );
  const modelArchive = join(jobDir, 'model.tar.gz');
  const outputArchive = join(jobDir, 'output.tar.gz');
  await archiveDir(ml('model'), modelArchive);
  await archiveDir(ml('output/data'), outputArchive);
  logger.info(`Model archive: ${relative(process.cwd(), modelArchive) || modelArchive}`);
  await rm(ml('input/data'), { recursive: true, force: true });
  return {
    root,
    modelArchive,
    outputArchive,
    outputDataDir: ml('output/data'),
    seconds,
    metrics: [...metrics].map(([MetricName, Value]) => ({ MetricName, Value })),
  };
}
