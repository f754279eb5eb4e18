// Findings of scripts/shape.mjs that stay for a stated reason: `{ finding, reason }`, where `finding` is the key
// `node scripts/shape.mjs` prints for it and `reason` says why it cannot be fixed now (printed on every run). The
// script lists entries that are no longer found. Empty since issue 16: fix a finding instead of adding it here.
export const allowedFindings = [];
