import { seededRandom } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { parseRecord } from './csv-records.js';
import { CsvScanner, RAW_QUOTED, unquoteField } from './csv-scan.js';

/** Records and their lines from the byte scanner, the input fed in the given chunk sizes. */
function scan(text: string, cuts: number[] = [], max = 1 << 20): { cells: string[]; line: number }[] {
  const bytes = Buffer.from(text);
  const scanner = new CsvScanner(',', 'f.csv', max);
  const out: { cells: string[]; line: number }[] = [];
  const drain = () => {
    while (scanner.next()) {
      const cells: string[] = [];
      for (let f = 0; f < scanner.count; f++) {
        const [s, e] = [scanner.starts[f]!, scanner.ends[f]!];
        const b =
          scanner.kinds[f] === RAW_QUOTED ? unquoteField(scanner.bytes, s, e) : scanner.bytes.subarray(s, e);
        cells.push(b.toString('utf8'));
      }
      out.push({ cells, line: scanner.line });
    }
  };
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut <= at) continue;
    if (scanner.push(bytes.subarray(at, cut))) drain();
    at = cut;
  }
  scanner.end();
  drain();
  return out;
}

/** The same records from the text reader this scanner replaces (csv-records.ts parseRecord, whole text). */
function reference(text: string): { cells: string[]; line: number }[] | 'unterminated' {
  const out: { cells: string[]; line: number }[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (pos < text.length) {
    const parsed = parseRecord(text, pos, ',', true, text.indexOf('"', pos))!;
    if (parsed.unterminated) return 'unterminated';
    if (!(parsed.cells.length === 1 && parsed.cells[0] === '')) out.push({ cells: parsed.cells, line });
    line += parsed.newlines;
    pos = parsed.next;
  }
  return out;
}

describe('CsvScanner', () => {
  it('splits records and fields as the text reader did: quotes, doubled quotes, quoted newlines, CRLF, blank lines, a BOM', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, ""y""\r\nz",3\n\n"",2,"q"tail\r\n4,5,6';
    expect(scan(text)).toEqual(reference(text));
    expect(scan(text)).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['1', 'x, "y"\r\nz', '3'], line: 2 },
      { cells: ['', '2', 'qtail'], line: 5 },
      { cells: ['4', '5', '6'], line: 6 },
    ]);
  });

  it('gives the same records as the text reader on random inputs, however the bytes are cut into chunks', () => {
    const r = seededRandom(11);
    const alphabet = ['a', 'b', ',', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'é', '€'];
    for (let trial = 0; trial < 3000; trial++) {
      let text = '';
      const n = Math.floor(r() * 40);
      for (let i = 0; i < n; i++) text += alphabet[Math.floor(r() * alphabet.length)];
      const expected = reference(text);
      const bytes = Buffer.byteLength(text);
      const cuts = Array.from({ length: 3 }, () => Math.floor(r() * bytes)).sort((a, b) => a - b);
      if (expected === 'unterminated') {
        expect(() => scan(text, cuts), JSON.stringify(text)).toThrow('is never closed');
        continue;
      }
      // Chunks cut inside a character are not given to the scanner (utf8Chunks cuts on whole characters).
      const whole = cuts.filter((c) => (Buffer.from(text)[c]! & 0xc0) !== 0x80);
      expect(scan(text, whole), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('fails in linear time, naming the line and the limit, on a stray quote or a file without line ends', () => {
    const stray = `a,b\n1,2\n3,"4\n${'5,6\n'.repeat(200_000)}`;
    const cuts = Array.from({ length: 800 }, (_, i) => i * 1024);
    expect(() => scan(stray, cuts)).toThrow('f.csv: a quoted field opened on line 3 is never closed.');
    expect(() => scan(stray, cuts, 64 * 1024)).toThrow(
      'f.csv, line 3: a quoted field opened in this record is not closed within max-record-bytes (65536 bytes).',
    );
    const noNewline = `a,b\n${'x'.repeat(300_000)}`;
    expect(() => scan(noNewline, cuts, 1 << 17)).toThrow(
      'f.csv, line 2: the record is longer than max-record-bytes (131072 bytes) without a line end.',
    );
    // A complete record over the limit fails too, not only one still being read.
    expect(() => scan(`a\n${'y'.repeat(70_000)}\n`, [], 65_536)).toThrow('line 2: the record is longer');
  });
});
