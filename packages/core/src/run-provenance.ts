/** Where a result or record came from: repository, commit and workflow run (each null outside GitHub). */
export interface RunProvenance {
  repository: string | null;
  sha: string | null;
  run_id: string | null;
  run_attempt: number | null;
  run_url: string | null;
  event: string | null;
  actor: string | null;
}
