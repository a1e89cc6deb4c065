#!/usr/bin/env bash
# Reads brainsim's Parquet files with an independent reader, DuckDB (npm
# @duckdb/node-api, which ships its own native DuckDB), and checks every
# value against the CSV file of the same table: column names and order,
# column types, row order, each number exactly (the year to the CSV's four
# decimals), null where the CSV field is empty, and each metric's unit in
# the "brainsim.units" key-value metadata.
#
# By default the files come from a real run: brainsim is built with go
# build into a temporary folder and runs
#   brainsim run ghana --format both --set replicates=2 --out DIR
# whose timeseries.parquet, timeseries_long.parquet and summary.parquet are
# checked against its timeseries.csv, timeseries_long.csv and summary.csv,
# and then a run with parameter draws,
#   brainsim run ghana --format both --draws 3 --set replicates=2 --set agents=3000
# whose summary has the split columns sd_parameter, sd_stochastic,
# lo_total and hi_total (issue 14); --sample adds summary_draws.csv and
# .parquet, the sample summarized as draws.
# Usage:
#   bash .ci/parquet.sh           a real run of the ghana preset
#   bash .ci/parquet.sh --sample  the Go test helper TestWriteParquetFiles
#                                 (a small timeseries with a metric of each
#                                 dimension, NaN and infinite values)
#   bash .ci/parquet.sh DIR       the files already in DIR
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Parquet files read by DuckDB (npm) agree with the CSV"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

arg=${1:-}
case "$arg" in
"")
  dir="$tmp/run"
  go build -o "$tmp/brainsim" ./cmd/brainsim
  "$tmp/brainsim" run ghana --format both --trace 100 --snapshot 2010,2020 --set replicates=2 --out "$dir" --quiet >/dev/null
  draws="$tmp/draws"
  "$tmp/brainsim" run ghana --format both --draws 3 --set replicates=2 --set agents=3000 --out "$draws" --quiet >/dev/null
  ;;
--sample)
  dir="$tmp/files"
  mkdir -p "$dir"
  BRAINSIM_PARQUET_DIR="$dir" go test -count=1 -run '^TestWriteParquetFiles$' ./output/ >/dev/null
  ;;
*)
  dir=$arg
  ;;
esac

(cd "$tmp" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --loglevel=error @duckdb/node-api@1.5.6-r.1 >/dev/null)

cat >"$tmp/check.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
// summary_draws: the sample's summary as parameter draws (--sample only).
const tables = ['timeseries', 'timeseries_long', 'summary', 'summary_draws'];
const optional = new Set(['summary_draws']);
const ints = new Set(['replicate', 'step']);
const strings = new Set(['metric', 'sector', 'destination', 'policy', 'unit', 'sex', 'age_band']);
const problems = [];
const fail = (msg) => problems.push(msg);

