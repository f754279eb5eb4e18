// AWS's prebuilt SageMaker training images, for run-training's `framework` input.
//
// Source: the registry accounts and repositories of the SageMaker Python SDK's published image tables
// (github.com/aws/sagemaker-python-sdk, src/sagemaker/image_uri_config/{sklearn,xgboost,pytorch,tensorflow}.json) and
// the Deep Learning Containers region table (github.com/aws/deep-learning-containers, available_images.md); tags as
// the SDK forms them (`<version>-<cpu|gpu>-<py>`, XGBoost from 1.2-1 just `<version>`). Read on 2026-11-30.
// To add a version: add its tags below, check the account of each region against those two tables, and a test.
import { UserError } from '@mlops-actions/core';

/**
 * Accounts of the images AWS builds for its first-party algorithms and the scikit-learn / XGBoost framework
 * containers (`sagemaker-scikit-learn`, `sagemaker-xgboost`), by region.
 */
const FIRST_PARTY = new Map([
  ['us-east-1', '683313688378'],
  ['us-east-2', '257758044811'],
  ['us-west-1', '746614075791'],
  ['us-west-2', '246618743249'],
  ['ca-central-1', '341280168497'],
  ['sa-east-1', '737474898029'],
  ['eu-west-1', '141502667606'],
  ['eu-west-2', '764974769150'],
  ['eu-west-3', '659782779980'],
  ['eu-central-1', '492215442770'],
  ['eu-north-1', '662702820516'],
  ['eu-south-1', '978288397137'],
  ['af-south-1', '510948584623'],
  ['me-south-1', '801668240914'],
  ['ap-east-1', '651117190479'],
  ['ap-south-1', '720646828776'],
  ['ap-northeast-1', '354813040037'],
  ['ap-northeast-2', '366743142698'],
  ['ap-northeast-3', '867004704886'],
  ['ap-southeast-1', '121021644041'],
  ['ap-southeast-2', '783357654285'],
  ['cn-north-1', '450853457545'],
  ['cn-northwest-1', '451049120500'],
]);

/** Accounts of the AWS Deep Learning Containers (`pytorch-training`, `tensorflow-training`), by region. */
const DEEP_LEARNING = new Map([
  ...[
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'ca-central-1',
    'sa-east-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-central-1',
    'eu-north-1',
    'ap-south-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-southeast-1',
    'ap-southeast-2',
  ].map((region) => [region, '763104351884'] as const),
  ['eu-south-1', '692866216735'],
  ['af-south-1', '626614931356'],
  ['me-south-1', '217643126080'],
  ['ap-east-1', '871362719292'],
  ['ap-northeast-3', '364406365360'],
  ['cn-north-1', '727897471807'],
  ['cn-northwest-1', '727897471807'],
]);

type Processor = 'cpu' | 'gpu';

interface FrameworkVersion {
  /** The image tag per processor; a framework without GPU images has only `cpu`. */
  tags: Partial<Record<Processor, string>>;
  /** Whether the same image serves the model (the default inference image when registering). */
  serves: boolean;
}

interface Framework {
  repository: string;
  registries: Map<string, string>;
  /** Keyed by the version users write (`1.2-1`, `2.3`); full versions (`2.3.0`) are accepted as aliases. */
  versions: Map<string, FrameworkVersion & { full?: string }>;
}

const cpuOnly = (tag: string): FrameworkVersion => ({ tags: { cpu: tag }, serves: true });
const sameForBoth = (tag: string): FrameworkVersion => ({ tags: { cpu: tag, gpu: tag }, serves: true });
const deepLearning = (full: string, py: string) => ({
  full,
  tags: { cpu: `${full}-cpu-${py}`, gpu: `${full}-gpu-${py}` },
  // The training image is not an inference image: registering needs `inference-image`.
  serves: false,
});

