/**
 * A small in-memory SageMaker (Model Registry, models, endpoint configs, endpoints) with the semantics promote-model
 * depends on: ListModelPackages sorts ascending unless SortOrder is Descending, endpoint configs cannot be created
 * twice, updates go through Updating (and can be rolled back by "SageMaker"), errors carry the AWS error names.
 * Its `handlers` serve both aws-sdk-client-mock (`callsFake`) in unit tests and FakeAwsJson in harness tests.
 */
import * as sagemaker from '@aws-sdk/client-sagemaker';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Input = Record<string, any>;

/** Answer every operation in `handlers` (a world's) from the aws-sdk-client-mock stub of the SageMaker client. */
export function answerFromWorld(
  sm: AwsClientStub<sagemaker.SageMakerClient>,
  handlers: Record<string, (input: Input) => unknown>,
): void {
  for (const [op, handler] of Object.entries(handlers)) {
    const command = (
      sagemaker as unknown as Record<string, new (input: never) => sagemaker.ServiceInputTypes>
    )[`${op}Command`]!;
    sm.on(command as never).callsFake((async (input: never) => handler(input)) as never);
  }
}

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

const fault = (name: string, message: string) => Object.assign(new Error(message), { name });

interface Package {
  arn: string;
  group: string;
  version: number;
  approval: 'Approved' | 'PendingManualApproval' | 'Rejected';
  description?: string;
  metadata: Record<string, string>;
  /** InferenceSpecification as registered (its containers' ModelDataUrl is what a model serves). */
  spec?: Input;
  created: number;
}

interface Endpoint {
  config: string;
  status: string;
  pending?: string;
  polls: number;
  failureReason?: string;
}

export class SageMakerWorld {
  readonly packages: Package[] = [];
  readonly models = new Map<string, Input>();
  readonly configs = new Map<string, Input>();
  readonly endpoints = new Map<string, Endpoint>();
  /** Describe calls an endpoint stays Creating/Updating. */
  pollsToSettle = 2;
  /** When set, the next update is rolled back by SageMaker with this reason. */
  failNextUpdate: string | undefined;

