#!/usr/bin/env node
// Writes the bad-input corpus (small, committed files) next to this script. Large cases (huge lines, 100k columns,
// YAML/JSON bombs) are built by the test itself. Each file is a predictions file for evaluate-challenger / drift-report
// with columns id,timestamp,label,score (unless the case is about the columns).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const rows = (n, f = (i) => `e${i},2026-11-${String(10 + (i % 10)).padStart(2, '0')}T10:00:00Z,${i % 2},${(0.1 + (i % 9) / 10).toFixed(2)}`) =>
  Array.from({ length: n }, (_, i) => f(i));
const file = (name, content) => writeFileSync(join(here, name), content);
const header = 'id,timestamp,label,score';

file('valid.csv', [header, ...rows(40)].join('\n') + '\n');
file('empty.csv', '');
file('header-only.csv', `${header}\n`);
file('semicolon.csv', [header.replace(/,/g, ';'), ...rows(20).map((r) => r.replace(/,/g, ';'))].join('\n') + '\n');
file('bom-crlf.csv', `\uFEFF${[header, ...rows(40)].join('\r\n')}\r\n`);
file('quoted-newlines.csv', [`${header},note`, ...rows(40).map((r, i) => `${r},"line one\nline two ${i}"`)].join('\n') + '\n');
file('nan-score.csv', [header, ...rows(40).map((r, i) => (i === 7 ? r.replace(/,[0-9.]+$/, ',NaN') : r))].join('\n') + '\n');
file('infinity-score.csv', [header, ...rows(40).map((r, i) => (i === 3 ? r.replace(/,[0-9.]+$/, ',Infinity') : r))].join('\n') + '\n');
file('empty-score.csv', [header, ...rows(40).map((r, i) => (i === 5 ? r.replace(/,[0-9.]+$/, ',') : r))].join('\n') + '\n');
file('label-2.csv', [header, ...rows(40).map((r, i) => (i === 9 ? r.replace(/,([01]),/, ',2,') : r))].join('\n') + '\n');
file('label-minus-1.csv', [header, ...rows(40).map((r, i) => (i === 9 ? r.replace(/,([01]),/, ',-1,') : r))].join('\n') + '\n');
file('duplicate-ids.csv', [header, ...rows(40).map((r, i) => (i === 11 ? r.replace(/^e11,/, 'e10,') : r))].join('\n') + '\n');
file('mixed-timestamps.csv', [header, ...rows(40).map((r, i) => (i % 3 === 0 ? r.replace(/2026-11-(\d\d)T10:00:00Z/, '2026-11-$1T12:00:00+02:00') : i % 3 === 1 ? r.replace(/2026-11-(\d\d)T10:00:00Z/, (_, d) => String(Date.parse(`2026-11-${d}T10:00:00Z`) / 1000)) : r))].join('\n') + '\n');
file('bad-timestamp.csv', [header, ...rows(40).map((r, i) => (i === 4 ? r.replace(/2026-11-\d\dT10:00:00Z/, 'yesterday') : r))].join('\n') + '\n');
writeFileSync(join(here, 'latin1.csv'), Buffer.concat([Buffer.from(`${header},city\n`), ...rows(40).map((r) => Buffer.concat([Buffer.from(`${r},M`), Buffer.from([0xfc]), Buffer.from('nchen\n')]))]));
file('hostile-names.csv', [`${header},device`, ...rows(40).map((r, i) => `${r},"${['<!-- x --> <img src=x onerror=alert(1)>', '**bold** | `tick` @admin', '::error::pwned', '<script>alert(1)</script>'][i % 4]}"`)].join('\n') + '\n');
file('not-jsonl.jsonl', '{"id": "a", "timestamp": "2026-11-20T00:00:00Z", "label": 1, "score": 0.4}\n{"id": "b", broken\n');
console.log('corpus written');
