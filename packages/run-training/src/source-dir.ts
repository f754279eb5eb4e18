import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UserError } from '@mlops-actions/core';

/** A packaged source directory: `sourcedir.tar.gz` bytes, their SHA-256, and the files it holds. */
export interface SourcePackage {
  bytes: Buffer;
  sha256: string;
  files: string[];
}

/** Never packaged: version-control metadata and Python's byte-code caches (they differ from machine to machine). */
const SKIPPED_DIRS = new Set(['.git', '__pycache__', '.ipynb_checkpoints']);
const skippedFile = (name: string) => name.endsWith('.pyc') || name === '.DS_Store';

interface Entry {
  path: string;
  body: Buffer;
  executable: boolean;
}

async function collect(root: string, dir: string, into: Entry[]): Promise<void> {
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, item.name);
    // Symbolic links are followed (their content is packaged); stat fails on a dangling one.
    const info = await stat(full).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory()) {
      if (!SKIPPED_DIRS.has(item.name) && !item.isSymbolicLink()) await collect(root, full, into);
    } else if (info.isFile() && !skippedFile(item.name)) {
      into.push({
        path: relative(root, full).split(sep).join('/'),
        body: await readFile(full),
        executable: (info.mode & 0o111) !== 0,
      });
    }
  }
}

/** Write `value` as a NUL-terminated octal field of `width` bytes (the ustar numeric format). */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii');
}

/** Split a path into ustar's `prefix` (≤155 bytes) and `name` (≤100 bytes) at a slash. */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new UserError(`Input "source-dir": the path ${JSON.stringify(path)} is too long to package (tar).`, {
    hint: 'Keep file names under 100 characters and paths under 255.',
  });
}

/** One ustar header with everything that varies between machines fixed: mtime 0, uid/gid 0, owner names empty. */
function header(entry: Entry): Buffer {
  const h = Buffer.alloc(512);
  const { prefix, name } = splitPath(entry.path);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, entry.executable ? 0o755 : 0o644);
  octal(h, 108, 8, 0); // uid
  octal(h, 116, 8, 0); // gid
  octal(h, 124, 12, entry.body.length);
  octal(h, 136, 12, 0); // mtime
  h.write('0', 156, 1, 'ascii'); // regular file
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  h.fill(' ', 148, 156); // the checksum is computed with its own field as spaces
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/**
 * Package `dir` as SageMaker's `sourcedir.tar.gz`, reproducibly: the same tree gives the same bytes on any machine
 * and at any time. Entries are the regular files sorted by path (no directory entries), with mtime 0, uid/gid 0, no
 * owner names and mode 0644 (0755 when executable, the one mode bit git keeps); gzip with no name and mtime 0 and
 * its OS byte fixed to Unix. `.git`, `__pycache__`, `.ipynb_checkpoints`, `*.pyc` and `.DS_Store` are left out.
 */
export async function packageSourceDir(dir: string): Promise<SourcePackage> {
  const root = resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory())
    throw new UserError(`Input "source-dir": ${dir} is not a directory.`, {
      hint: 'Give the directory with the training code, relative to the workspace (e.g. ml); check out the repository first (actions/checkout).',
    });
  const entries: Entry[] = [];
  await collect(root, root, entries);
  if (entries.length === 0) throw new UserError(`Input "source-dir": ${dir} holds no files.`);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    blocks.push(header(entry), entry.body);
    const pad = (512 - (entry.body.length % 512)) % 512;
    if (pad) blocks.push(Buffer.alloc(pad));
  }
  blocks.push(Buffer.alloc(1024)); // end of archive: two zero blocks
  const bytes = gzipSync(Buffer.concat(blocks), { level: 9 });
  bytes[9] = 3; // OS = Unix whatever the platform, so Windows and Linux runners agree
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    files: entries.map((e) => e.path),
  };
}
