// Module resolution hook (see register.mjs): append each resolved URL to MLOPS_MODULE_LOG.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.MLOPS_MODULE_LOG) appendFileSync(process.env.MLOPS_MODULE_LOG, `${resolved.url}\n`);
  return resolved;
}