const FRAMEWORKS = new Map<string, Framework>([
  [
    'sklearn',
    {
      repository: 'sagemaker-scikit-learn',
      registries: FIRST_PARTY,
      versions: new Map([
        ['1.0-1', cpuOnly('1.0-1-cpu-py3')],
        ['1.2-1', cpuOnly('1.2-1-cpu-py3')],
      ]),
    },
  ],
  [
    'xgboost',
    {
      repository: 'sagemaker-xgboost',
      registries: FIRST_PARTY,
      versions: new Map([
        ['1.5-1', sameForBoth('1.5-1')],
        ['1.7-1', sameForBoth('1.7-1')],
      ]),
    },
  ],
  [
    'pytorch',
    {
      repository: 'pytorch-training',
      registries: DEEP_LEARNING,
      versions: new Map([
        ['2.1', deepLearning('2.1.0', 'py310')],
        ['2.2', deepLearning('2.2.0', 'py310')],
        ['2.3', deepLearning('2.3.0', 'py311')],
      ]),
    },
  ],
  [
    'tensorflow',
    {
      repository: 'tensorflow-training',
      registries: DEEP_LEARNING,
      versions: new Map([
        ['2.14', deepLearning('2.14.1', 'py310')],
        ['2.16', deepLearning('2.16.2', 'py310')],
      ]),
    },
  ],
]);

const ALIASES = new Map([['scikit-learn', 'sklearn']]);

/** A resolved prebuilt image: its URI, and whether the same image can serve the trained model. */
export interface FrameworkImage {
  uri: string;
  serves: boolean;
}

const known = () =>
  [...FRAMEWORKS].map(([name, f]) => `${name}:${[...f.versions.keys()].join('|')}`).join(', ');

/** GPU instance families (ml.p*, ml.g*) get the GPU image when the framework has one, as the SageMaker SDK does. */
const processorOf = (instanceType: string | undefined): Processor =>
  /^ml\.(p|g)\d/.test(instanceType ?? '') ? 'gpu' : 'cpu';

/**
 * The prebuilt training image for `framework` (`sklearn:1.2-1`, `xgboost:1.7-1`, `pytorch:2.3`, or a full tag such
 * as `sklearn:1.2-1-cpu-py3` / `pytorch:2.3.0-gpu-py311`) in `region`; the processor follows the tag, else the
 * instance type. Unknown names, versions or regions are a UserError listing what the table holds.
 */
export function resolveFrameworkImage(
  framework: string,
  region: string,
  instanceType: string | undefined,
): FrameworkImage {
  const [rawName = '', ...rest] = framework.trim().split(':');
  const requested = rest.join(':');
  const name = ALIASES.get(rawName.toLowerCase()) ?? rawName.toLowerCase();
  const spec = FRAMEWORKS.get(name);
  if (!spec || !requested)
    throw new UserError(`Input "framework": ${JSON.stringify(framework)} is not a known framework:version.`, {
      hint: `Known: ${known()} (or a full tag such as sklearn:1.2-1-cpu-py3). For another image, set "image" instead.`,
    });
  let match: { version: FrameworkVersion; processor?: Processor } | undefined;
  for (const [key, version] of spec.versions) {
    if (requested === key || requested === version.full) match = { version };
    for (const [processor, tag] of Object.entries(version.tags))
      if (requested === tag) match = { version, processor: processor as Processor };
  }
  if (!match)
    throw new UserError(
      `Input "framework": ${name} has no version ${JSON.stringify(requested)} in the table.`,
      {
        hint: `Known ${name} versions: ${[...spec.versions.keys()].join(', ')}. Set "image" for another version.`,
      },
    );
  const account = spec.registries.get(region);
  if (!account)
    throw new UserError(`Input "framework": no ${name} image is listed for region ${region}.`, {
      hint: `Regions in the table: ${[...spec.registries.keys()].join(', ')}. Set "image" to an image your region has.`,
    });
  const processor = match.processor ?? processorOf(instanceType);
  const tag = match.version.tags[processor] ?? match.version.tags.cpu!;
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return {
    uri: `${account}.dkr.ecr.${region}.${domain}/${spec.repository}:${tag}`,
    serves: match.version.serves,
  };
}
