/** A metric as SageMaker reports it (FinalMetricDataList) and the local backend parses it from the logs. */
type Metric = { MetricName?: string; Value?: number; Timestamp?: Date | string };

/** What a finished training job (either backend) left: where its archives are, its metrics and times. */
export interface TrainingOutcome {
  status: string;
  arn: string;
  artifact: string;
  outputArchive: string;
  metrics: Metric[];
  seconds: number | undefined;
  billable: number | undefined;
  /** The training image, the default inference image for registration. */
  image: string | undefined;
  /** Script mode: the variables a serving container needs to find the code, set on the registered model. */
  servingEnvironment?: Record<string, string>;
  /** Why the job counts as failed (Failed, or Stopped without allow-stopped). */
  failure: string | undefined;
}

/** A job started without waiting for it (`wait: false`): only its name, ARN and status are known. */
export interface StartedJob {
  notWaited: true;
  arn: string;
  status: string;
}
