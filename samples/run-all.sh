#!/usr/bin/env bash
# Runs every valuecore command on the bundled samples with --report and --xlsx, one sub-folder per run, and writes
# an index page (index.html) linking every report and workbook: the whole toolkit, ready to show.
#
#   samples/run-all.sh [FOLDER]          (default: samples-out; run from the repository root)
#   VALUECORE=valuecore samples/run-all.sh out   (an installed tool instead of the source build)
#
# Every run keeps its own manifest.json (inputs' SHA-256, parameters), so the folder is a record of what was run.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-samples-out}"
currency="${CURRENCY:-EUR}"
if [ -n "${VALUECORE:-}" ]; then
  vc() { "$VALUECORE" "$@"; }
else
  dotnet build src/ValueCore.Cli -c Release -v q -nologo > /dev/null
  vc() { dotnet run --project src/ValueCore.Cli -c Release --no-build -- "$@"; }
fi

mkdir -p "$out"
runs=()
# run NAME "TITLE" COMMAND...: one command into $out/NAME with a report and a workbook.
run() {
  local name="$1" title="$2"; shift 2
  echo "-- $name: valuecore $*"
  rm -rf "${out:?}/$name"
  vc "$@" --out "$out/$name" --report --xlsx --quiet > "$out/$name.log" 2>&1 || { cat "$out/$name.log"; echo "run-all: $name failed"; exit 1; }
  runs+=("$name|$title")
}

matrix=(--matrix samples/five-tier-matrix.csv --default-states substandard,doubtful,loss)
run raroc "RAROC and EVA by segment and product" raroc --book samples/loanbook.csv --by segment --by segment,product --currency "$currency"
run capital "Portfolio Monte Carlo capital, Euler contributions" capital --book samples/loanbook.csv --mc-scenarios 50000 --seed 7 --confidence 0.99 --currency "$currency"
run scenario "Stress scenarios against the baseline" scenario --book samples/loanbook.csv --scenarios samples/scenarios.yaml --measures raroc,capital --mc-scenarios 5000 --no-loans --currency "$currency"
run provision-ecl "IFRS 9 staging and expected credit loss" provision ecl --book samples/provisions-book.csv "${matrix[@]}" --currency "$currency"
run provision-migration "Migration-model collective provisions" provision migration --book samples/provisions-book.csv "${matrix[@]}" --currency "$currency"
run lifetime "Lifetime value: NPV of EVA and break-even rates" lifetime --book samples/provisions-book.csv "${matrix[@]}" --by segment --currency "$currency"
run migration "Transition matrix from the rating history" migration estimate --history samples/migration-history.csv --method cohort
run impair "DCF impairment and the allowance roll-forward" impair --loans samples/impairment-loans.csv --cashflows samples/impairment-cashflows.csv --roll-forward 2025-12-31,2026-12-31 --currency "$currency"
run impair-eir "Effective interest rates" impair eir --cashflows samples/impairment-contractual.csv
run market-risk "Market risk: historical VaR and ES" market-risk --pnl samples/risk/pnl.csv --currency "$currency"
run op-risk "Operational risk: Basel III standardised approach" op-risk --bi samples/risk/bi.csv --losses samples/risk/losses.csv --currency "$currency"
run aggregate "Credit, market and operational risk aggregated" aggregate --capital samples/risk/capital.csv --correlation samples/risk/correlation.csv --currency "$currency"

{
  echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ValueCore sample reports</title>'
  echo '<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}td,th{padding:.3em .8em;text-align:left}'
  echo 'tr:nth-child(even){background:#f3f5f8}</style></head><body><h1>ValueCore sample reports</h1>'
  echo '<p>Every command run on the bundled samples. Each report is one self-contained file; each workbook holds the'
  echo 'same tables with totals; manifest.json records the inputs and parameters.</p><table><tr><th>run</th><th>report</th><th>workbook</th></tr>'
  for r in "${runs[@]}"; do
    name="${r%%|*}"; title="${r#*|}"
    echo "<tr><td>$title</td><td><a href=\"$name/report.html\">$name/report.html</a></td><td><a href=\"$name/results.xlsx\">results.xlsx</a></td></tr>"
  done
  echo '</table></body></html>'
} > "$out/index.html"
echo "run-all: ${#runs[@]} runs; open $out/index.html"