// parseCSV parses RFC 4180 text, as Go's encoding/csv writes it.
function parseCSV(text) {
  const recs = [];
  let rec = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { rec.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { i++; continue; }
    if (c === '\n') { rec.push(field); recs.push(rec); rec = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || rec.length > 0) { rec.push(field); recs.push(rec); }
  return recs;
}

// csvNumber reads a number as output.FormatFloat writes it.
function csvNumber(s) {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

const sqlString = (s) => "'" + s.replaceAll("'", "''") + "'";

const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
let values = 0;
for (const table of tables) {
  const before = problems.length;
  const pq = join(dir, table + '.parquet');
  if (optional.has(table) && !existsSync(pq)) continue;
  const csv = parseCSV(readFileSync(join(dir, table + '.csv'), 'utf8'));
  const [header, ...rows] = csv;
  const res = await conn.runAndReadAll(
    `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${sqlString(pq)}, file_row_number = true) ORDER BY file_row_number`);
  const names = res.columnNames();
  const types = res.columnTypes().map(String);
  if (JSON.stringify(names) !== JSON.stringify(header)) {
    fail(`${table}: Parquet columns ${JSON.stringify(names)}; CSV header ${JSON.stringify(header)}`);
    continue;
  }
  names.forEach((n, c) => {
    const want = ints.has(n) ? 'INTEGER' : strings.has(n) ? 'VARCHAR' : 'DOUBLE';
    if (types[c] !== want) fail(`${table}: column ${n} is ${types[c]}; want ${want}`);
  });
  const got = res.getRowsJS();
  if (got.length !== rows.length) {
    fail(`${table}: Parquet has ${got.length} rows; CSV has ${rows.length}`);
    continue;
  }
  got.forEach((row, r) => names.forEach((n, c) => {
    const p = row[c], s = rows[r][c];
    values++;
    let ok;
    if (strings.has(n)) ok = p === s;
    else if (s === '') ok = p === null;
    else if (p === null) ok = false;
    else if (n === 'year') ok = p.toFixed(4) === s;
    else ok = p === csvNumber(s);
    if (!ok) fail(`${table} row ${r + 1} column ${n}: Parquet ${JSON.stringify(p)}; CSV ${JSON.stringify(s)}`);
  }));

  // Every metric of the table is described, with the CSV's unit.
  const kv = (await conn.runAndReadAll(
    `SELECT decode(value) FROM parquet_kv_metadata(${sqlString(pq)}) WHERE decode(key) = 'brainsim.units'`)).getRowsJS();
  if (kv.length !== 1) { fail(`${table}: no brainsim.units in the key-value metadata`); continue; }
  const units = JSON.parse(kv[0][0]);
  const mc = names.indexOf('metric'), uc = names.indexOf('unit');
  const described = (name, unit) => {
    const u = units[name];
    if (!u || typeof u.description !== 'string' || !['stock', 'flow'].includes(u.kind)) fail(`${table}: brainsim.units lacks ${name}: ${JSON.stringify(u)}`);
    else if (unit !== undefined && u.unit !== unit) fail(`${table}: brainsim.units gives ${name} unit ${JSON.stringify(u.unit)}; CSV has ${JSON.stringify(unit)}`);
  };
  if (table === 'timeseries') header.slice(3).forEach((name) => described(name));
  else if (table.startsWith('summary')) rows.forEach((rec) => described(rec[mc], rec[uc]));
  else rows.forEach((rec) => {
    const [sector, destination, policy, sex, band] = ['sector', 'destination', 'policy', 'sex', 'age_band'].map((n) => rec[names.indexOf(n)]);
    const name = [rec[mc], sector || destination || policy || sex || band].filter(Boolean).join('.');
    described(name, rec[uc]);
  });
  const verdict = problems.length === before ? 'agree with' : 'DISAGREE with';
  console.log(`${table}.parquet: ${rows.length} rows, ${names.length} columns ${verdict} ${table}.csv`);
}
// The agent-level tables, when the run wrote them (issue 15: --trace,
// --snapshot): every value, with booleans as true/false, float32 skill and
// savings as their shortest decimal, and each column described.
const agentTables = {
  trace: { ints: ['replicate', 'step', 'year', 'agent'], floats32: ['skill', 'savings'], bools: [] },
  snapshots: { ints: ['replicate', 'year', 'agent'], floats32: ['skill', 'savings'], bools: ['recognised', 'public', 'assigned'] },
};
for (const [table, kind] of Object.entries(agentTables)) {
  const pq = join(dir, table + '.parquet');
  let csvText;
  try { csvText = readFileSync(join(dir, table + '.csv'), 'utf8'); } catch { continue; }
  const before = problems.length;
  const [header, ...rows] = parseCSV(csvText);
  const res = await conn.runAndReadAll(
    `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${sqlString(pq)}, file_row_number = true) ORDER BY file_row_number`);
  const names = res.columnNames();
  if (JSON.stringify(names) !== JSON.stringify(header)) {
    fail(`${table}: Parquet columns ${JSON.stringify(names)}; CSV header ${JSON.stringify(header)}`);
    continue;
  }
  const got = res.getRowsJS();
  if (got.length !== rows.length) {
    fail(`${table}: Parquet has ${got.length} rows; CSV has ${rows.length}`);
    continue;
  }
  got.forEach((row, r) => names.forEach((n, c) => {
    const p = row[c], s = rows[r][c];
    values++;
    let ok;
    if (kind.ints.includes(n)) ok = String(p) === s;
    else if (kind.bools.includes(n)) ok = String(p) === s;
    else if (kind.floats32.includes(n)) ok = p === Math.fround(Number(s));
    else if (typeof p === 'number') ok = p === Number(s);
    else ok = (p ?? '') === s;
    if (!ok) fail(`${table} row ${r + 1} column ${n}: Parquet ${JSON.stringify(p)}; CSV ${JSON.stringify(s)}`);
  }));
  const kv = (await conn.runAndReadAll(
    `SELECT decode(value) FROM parquet_kv_metadata(${sqlString(pq)}) WHERE decode(key) = 'brainsim.columns'`)).getRowsJS();
  if (kv.length !== 1) fail(`${table}: no brainsim.columns in the key-value metadata`);
  else {
    const cols = JSON.parse(kv[0][0]);
    names.forEach((n) => { if (!cols[n] || typeof cols[n].description !== 'string') fail(`${table}: brainsim.columns lacks ${n}`); });
  }
  const verdict = problems.length === before ? 'agree with' : 'DISAGREE with';
  console.log(`${table}.parquet: ${rows.length} rows, ${names.length} columns ${verdict} ${table}.csv`);
}

const version = (await conn.runAndReadAll('SELECT version()')).getRowsJS()[0][0];
conn.closeSync();
db.closeSync();
if (problems.length > 0) {
  console.error(`FAIL: ${problems.length} disagreements between the Parquet and CSV files:`);
  for (const p of problems.slice(0, 50)) console.error('  ' + p);
  process.exit(1);
}
console.log(`parquet: ${values} values read by DuckDB ${version} equal the CSV`);
JS

(cd "$tmp" && node check.mjs "$dir")
if [ -n "${draws:-}" ]; then
  # The run with draws: its summary must have the split columns.
  head -1 "$draws/summary.csv" | grep -q ',sd_parameter,sd_stochastic,lo_total,hi_total$' ||
    { echo "FAIL: $draws/summary.csv lacks the split columns"; exit 1; }
  (cd "$tmp" && node check.mjs "$draws")
fi