  addPackage(
    group: string,
    approval: Package['approval'],
    metadata: Record<string, string> = {},
    spec?: Input,
  ): string {
    this.groups.add(group);
    const version = this.packages.filter((p) => p.group === group).length + 1;
    const arn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/${group}/${version}`;
    this.packages.push({ arn, group, version, approval, metadata, spec, created: this.packages.length });
    return arn;
  }

  pkg(arn: string): Package {
    const p = this.packages.find((x) => x.arn === arn);
    if (!p) throw fault('ValidationException', `ModelPackage ${arn} does not exist.`);
    return p;
  }

  /** Put `arn` in production on `endpoint` as a promotion would have (model + config + InService). */
  serve(endpoint: string, arn: string, configName = `${endpoint}-initial`): void {
    const p = this.pkg(arn);
    const model = `${p.group}-v${p.version}`;
    this.models.set(model, { ModelName: model, PrimaryContainer: { ModelPackageName: arn } });
    this.configs.set(configName, {
      EndpointConfigName: configName,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: model }],
    });
    this.endpoints.set(endpoint, { config: configName, status: 'InService', polls: 0 });
  }

  readonly groups = new Set<string>();
  private readonly tokens = new Map<string, string>();

  readonly handlers: Record<string, (input: Input) => unknown> = {
    DescribeModelPackageGroup: (i) => {
      if (!this.groups.has(i.ModelPackageGroupName))
        throw fault('ValidationException', `ModelPackageGroup ${i.ModelPackageGroupName} does not exist.`);
      return { ModelPackageGroupName: i.ModelPackageGroupName, ModelPackageGroupStatus: 'Completed' };
    },
    CreateModelPackageGroup: (i) => {
      if (this.groups.has(i.ModelPackageGroupName))
        throw fault('ResourceInUse', `ModelPackageGroup ${i.ModelPackageGroupName} already exists.`);
      this.groups.add(i.ModelPackageGroupName);
      return {
        ModelPackageGroupArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package-group/${i.ModelPackageGroupName}`,
      };
    },
    CreateModelPackage: (i) => {
      const known = i.ClientToken && this.tokens.get(i.ClientToken);
      if (known) return { ModelPackageArn: known }; // idempotent retry
      const arn = this.addPackage(
        i.ModelPackageGroupName,
        i.ModelApprovalStatus ?? 'PendingManualApproval',
        i.CustomerMetadataProperties ?? {},
        i.InferenceSpecification,
      );
      if (i.ClientToken) this.tokens.set(i.ClientToken, arn);
      return { ModelPackageArn: arn };
    },
    ListModelPackages: (i) => {
      const list = this.packages
        .filter(
          (p) =>
            p.group === i.ModelPackageGroupName &&
            (!i.ModelApprovalStatus || p.approval === i.ModelApprovalStatus),
        )
        .sort((a, b) => (i.SortOrder === 'Descending' ? b.created - a.created : a.created - b.created))
        .slice(0, i.MaxResults ?? 10);
      return {
        ModelPackageSummaryList: list.map((p) => ({
          ModelPackageArn: p.arn,
          ModelPackageGroupName: p.group,
          ModelPackageVersion: p.version,
          ModelApprovalStatus: p.approval,
          ModelPackageStatus: 'Completed',
        })),
      };
    },
    DescribeModelPackage: (i) => {
      const p = this.pkg(i.ModelPackageName);
      return {
        ModelPackageArn: p.arn,
        ModelPackageName: p.group,
        ModelPackageGroupName: p.group,
        ModelPackageVersion: p.version,
        ModelApprovalStatus: p.approval,
        ModelPackageStatus: 'Completed',
        ApprovalDescription: p.description,
        CustomerMetadataProperties: { ...p.metadata },
        ...(p.spec ? { InferenceSpecification: p.spec } : {}),
      };
    },
    UpdateModelPackage: (i) => {
      const p = this.pkg(i.ModelPackageArn);
      if (i.ModelApprovalStatus) p.approval = i.ModelApprovalStatus;
      if (i.ApprovalDescription) p.description = i.ApprovalDescription;
      Object.assign(p.metadata, i.CustomerMetadataProperties ?? {});
      return { ModelPackageArn: p.arn };
    },
    DescribeModel: (i) => {
      const m = this.models.get(i.ModelName);
      if (!m) throw fault('ValidationException', `Could not find model "${i.ModelName}".`);
      return m;
    },
    CreateModel: (i) => {
      if (this.models.has(i.ModelName))
        throw fault('ValidationException', `Cannot create already existing model "${i.ModelName}".`);
      const p = this.pkg(i.PrimaryContainer.ModelPackageName);
      if (p.approval !== 'Approved')
        throw fault('ValidationException', `Model package ${p.arn} is not approved.`);
      this.models.set(i.ModelName, i);
      return { ModelArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${i.ModelName.toLowerCase()}` };
    },
    DescribeEndpointConfig: (i) => {
      const c = this.configs.get(i.EndpointConfigName);
      if (!c)
        throw fault(
          'ValidationException',
          `Could not find endpoint configuration "${i.EndpointConfigName}".`,
        );
      return c;
    },
    CreateEndpointConfig: (i) => {
      if (this.configs.has(i.EndpointConfigName))
        throw fault(
          'ValidationException',
          `Cannot create already existing endpoint configuration "${i.EndpointConfigName}".`,
        );
      this.configs.set(i.EndpointConfigName, i);
      return {
        EndpointConfigArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint-config/${i.EndpointConfigName.toLowerCase()}`,
      };
    },
    DescribeEndpoint: (i) => {
      const e = this.endpoints.get(i.EndpointName);
      if (!e) throw fault('ValidationException', `Could not find endpoint "${i.EndpointName}".`);
      if (e.pending && ++e.polls > this.pollsToSettle) {
        if (e.status === 'Updating' && this.failNextUpdate) {
          e.failureReason = this.failNextUpdate;
          this.failNextUpdate = undefined;
        } else e.config = e.pending;
        e.pending = undefined;
        e.status = 'InService';
      }
      return {
        EndpointName: i.EndpointName,
        EndpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${i.EndpointName.toLowerCase()}`,
        EndpointConfigName: e.config,
        EndpointStatus: e.status,
        ...(e.failureReason ? { FailureReason: e.failureReason } : {}),
      };
    },
    CreateEndpoint: (i) => {
      if (this.endpoints.has(i.EndpointName))
        throw fault('ValidationException', `Cannot create already existing endpoint "${i.EndpointName}".`);
      if (!this.configs.has(i.EndpointConfigName))
        throw fault(
          'ValidationException',
          `Could not find endpoint configuration "${i.EndpointConfigName}".`,
        );
      this.endpoints.set(i.EndpointName, {
        config: i.EndpointConfigName,
        status: 'Creating',
        pending: i.EndpointConfigName,
        polls: 0,
      });
      return {
        EndpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${i.EndpointName.toLowerCase()}`,
      };
    },
    UpdateEndpoint: (i) => {
      const e = this.endpoints.get(i.EndpointName);
      if (!e) throw fault('ValidationException', `Could not find endpoint "${i.EndpointName}".`);
      if (e.status !== 'InService')
        throw fault('ValidationException', `Cannot update in-progress endpoint "${i.EndpointName}".`);
      Object.assign(e, {
        status: 'Updating',
        pending: i.EndpointConfigName,
        polls: 0,
        failureReason: undefined,
      });
      return {
        EndpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/${i.EndpointName.toLowerCase()}`,
      };
    },
  };
}
