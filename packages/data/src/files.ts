import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A temporary file older than this is an orphan (its writer was killed before the rename): writing one takes
 * seconds, so a younger one may belong to a writer still running and is left alone. Readers skip them (dot files).
 */
const ORPHAN_AGE_MS = 10 * 60_000;

/** The temporary file a write of `path` goes through, unique per attempt. */
const tempFor = (dir: string, name: string) => join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);

const TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

/**
 * Remove the orphaned temporary files killed writers left in `dir`: of the target `name` only (a directory such as
 * the workspace holds other files), or of any name (a ledger directory, which holds only records).
 */
async function removeOrphanedTemps(dir: string, name: string | undefined): Promise<void> {
  const now = Date.now();
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!TEMP.test(entry) || (name !== undefined && entry.slice(0, -17) !== `.${name}`)) continue;
    const info = await stat(join(dir, entry)).catch(() => undefined);
    if (info?.isFile() && now - info.mtimeMs > ORPHAN_AGE_MS) await rm(join(dir, entry), { force: true });
  }
}

/**
 * Write a file so readers see either the old content or the whole new content, never half of it: write to a
 * temporary file in the same directory, flush it, then rename over the target. Orphaned temporary files of the same
 * target (a killed writer's) are removed first.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  await removeOrphanedTemps(dir, basename(path));
  const temp = tempFor(dir, basename(path));
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Create a file that must not exist yet (append-only records). Returns false, writing nothing, when it exists.
 * The content is complete before the name appears: written to a temporary file, then hard-linked into place,
 * which fails atomically if the name is taken. Orphaned temporary files in the record's directory are removed first.
 */
export async function createFileExclusive(path: string, data: string | Uint8Array): Promise<boolean> {
  const { link } = await import('node:fs/promises');
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  await removeOrphanedTemps(dir, undefined);
  const temp = tempFor(dir, basename(path));
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}
