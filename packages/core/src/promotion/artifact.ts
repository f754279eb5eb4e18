/** The package's CustomerMetadataProperties key where run-training records its model artifact's SHA-256 (hex). */
export const ARTIFACT_SHA256_KEY = 'artifact-sha256';

/** What promotion knows about a package's model artifact: where it is, its SHA-256 as registered and as it is now. */
export interface ArtifactFacts {
  packageArn: string;
  /** The package's ModelDataUrl (undefined: the model is in the image, nothing in S3 to check). */
  artifact: string | undefined;
  /** The SHA-256 recorded at registration (undefined: none recorded). */
  recorded: string | undefined;
  /** The SHA-256 of the object now; null when it no longer exists; undefined when it was not read. */
  observed: string | null | undefined;
  /** Input allow-unverified-artifact: promote a package that records no SHA-256 (never one that mismatches). */
  allowUnverified: boolean;
}

/** The artifact check's outcome: go on (saying what was checked, maybe warning) or refuse (why and what to do). */
export type ArtifactVerdict =
  | { ok: true; note: string; warning?: string }
  | { ok: false; reason: string; hint: string };

const SHA256 = /^[0-9a-f]{64}$/;
// The recorded value is registry metadata anyone with UpdateModelPackage can set: never print it at any length.
const shown = (value: string) => (value.length > 80 ? `${value.slice(0, 80)}…` : value);

/**
 * Whether the artifact a promotion deploys is the one registered: SageMaker reads the package's ModelDataUrl when the
 * model starts, so bytes rewritten after registration would reach production unless their SHA-256 is compared with the
 * one recorded then. A mismatch always refuses; a package with none recorded refuses unless explicitly allowed.
 */
export function verifyArtifact(f: ArtifactFacts): ArtifactVerdict {
  const pkg = f.packageArn;
  if (!f.artifact) return { ok: true, note: `${pkg} names no model data in S3 (the image holds the model).` };
  const recorded = f.recorded?.trim().toLowerCase();
  if (!recorded) {
    const missing = `${pkg} records no SHA-256 of its model artifact ${f.artifact} (metadata "${ARTIFACT_SHA256_KEY}"), so it cannot be checked against the artifact that was registered`;
    if (f.allowUnverified)
      return {
        ok: true,
        note: `Model artifact ${f.artifact} not verified.`,
        warning: `${missing}; promoting anyway because allow-unverified-artifact: true.`,
      };
    return {
      ok: false,
      reason: `Promotion refused: ${missing}.`,
      hint: 'Register models with run-training (`register:` records the SHA-256), or check the artifact yourself (`aws s3 cp <ModelDataUrl> - | sha256sum`) and set allow-unverified-artifact: true for this package.',
    };
  }
  if (!SHA256.test(recorded))
    return {
      ok: false,
      reason: `Promotion refused: ${pkg} records "${shown(f.recorded!)}" as its artifact's SHA-256 (metadata "${ARTIFACT_SHA256_KEY}"), which is not 64 hex digits.`,
      hint: 'The registry metadata was changed after registration: re-train and register a new package.',
    };
  if (f.observed === null)
    return {
      ok: false,
      reason: `Promotion refused: the model artifact ${f.artifact} of ${pkg} does not exist any more.`,
      hint: 'Re-train and register a new package; check the bucket lifecycle rules and who deleted it (CloudTrail).',
    };
  if (f.observed !== recorded)
    return {
      ok: false,
      reason: `Promotion refused: the model artifact ${f.artifact} of ${pkg} changed after registration: its SHA-256 is ${f.observed ?? 'unknown'}, the one recorded at registration ${recorded}.`,
      hint: 'Do not deploy it: find who rewrote the object (CloudTrail, S3 server access logs), then re-train and register a new package. allow-unverified-artifact does not override a mismatch.',
    };
  return {
    ok: true,
    note: `Model artifact ${f.artifact} matches the SHA-256 recorded at registration (${recorded}).`,
  };
}
