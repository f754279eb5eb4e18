import { athenaInputs, cdcInputs, defineAction, githubTokenInput } from '@mlops-actions/github';

/** evaluate-challenger as declared in action.yml. */
export const definition = defineAction({
  id: 'evaluate-challenger',
  name: 'mlops-actions: evaluate challenger',
  description:
    'Compare a challenger model with the production champion on a time-decayed objective metric and decide whether to promote it; posts a sticky pull-request comment and a job summary.',
  branding: { icon: 'award', color: 'green' },
  inputs: {
    champion: {
      description:
        'Champion (production model) predictions: a local path, glob, s3://bucket/prefix or s3://bucket/file (CSV, TSV, JSON Lines or Parquet; gzip allowed), a Delta Lake table (a folder or prefix holding `_delta_log`; `path@v12` reads version 12), or athena://database/table (the evaluation runs as SQL in Athena; see docs/athena.md). Empty when there is no champion yet (first model).',
    },
    challenger: {
      description:
        'Challenger predictions, in the same forms as `champion`. May be the same file when it holds both score columns.',
      required: true,
    },
    metric: {
      description:
        'Objective metric: average-precision, roc-auc, log-loss, brier, accuracy, precision, recall, f1, map@K, ndcg@K, rmse, mae or r2.',
      default: 'average-precision',
    },
    'id-column': {
      description: 'Column that joins champion and challenger rows when they are separate files.',
      default: 'id',
    },
    'timestamp-column': {
      description: 'Column with the event time (ISO 8601 or epoch seconds/milliseconds).',
      default: 'timestamp',
    },
    'label-column': { description: 'Column with the true outcome.', default: 'label' },
    'score-column': {
      description: 'Column with the model score (used for both models when they are separate files).',
      default: 'score',
    },
    'champion-columns': {
      description:
        'Column names of a champion CSV without a header line, in field order (e.g. `id,timestamp,score` for Batch Transform output). Empty: the first line is the header.',
    },
    'challenger-columns': {
      description:
        'Column names of a challenger CSV without a header line, in field order. Empty: the first line is the header.',
    },
    'champion-score-column': {
      description:
        'Score column of the champion when one file holds both models. Defaults to `score-column`.',
    },
    'challenger-score-column': {
      description:
        'Score column of the challenger when one file holds both models. Defaults to `score-column`.',
    },
    'group-column': {
      description: 'Column that groups rows for ranking metrics (map@k, ndcg@k), e.g. a customer id.',
    },
    'slice-columns': {
      description: 'Comma-separated columns; the score is also computed per value of each.',
    },
    'guard-slices': {
      description: 'Comma-separated `column=value` slices that must not regress (or `all`).',
    },
    'max-slice-regression': {
      description: 'Largest allowed regression of a guarded slice, in metric units.',
      default: '0',
    },
    'as-of': {
      description:
        'End of the newest window (ISO 8601). Default: the latest timestamp in the data, refused (naming the row) when it lies more than a window after the next-latest one.',
    },
    ...cdcInputs,
    window: { description: 'Window length (e.g. 7d, 24h).', default: '7d' },
    'max-windows': { description: 'Number of windows back from `as-of` that are scored.', default: '12' },
    gamma: { description: 'Decay per window: window k has weight gamma^k, 0 < gamma <= 1.', default: '0.8' },
    normalize: {
      description: 'true: weighted mean sum(w·m)/sum(w); false: weighted sum sum(w·m).',
      default: 'true',
    },
    threshold: { description: 'Decision threshold for accuracy, precision, recall and f1.', default: '0.5' },
    'decision-rule': {
      description:
        'confident: promote only when the challenger is better in at least `min-confidence` of the paired bootstrap resamples (and passes the thresholds below); point-estimate: the point estimate alone decides (the bootstrap is shown, not used).',
      default: 'confident',
    },
    'min-improvement': {
      description: 'Challenger must beat the champion by at least this much (0: strictly better).',
      default: '0',
    },
    'min-relative-improvement': {
      description:
        'Challenger must beat the champion by at least this share of the champion’s score (as MLflow’s min_relative_change; 0.01 = 1 %; 0: off).',
      default: '0',
    },
    bootstrap: {
      description: 'Paired bootstrap resamples for the 95% interval of the difference (0 turns it off).',
      default: '1000',
    },
    'bootstrap-method': {
      description:
        'How the interval is computed. auto: the influence-function (DeLong-type) normal interval for average-precision and roc-auc on large samples (at least 50,000 rows and 200 positives and 200 negatives in every scored window, for average-precision also positives at least 1 % of each: milliseconds instead of minutes, the same interval within resampling error), Poisson resampling otherwise; poisson: always resample (the behaviour before this input); influence: always the influence interval (average-precision and roc-auc only).',
      default: 'auto',
    },
    seed: { description: 'Random seed of the bootstrap.', default: '42' },
    'min-confidence': {
      description:
        'Under decision-rule confident: share of bootstrap resamples in the challenger’s favour required to promote (with the influence-function interval, Φ(improvement / standard error)). Default 0.95 (equal models promoted in about 5 % of evaluations); 0 turns it off, and so does `bootstrap: 0` when this input is not set.',
    },
    'min-join-rate': {
      description: 'Fail when fewer than this share of ids join between champion and challenger.',
      default: '0.99',
    },
    'max-record-bytes': {
      description:
        'Longest CSV/TSV record in bytes (a line, or several lines inside quotes). A longer one fails naming the file and line, so a stray quote or a file without line ends stops within seconds in bounded memory. Default 128 MiB.',
      default: '134217728',
    },
    'fail-on-keep': {
      description: 'Fail the step when the decision is keep (for a required check).',
      default: 'false',
    },
    'comment-on-pr': { description: 'Post or update a sticky comment on the pull request.', default: 'true' },
    'comment-header': {
      description: 'Distinguishes several independent sticky comments on one pull request.',
      default: 'evaluation',
    },
    'issue-label': {
      description:
        'Open (or comment on) one tracking issue with this label holding the evaluation, for a person to decide on the promotion: for runs without a pull request, such as retraining. Default: no issue.',
    },
    ledger: {
      description:
        'Optional local directory or s3:// prefix where an append-only record of this evaluation is written (`evaluations/…json` below it; `evaluations/<group>/<version>/…json` with `model-package-arn`).',
    },
    'model-package-arn': {
      description:
        "The challenger's registered model package (run-training's `model-package-arn` output): written into the result and the ledger record, where promote-model's `evaluation-ledger` finds it.",
    },
    'result-path': {
      description: 'Where the result JSON is written.',
      default: 'evaluation-result.json',
      cliDefault: '',
    },
    'report-dir': {
      description:
        'Directory for the self-contained HTML report (evaluation-report.html: per-window and per-slice charts with the bootstrap interval).',
      default: 'evaluation-report',
      cliDefault: '',
    },
    'report-uri': {
      description:
        's3:// prefix where the HTML report and the result JSON are uploaded (`evaluation-report-<run id>-<attempt>.html` and `.json`).',
    },
    ...athenaInputs,
    'github-token': githubTokenInput,
  },
  outputs: {
    decision: { description: '`promote` or `keep`.' },
    reason: { description: 'One sentence explaining the decision.' },
    'champion-score': { description: 'Time-decayed score of the champion (empty when there is none).' },
    'challenger-score': { description: 'Time-decayed score of the challenger.' },
    'result-json': { description: 'Path of the result JSON file.' },
    'report-path': { description: 'Path of the HTML report.' },
    'report-uri': { description: 'S3 URI of the uploaded HTML report, when uploaded.' },
    'result-uri': { description: 'S3 URI of the uploaded result JSON, when uploaded.' },
    'comment-url': { description: 'URL of the sticky pull-request comment, when one was posted.' },
    'issue-url': {
      description: 'URL of the tracking issue (or its new comment) with `issue-label`, else empty.',
    },
  },
  post: {
    if: 'always()',
    description:
      'Stops the Athena query when the workflow was cancelled while the main step was waiting for it.',
  },
});
