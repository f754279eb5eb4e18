import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Events our workflows run on; payloads are trimmed copies of real webhook payloads. */
export type EventName = 'pull_request' | 'schedule' | 'workflow_dispatch' | 'push';

const here = dirname(fileURLToPath(import.meta.url));

function merge(base: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = { ...(base ?? {}) };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(out[key], value);
  return out;
}

/** The payload for an event, with the repository renamed and `overrides` deep-merged in. */
export function eventPayload(
  name: EventName,
  repository: string,
  overrides: Record<string, unknown> = {},
): any {
  const payload = JSON.parse(readFileSync(join(here, 'events', `${name}.json`), 'utf8'));
  const [owner, repo] = repository.split('/');
  payload.repository = {
    ...payload.repository,
    name: repo,
    full_name: repository,
    owner: { ...payload.repository.owner, login: owner },
  };
  return merge(payload, overrides);
}
