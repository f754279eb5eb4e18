import { describe, expect, it } from 'vitest';
import { type ArtifactFacts, verifyArtifact } from './artifact.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const facts = (over: Partial<ArtifactFacts>): ArtifactFacts => ({
  packageArn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3',
  artifact: 's3://ml/models/job/output/model.tar.gz',
  recorded: A,
  observed: A,
  allowUnverified: false,
  ...over,
});

describe('verifyArtifact', () => {
  it('goes on when the artifact has the SHA-256 recorded at registration (any case)', () => {
    expect(verifyArtifact(facts({ recorded: A.toUpperCase() }))).toEqual({
      ok: true,
      note: `Model artifact s3://ml/models/job/output/model.tar.gz matches the SHA-256 recorded at registration (${A}).`,
    });
  });

  it('refuses a mismatch naming both values, even with allow-unverified-artifact', () => {
    for (const allowUnverified of [false, true]) {
      const v = verifyArtifact(facts({ observed: B, allowUnverified }));
      expect(v.ok).toBe(false);
      if (v.ok) return;
      expect(v.reason).toBe(
        `Promotion refused: the model artifact s3://ml/models/job/output/model.tar.gz of arn:aws:sagemaker:eu-west-1:123456789012:model-package/purchases/3 changed after registration: its SHA-256 is ${B}, the one recorded at registration ${A}.`,
      );
      expect(v.hint).toMatch(/Do not deploy it.*allow-unverified-artifact does not override a mismatch/);
    }
  });

  it('refuses a package recording no SHA-256 unless allow-unverified-artifact, then warns', () => {
    const refused = verifyArtifact(facts({ recorded: undefined, observed: undefined }));
    expect(refused).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /records no SHA-256 of its model artifact .* \(metadata "artifact-sha256"\)/,
      ),
      hint: expect.stringMatching(/allow-unverified-artifact: true/),
    });
    expect(
      verifyArtifact(facts({ recorded: undefined, observed: undefined, allowUnverified: true })),
    ).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/promoting anyway because allow-unverified/),
    });
  });

  it('refuses a deleted artifact and a recorded value that is not a SHA-256 (shown truncated)', () => {
    expect(verifyArtifact(facts({ observed: null }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not exist any more/),
    });
    const bad = verifyArtifact(facts({ recorded: 'x'.repeat(500) }));
    expect(bad).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/"x{80}…" as its artifact's SHA-256/),
    });
  });

  it('has nothing to check when the package names no model data', () => {
    expect(verifyArtifact(facts({ artifact: undefined, recorded: undefined }))).toMatchObject({ ok: true });
  });
});
