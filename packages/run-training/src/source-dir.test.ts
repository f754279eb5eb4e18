import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage, isUserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { packageSourceDir } from './source-dir.js';

/** A source tree written file by file in `order`, with the given mtime. */
function tree(files: Record<string, string>, order: string[], mtime: Date): string {
  const dir = mkdtempSync(join(tmpdir(), 'source-dir-'));
  for (const path of order) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), files[path]!);
    utimesSync(join(dir, path), mtime, mtime);
  }
  return dir;
}

const files = {
  'train.py': 'print("train")\n',
  'lib/features.py': 'X = 1\n',
  'lib/__init__.py': '',
  'requirements.txt': 'numpy\n',
};

/** Unpack with Python's tarfile (what SageMaker's training toolkit uses) and read back names, modes and contents. */
function pythonView(bytes: Buffer): unknown {
  const archive = join(mkdtempSync(join(tmpdir(), 'sourcedir-')), 'sourcedir.tar.gz');
  writeFileSync(archive, bytes);
  const script =
    'import json,sys,tarfile\nt=tarfile.open(sys.argv[1])\nprint(json.dumps([[m.name,oct(m.mode),m.mtime,m.uid,m.gid,m.uname,t.extractfile(m).read().decode()] for m in t]))';
  return JSON.parse(execFileSync('python3', ['-c', script, archive], { encoding: 'utf8' }));
}

describe('source-dir packaging', () => {
  it('gives the same bytes for the same tree, whatever the file times and creation order', async () => {
    const a = await packageSourceDir(tree(files, Object.keys(files), new Date('2026-01-01T00:00:00Z')));
    const b = await packageSourceDir(
      tree(files, Object.keys(files).reverse(), new Date('2026-11-30T12:34:56Z')),
    );
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(b.sha256).toBe(a.sha256);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const changed = await packageSourceDir(
      tree({ ...files, 'train.py': 'print("train v2")\n' }, Object.keys(files), new Date()),
    );
    expect(changed.sha256).not.toBe(a.sha256);
  });

  it('is a gzip tar of the sorted files with fixed metadata that tar and Python read back', async () => {
    const dir = tree(files, Object.keys(files), new Date());
    chmodSync(join(dir, 'train.py'), 0o700);
    const pkg = await packageSourceDir(dir);
    expect(pkg.files).toEqual(['lib/__init__.py', 'lib/features.py', 'requirements.txt', 'train.py']);
    expect([...pkg.bytes.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    expect(pythonView(pkg.bytes)).toEqual([
      ['lib/__init__.py', '0o644', 0, 0, 0, '', ''],
      ['lib/features.py', '0o644', 0, 0, 0, '', 'X = 1\n'],
      ['requirements.txt', '0o644', 0, 0, 0, '', 'numpy\n'],
      ['train.py', '0o755', 0, 0, 0, '', 'print("train")\n'],
    ]);
    const listed = execFileSync('tar', ['-tzf', '-'], { input: pkg.bytes, encoding: 'utf8' });
    expect(listed.trim().split('\n')).toEqual(pkg.files);
  });

  it('leaves out .git, __pycache__ and *.pyc, and keeps long paths', async () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/model_code.py`;
    const dir = tree(
      {
        ...files,
        '.git/HEAD': 'ref',
        '__pycache__/train.cpython-311.pyc': 'x',
        'lib/x.pyc': 'x',
        [long]: 'Y = 2\n',
      },
      ['train.py', '.git/HEAD', '__pycache__/train.cpython-311.pyc', 'lib/x.pyc', long],
      new Date(),
    );
    const pkg = await packageSourceDir(dir);
    expect(pkg.files).toEqual([long, 'train.py']);
    expect((pythonView(pkg.bytes) as string[][]).map((e) => e[0])).toEqual([long, 'train.py']);
  });

  it('names the input when the directory is missing or empty', async () => {
    for (const [dir, message] of [
      ['/no/such/dir', /Input "source-dir": \/no\/such\/dir is not a directory/],
      [mkdtempSync(join(tmpdir(), 'empty-')), /holds no files/],
    ] as const) {
      const error = await packageSourceDir(dir).catch((e: unknown) => e);
      expect(isUserError(error)).toBe(true);
      expect(errorMessage(error)).toMatch(message);
    }
  });
});
