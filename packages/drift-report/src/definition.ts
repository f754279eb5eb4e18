import { athenaInputs, cdcInputs, defineAction, githubTokenInput } from '@mlops-actions/github';

/** drift-report as declared in action.yml. */
export const definition = defineAction({
  id: 'drift-report',
  name: 'mlops-actions: drift report',
  description:
    'Scheduled performance and feature drift report for a deployed model: metric per window on joined predictions and late outcomes, per-feature drift tests, and a retraining trigger.',
  branding: { icon: 'activity', color: 'orange' },
  inputs: {
    predictions: {
      description:
        'Production predictions: local path, glob or s3:// prefix; CSV, JSON Lines, Parquet (gzip allowed) or SageMaker data capture JSON Lines; or a Delta Lake table (a folder or prefix holding `_delta_log`; `path@v12` reads version 12); or athena://database/table (windows, the outcome join and feature summaries run as SQL in Athena; needs `features`; see docs/athena.md).',
      required: true,
    },
    outcomes: {
      description:
        'Late-arriving outcomes (event id, label) in the same forms, or SageMaker ground-truth records; an athena://database/table when `predictions` is one (joined on the id in Athena).',
    },
    reference: {
      description:
        'Reference data for feature drift (training data), a reference summary written by an earlier run, or a Model Monitor baseline (statistics.json); with athena:// predictions also an athena://database/table, summarised in Athena.',
    },
    format: {
      description:
        'Format of `predictions`: auto (by extension, then content; SageMaker data capture is recognised), csv, tsv, jsonl, parquet or data-capture.',
      default: 'auto',
    },
    metric: {
      description: 'Objective metric (same set as evaluate-challenger).',
      default: 'average-precision',
    },
    'id-column': { description: 'Event id column joining predictions and outcomes.', default: 'id' },
    'timestamp-column': { description: 'Event time column.', default: 'timestamp' },
    'score-column': { description: 'Model score column.', default: 'score' },
    'label-column': { description: 'Outcome label column.', default: 'label' },
    'group-column': { description: 'Group column for ranking metrics (map@k, ndcg@k).' },
    features: {
      description:
        'Comma-separated feature columns (default: every column of the predictions except id, timestamp, score, label and group). For data capture, the CSV input columns are feature_1 … feature_N.',
    },
    'categorical-features': {
      description: 'Comma-separated features to treat as categorical (default: inferred).',
    },
    tests: {
      description:
        'YAML map of per-feature test overrides (ks, wasserstein, psi for numeric; chisquare, jensenshannon, psi for categorical), e.g. `price: psi`. Default at every sample size: ks (two-sample Kolmogorov-Smirnov) for numeric features, chisquare (reference-vs-current contingency table, rare levels pooled) for categorical ones.',
    },
    thresholds: {
      description:
        'YAML map of threshold overrides by feature name or by test name, e.g. `{psi: 0.25, price: 0.02}` (a feature name wins). For ks and chisquare it is the level the corrected p-value must be below (default 0.05).',
    },
    correction: {
      description:
        'Correction across the features tested by p-value: holm (the chance of any false alarm in a run stays below the level), bh (Benjamini-Hochberg: the expected share of false alarms among flagged features), or none.',
      default: 'holm',
    },
    'min-shift': {
      description:
        'Numeric features drift only when the Wasserstein distance is at least this many reference standard deviations (0.1: a mean shift of 0.1 σ), besides a significant test; 0 turns it off.',
      default: '0.1',
    },
    'min-level-move': {
      description:
        'Categorical features drift only when some level’s share moved by at least this much (0.05: 5 percentage points), besides a significant test; 0 turns it off.',
      default: '0.05',
    },
    'min-window-rows': {
      description:
        'Fewest rows for a verdict: a feature with fewer values in the current window or the reference is reported as "insufficient data" (never drift, no issue, no retraining), and a performance window with fewer predictions or labelled predictions is not scored or estimated. 0 turns it off.',
      default: '100',
    },
    window: { description: 'Window length (1d, 7d, 30d...).', default: '7d' },
    'max-windows': { description: 'Number of windows in the performance trend.', default: '12' },
    'as-of': {
      description:
        'End of the newest window (ISO 8601). Default: the latest timestamp in the data, refused (naming the row) when it lies more than a window after the next-latest one.',
    },
    lookback: {
      description:
        'Read only this period (e.g. `12w`, back from `as-of`, else from now) of s3:// `predictions` and `outcomes` laid out in `yyyy/mm/dd/hh/` partitions, as SageMaker data capture and ground truth are: only the partitions in the period are listed and read (outcomes up to now, as labels arrive later). With athena:// `predictions`: the predictions whose timestamp falls in the period’s hours (a row filter that prunes no partition: bound the partition column with `athena-where`). Keep it at least `window` × `max-windows` when the older windows serve as the reference. Default: every object under the prefixes.',
    },
    threshold: { description: 'Decision threshold for threshold metrics.', default: '0.5' },
    'min-label-coverage': {
      description:
        'Windows with a smaller share of labelled predictions are not scored; for binary classification metrics they get an estimate from the scores (CBPE), shown as estimated.',
      default: '0.8',
    },
    'retrain-on-estimated': {
      description:
        'Let the retraining rules read the estimate (CBPE) of the newest window when its labels are not in yet, instead of the newest scored window.',
      default: 'false',
    },
    'min-metric': {
      description:
        'Retrain when the latest scored window is worse than this (lower-is-better metrics: higher than this).',
    },
    'baseline-metric': {
      description: 'Baseline metric value, or a path to the champion’s evaluation result JSON.',
    },
    'max-drop': {
      description: 'Retrain when the latest scored window is worse than `baseline-metric` by more than this.',
    },
    'drift-share': {
      description: 'Dataset drift when at least this share of features drifted.',
      default: '0.5',
    },
    'max-bad-records': {
      description: 'Malformed records skipped with a warning before failing.',
      default: '0',
    },
    ...cdcInputs,
    ...athenaInputs,
    'max-record-bytes': {
      description:
        'Longest CSV/TSV record in bytes (a line, or several lines inside quotes). A longer one fails naming the file and line, so a stray quote or a file without line ends stops within seconds in bounded memory. Default 128 MiB.',
      default: '134217728',
    },
    'reference-exact-limit': {
      description:
        'Reference values held exactly in total (8 bytes each; split evenly across the features) so the exact tests run; past its share a numeric feature streams into a mergeable quantile sketch (bounded memory, approximate tests, `method: summary`).',
      default: '10000000',
    },
    'write-reference': {
      description:
        'Write a reference summary of `reference` here (local path or s3:// URI; never overwritten) so later runs can pass it as `reference` instead of the training data.',
    },
    'report-dir': {
      description: 'Directory for the self-contained HTML report.',
      default: 'drift-report',
      cliDefault: '',
    },
    'report-uri': { description: 's3:// prefix where the HTML report is uploaded.' },
    'issue-on-drift': {
      description: 'Open (or comment on) one tracking issue when retraining is advised.',
      default: 'false',
    },
    'issue-label': { description: 'Label identifying the tracking issue.', default: 'model-drift' },
    'dispatch-workflow': {
      description: 'Workflow file started through workflow_dispatch when retrain is true.',
    },
    'dispatch-ref': {
      description: 'Git ref for the dispatched workflow (default: the repository’s default branch).',
    },
    'comment-on-pr': {
      description: 'On pull_request events, post or update a sticky comment.',
      default: 'true',
    },
    'comment-header': { description: 'Header of the sticky pull-request comment.', default: 'drift' },
    'result-path': {
      description: 'Where the result JSON is written.',
      default: 'drift-result.json',
      cliDefault: '',
    },
    'github-token': githubTokenInput,
  },
  outputs: {
    retrain: { description: '`true` when a retraining rule fired.' },
    'retrain-reason': { description: 'Which rule fired, with the numbers.' },
    'drift-detected': { description: '`true` when dataset-level drift was detected.' },
    'drifted-features': { description: 'JSON list of drifted feature names.' },
    'result-json': { description: 'Path of the result JSON file.' },
    'report-path': { description: 'Path of the HTML report.' },
    'report-uri': { description: 'S3 URI of the uploaded HTML report, when uploaded.' },
  },
  post: {
    if: 'always()',
    description:
      'Stops the Athena query when the workflow was cancelled while the main step was waiting for it.',
  },
});
