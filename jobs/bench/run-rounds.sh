#!/usr/bin/env bash
# Runs jobs/bench/run-benchmark.sh several times and prints each round's ratios to the floor and
# their medians.
#
#   ROUNDS=3 SIZES="20000x50" BASELINE=0 jobs/bench/run-rounds.sh
#
# Why: on a shared 2-core machine the pace of a whole run changes from one run to the next (the
# 1M floor took 43.5, 45.5, 51.8 and 55.7 s in four runs over two days), and within a run between the
# job, the dry run and the floor, which run one after the other. One run's ratio can be a fifth
# off; the median of a few rounds is not thrown by one slow moment.
#
# Every setting of run-benchmark.sh passes through (SIZES, XMX, BASELINE, ...). The first round
# builds the jar; the others reuse that build (SKIP_BUILD=1), so every round measures the same jar.
# Each round's full output is kept in $BENCH_DIR as usual; this prints a table per size:
# the round's wall seconds of the job, the dry run and the floor, then job/floor and dry/floor on
# wall time and on CPU time, and a last line with the median of each column.
#
# Exit code: 0 when every round exited 0 (every job run exited 0 and was exactly once); 1 otherwise.

set -euo pipefail

script_dir=$(cd -- "$(dirname -- "$0")" && pwd)
ROUNDS=${ROUNDS:-3}
if ! [[ $ROUNDS =~ ^[1-9][0-9]*$ ]]; then
    echo "${0##*/}: ROUNDS must be a whole number of at least 1, not '$ROUNDS'" >&2
    exit 2
fi

# The table of the rounds that left a results file, one block per size in the order of SIZES: per
# round, the wall seconds of the job, the dry run and the floor, then job/floor and dry/floor on
# wall and on CPU time; then the median of each column. A column with a value that is not a number
# in some round (">2.21": that program failed; "-": it did not run) has no median ("-").
table() {
    [ "$#" -gt 0 ] || return 0
    awk '
        function median(size, c,    v, sorted, i, j, t) {
            for (v = 1; v <= rounds[size]; v++) {
                if (cell[size, v, c] !~ /^[0-9]+(\.[0-9]+)?$/) return "-"
                sorted[v] = cell[size, v, c]
            }
            for (i = 2; i <= rounds[size]; i++) for (j = i; j > 1 && sorted[j - 1] + 0 > sorted[j] + 0; j--) {
                t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t
            }
            v = rounds[size]
            return v % 2 ? sorted[(v + 1) / 2] : sprintf("%.2f", (sorted[v / 2] + sorted[v / 2 + 1]) / 2)
        }
        FNR == 1 { round++ }
        /^[0-9]+x[0-9]+ +[0-9]+ / { wall[$1] = $3 " " $4 " " $5 " " $7 " " $8 }
        /^  [0-9]+x[0-9]+ +job .*job\/floor/ {
            size = $1
            if (!(size in rounds)) order[++sizes] = size
            v = ++rounds[size]
            n = split(wall[size], w, " ")
            for (c = 1; c <= 5; c++) cell[size, v, c] = (c <= n ? w[c] : "-")
            match($0, /job\/floor [^,]+/); cell[size, v, 6] = substr($0, RSTART + 10, RLENGTH - 10)
            match($0, /dry run\/floor .*/); cell[size, v, 7] = substr($0, RSTART + 14)
            label[size, v] = round
        }
        END {
            printf "\n==== rounds: wall seconds, then ratios to the floor on wall and CPU time (targets: job 1.5, dry run 1.0)\n"
            printf "%-10s %6s %10s %10s %10s %10s %10s %10s %10s\n", "size", "round", "job s", "dry s", "floor s",
                "job/floor", "dry/floor", "CPU job/fl", "CPU dry/fl"
            for (k = 1; k <= sizes; k++) {
                size = order[k]
                for (v = 1; v <= rounds[size]; v++) {
                    line = sprintf("%-10s %6s", size, label[size, v])
                    for (c = 1; c <= 7; c++) line = line sprintf(" %10s", cell[size, v, c])
                    print line
                }
                line = sprintf("%-10s %6s", size, "median")
                for (c = 1; c <= 7; c++) line = line sprintf(" %10s", median(size, c))
                print line
            }
        }' "$@"
}

results=()
failed=0
for round in $(seq 1 "$ROUNDS"); do
    printf '\n==== round %s of %s\n' "$round" "$ROUNDS"
    skip=${SKIP_BUILD:-0}
    [ "$round" -gt 1 ] && skip=1
    out=$(mktemp)
    if ! SKIP_BUILD=$skip "$script_dir/run-benchmark.sh" 2>&1 | tee "$out"; then
        failed=1
    fi
    saved=$(sed -n 's/^saved: //p' "$out" | tail -1)
    rm -f "$out"
    if [ -z "$saved" ] || [ ! -f "$saved" ]; then
        echo "${0##*/}: round $round left no results file; the rounds before it:" >&2
        table "${results[@]+"${results[@]}"}"
        exit 1
    fi
    results+=("$saved")
done

table "${results[@]}"

exit "$failed"
