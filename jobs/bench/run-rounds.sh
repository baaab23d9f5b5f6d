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
case $ROUNDS in
    '' | *[!0-9]* | 0) echo "${0##*/}: ROUNDS must be a whole number of at least 1, not '$ROUNDS'" >&2; exit 2 ;;
esac

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
        echo "${0##*/}: round $round left no results file" >&2
        exit 1
    fi
    results+=("$saved")
done

# one line per (size, round): size round job dry floor job/floor dry/floor cpu-job/floor cpu-dry/floor
awk '
    FNR == 1 { round++ }
    /^[0-9]+x[0-9]+ +[0-9]+ / { wall[$1] = $3 " " $4 " " $5 " " $7 " " $8 }
    /^  [0-9]+x[0-9]+ +job .*job\/floor/ {
        size = $1
        match($0, /job\/floor [^,]+/); cj = substr($0, RSTART + 10, RLENGTH - 10)
        match($0, /dry run\/floor .*/); cd = substr($0, RSTART + 14)
        print size, round, wall[size], cj, cd
    }' "${results[@]}" | sort -k1,1 -k2,2n | awk '
    function median(values, n,    sorted, i, j, t) {
        for (i = 1; i <= n; i++) sorted[i] = values[i]
        for (i = 2; i <= n; i++) for (j = i; j > 1 && sorted[j - 1] + 0 > sorted[j] + 0; j--) {
            t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t
        }
        return n % 2 ? sorted[(n + 1) / 2] : sprintf("%.2f", (sorted[n / 2] + sorted[n / 2 + 1]) / 2)
    }
    function flush(    c, v) {
        if (size == "") return
        line = sprintf("%-10s %6s", size, "median")
        for (c = 3; c <= 9; c++) {
            for (v = 1; v <= n; v++) column[v] = cell[v, c]
            line = line sprintf(" %10s", median(column, n))
        }
        print line
        n = 0
    }
    BEGIN {
        printf "\n==== %s\n", "rounds: wall seconds, then ratios to the floor on wall and CPU time (targets: job 1.5, dry run 1.0)"
        printf "%-10s %6s %10s %10s %10s %10s %10s %10s %10s\n", "size", "round", "job s", "dry s", "floor s",
            "job/floor", "dry/floor", "CPU job/fl", "CPU dry/fl"
    }
    $1 != size { flush(); size = $1 }
    {
        n++
        for (c = 3; c <= 9; c++) cell[n, c] = $c
        printf "%-10s %6s %10s %10s %10s %10s %10s %10s %10s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9
    }
    END { flush() }'

exit "$failed"
