#!/usr/bin/env bash
# Times `valuecore raroc` against the yardsticks in ../shared/yardsticks (a tight C loop and the pandas/numpy script a
# user would otherwise write) on the same seeded book, in the same run; prints a markdown table of medians and ratios.
# Two builds of valuecore are timed: the Release build that `dotnet run -c Release` and the tool package run
# (framework-dependent, ReadyToRun), and the native AOT executable of `dotnet publish -r linux-x64 -p:PublishAot=true`.
#   benchmarks/yardsticks.sh ROWS [RUNS]      (needs gcc, python3 with numpy/scipy/pandas, and the .NET SDK)
set -euo pipefail
rows=${1:-1000000}; runs=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
yard=${YARDSTICKS:-$here/../shared/yardsticks}
py=${PYTHON:-python3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
book=$work/book.csv
$py "$yard/gen_loanbook.py" "$rows" -o "$book"
gcc -O2 -march=native -o "$work/raroc_c" "$yard/raroc_c.c" -lm
dotnet build -c Release "$here/src/ValueCore.Cli" -v q -nologo >/dev/null
vc="$here/src/ValueCore.Cli/bin/Release/net10.0/ValueCore.Cli"
rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
dotnet publish -c Release -r "$rid" -p:PublishAot=true "$here/src/ValueCore.Cli" -o "$work/aot" -v q -nologo >/dev/null
vcaot="$work/aot/ValueCore.Cli"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The programs take turns, one run each per round, so that a slow spell on the shared machine falls on all of them
# alike rather than on whichever program was being timed at the time.
programs=(valuecore valuecore_aot c_loop)
if [ "${SKIP_NUMPY:-0}" != 1 ]; then programs+=(pandas_numpy); fi
cmd_valuecore=("$vc" raroc --book "$book" --out "$work/vc")
cmd_valuecore_aot=("$vcaot" raroc --book "$book" --out "$work/vcaot")
cmd_c_loop=("$work/raroc_c" "$book" "$work/c_loans.csv" "$work/c_seg.csv")
cmd_pandas_numpy=("$py" "$yard/raroc_numpy.py" "$book" "$work/np_loans.csv" "$work/np_seg.csv")

load=$(cut -d' ' -f1-3 /proc/loadavg)
for _ in $(seq "$runs"); do
  for name in "${programs[@]}"; do
    declare -n command="cmd_$name"
    sync # untimed: no run starts while the kernel is still writing back an earlier run's output
    /usr/bin/time -f "%e %M %U %S" -o "$work/t" "${command[@]}" >/dev/null 2>&1
    unset -n command
    read -r w m u s < "$work/t"
    echo "$name $w $m $(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')" >> "$work/runs"
  done
done
for name in "${programs[@]}"; do # name, median wall, median peak KiB, median CPU
  echo "$name $(awk -v n="$name" '$1==n {print $2}' "$work/runs" | median) $(awk -v n="$name" '$1==n {print $3}' "$work/runs" | median) $(awk -v n="$name" '$1==n {print $4}' "$work/runs" | median)"
done > "$work/results"
cmp -s "$work/vc/loans.csv" "$work/vcaot/loans.csv" || { echo "valuecore and valuecore_aot wrote different loans.csv" >&2; exit 1; }

vcw=$(awk '$1=="valuecore"{print $2}' "$work/results")
vcaw=$(awk '$1=="valuecore_aot"{print $2}' "$work/results")
echo "| program | rows | median wall (s) | loans/s | CPU user+sys (s) | peak RSS (MiB) | time / valuecore | time / valuecore_aot |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
while read -r name w m c; do
  awk -v n="$name" -v w="$w" -v m="$m" -v c="$c" -v r="$rows" -v v="$vcw" -v a="$vcaw" \
    'BEGIN { printf "| %s | %d | %.2f | %.0f | %.2f | %.0f | %.2fx | %.2fx |\n", n, r, w, r / w, c, m / 1024, w / v, w / a }'
done < "$work/results"
echo
echo "Every run, in order (program, wall s, peak KiB, CPU s):"
awk '{printf "%s %s %s %s; ", $1, $2, $3, $4} END {print ""}' "$work/runs"
echo
echo "($runs rounds, the programs taking turns, median; load average before: $load; $(nproc) cores; $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'); $(date -u +%Y-%m-%d))"
