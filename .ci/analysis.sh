#!/usr/bin/env bash
# Runs the snippets of docs/analysis.md that Debian's packages can run
# (pandas; base R, readr and data.table) and the DuckDB SQL (with DuckDB
# from npm) against a small run's files, and checks that each loaded every
# value: the long table holds the wide table's values under the right
# metric and dimensions, missing values where the wide table has them, and
# the summary one row per step and metric. The snippets are cut from the
# doc, each from the code block after its `<!-- ci: NAME -->` line, so the
# doc shows exactly what runs here.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== docs/analysis.md: the pandas, R and DuckDB snippets load every value"
doc=docs/analysis.md

missing=()
for p in python3-pandas r-base-core r-cran-readr r-cran-data.table; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files="$tmp/files"
mkdir -p "$files"
BRAINSIM_PARQUET_DIR="$files" go test -count=1 -run '^TestWriteParquetFiles$' ./output/ >/dev/null

# snippet NAME prints the code block that follows <!-- ci: NAME --> in the doc.
snippet() {
  local code
  code=$(awk -v name="$1" '
    $0 == "<!-- ci: " name " -->" { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }
  ' "$doc")
  if [ -z "$code" ]; then
    echo "no code block after <!-- ci: $1 --> in $doc" >&2; exit 1
  fi
  printf '%s\n' "$code"
}

# The Debian interpreter: a python3 earlier on PATH (pyenv, a venv) lacks
# Debian's pandas.
echo "-- pandas"
{ snippet pandas; cat <<'PY'

# Check (not in the doc): every value of the wide table is in the long one.
import math
metrics = list(wide.columns[3:])
assert len(long) == len(wide) * len(metrics), (len(long), len(wide), metrics)
for k, row in enumerate(long.itertuples(index=False)):
    w = wide.iloc[k // len(metrics)]
    name = metrics[k % len(metrics)]
    dims = [d for d in (row.sector, row.destination, row.policy) if d]
    assert name == ".".join([row.metric] + dims), (k, name, row)
    assert (row.replicate, row.step) == (w.replicate, w.step), (k, row, w)
    a, b = row.value, w[name]
    assert (math.isnan(a) and math.isnan(b)) or a == b, (k, name, a, b)
assert len(summary) == wide.step.nunique() * len(metrics), len(summary)
got = summary[(summary.step == 1) & (summary.metric == metrics[0])]["mean"].iloc[0]
want = wide[wide.step == 1][metrics[0]].mean()
assert math.isclose(got, want, rel_tol=1e-12), (got, want)
assert "diaspora.New Zealand" in metrics, metrics
print(f"pandas: {len(long)} long rows agree with {len(wide)} wide rows and the summary")
PY
} >"$tmp/check_pandas.py"
(cd "$files" && /usr/bin/python3 "$tmp/check_pandas.py")

cat >"$tmp/check.R" <<'R'
# Check (not in the doc): every value of the wide table is in the long one.
wide <- as.data.frame(wide); long <- as.data.frame(long); summ <- as.data.frame(summ)
metrics <- names(wide)[-(1:3)]
stopifnot("diaspora.New Zealand" %in% metrics, nrow(long) == nrow(wide) * length(metrics))
for (k in seq_len(nrow(long))) {
  w <- wide[(k - 1) %/% length(metrics) + 1, ]
  name <- metrics[(k - 1) %% length(metrics) + 1]
  dims <- unlist(long[k, c("sector", "destination", "policy")])
  dims <- dims[!is.na(dims) & dims != ""]
  got <- paste(c(long$metric[k], dims), collapse = ".")
  if (got != name || long$replicate[k] != w$replicate || long$step[k] != w$step)
    stop(sprintf("long row %d is %s at replicate %d step %d; want %s", k, got, long$replicate[k], long$step[k], name))
  a <- long$value[k]; b <- w[[name]]
  if (!identical(is.na(a), is.na(b)) || (!is.na(a) && a != b))
    stop(sprintf("long row %d (%s) value %s; wide %s", k, name, a, b))
}
stopifnot(nrow(summ) == length(unique(wide$step)) * length(metrics))
got <- summ$mean[summ$step == 1 & summ$metric == metrics[1]]
stopifnot(isTRUE(all.equal(got, mean(wide[wide$step == 1, metrics[1]]), tolerance = 1e-12)))
cat(sprintf("%s: %d long rows agree with %d wide rows and the summary\n", snippet, nrow(long), nrow(wide)))
R
for s in base-r readr data.table; do
  echo "-- $s"
  { snippet "$s"; echo; echo "snippet <- \"$s\""; cat "$tmp/check.R"; } >"$tmp/$s.R"
  (cd "$files" && Rscript "$tmp/$s.R")
done

echo "-- DuckDB SQL"
(cd "$tmp" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --loglevel=error @duckdb/node-api@1.5.6-r.1 >/dev/null)
snippet duckdb >"$tmp/snippet.sql"
cat >"$tmp/sql.mjs" <<'JS'
// Runs each statement of the SQL snippet in the files' folder; each must
// return rows, the wide column must read the same from Parquet and CSV,
// and the metadata must describe every metric of the wide table.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const sql = readFileSync(process.argv[2], 'utf8');
const statements = sql.split(/;\s*$/m).map((s) => s.trim()).filter((s) => s.replace(/--.*$/gm, '').trim());
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const results = [];
for (const s of statements) {
  const rows = (await conn.runAndReadAll(s)).getRowsJS();
  if (rows.length === 0) throw new Error(`no rows from:\n${s}`);
  results.push(rows);
}
const [, fromParquet, fromCSV, units] = results;
// read_csv infers BIGINT (a JS BigInt) where Parquet has INTEGER.
const text = (rows) => JSON.stringify(rows, (_, v) => (typeof v === 'bigint' ? Number(v) : v));
if (text(fromParquet) !== text(fromCSV))
  throw new Error(`wide column from Parquet ${text(fromParquet)}; from CSV ${text(fromCSV)}`);
const header = readFileSync('timeseries.csv', 'utf8').split('\n')[0].split(',').slice(3);
const described = units.map((r) => r[0]).sort();
if (JSON.stringify(described) !== JSON.stringify([...header].sort()))
  throw new Error(`metadata describes ${described}; the wide table has ${header}`);
console.log(`duckdb: ${statements.length} statements ran; Parquet and CSV agree; ${described.length} metrics described`);
JS
cp "$tmp/sql.mjs" "$files/" && ln -s "$tmp/node_modules" "$files/node_modules"
(cd "$files" && node sql.mjs "$tmp/snippet.sql")
