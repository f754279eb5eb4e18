// DuckDB's side of the end-to-end cases: read (and, for evaluation, join on id) the same CSV files the action reads,
// as a further reference for what reading them can cost. Usage: node bench/duckdb-case.mjs join A.csv B.csv | read A.csv B.csv
// (prints one JSON object: seconds, peak_rss_mb, value)
import { DuckDBInstance } from '@duckdb/node-api';

const [kind, a, b] = process.argv.slice(2);
const sql = (path) => `read_csv('${path.replaceAll("'", "''")}', header = true)`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const t = performance.now();
const query =
  kind === 'join'
    ? `select count(*)::double, avg(c.score - p.score) from ${sql(a)} p join ${sql(b)} c using (id)`
    : `select (select count(*) from ${sql(a)})::double + (select count(*) from ${sql(b)})::double, 0`;
const rows = (await connection.runAndReadAll(query)).getRows();
const seconds = (performance.now() - t) / 1000;
console.log(
  JSON.stringify({ seconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024, value: Number(rows[0][0]) }),
);
