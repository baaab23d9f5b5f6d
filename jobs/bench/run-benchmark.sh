#!/usr/bin/env bash
# Measures the E4 upgrade job at scale and compares it with a plain-JDBC baseline.
#
#   jobs/bench/run-benchmark.sh                      (from anywhere; works in the project directory)
#   SIZES="2000x50" jobs/bench/run-benchmark.sh      (only 100k users)
#
# For each size TENANTSxUSERS_PER_TENANT it
#   1. generates tenants.csv + users.csv (DataSetGenerator, deterministic from SEED) into
#      bench/data/<size>-seed<SEED>/, with expected.properties (what the job must report);
#   2. runs the real jar, java -Xmx$XMX -jar e4-upgrade.jar --tenants=... --users=... --output=...,
#      from a fresh working directory bench/runs/<timestamp>-<size>/ (so its H2 file ./data/e4-upgrade
#      is new), measuring wall time, peak RSS (/usr/bin/time -v, else VmHWM polling) and peak heap
#      (the largest heap-before-GC figure of -Xlog:gc, or the heap at exit if larger);
#   3. prints the job's steps from its Spring Batch tables (StepReport: seconds, items/s, users/s);
#   4. checks exactly-once against the generator's expectations (VerifyRun, with the tests' checker:
#      REASSIGNED/SKIPPED counts, no duplicate tenant_id,user_id pair, no PLANNED row left, batches
#      <= 20 users of one tenant, verdicts, cancellations, summary.json, and the H2 file agreeing)
#      and that the job exited 0;
#   5. runs PlainJdbcBaseline (same reads/writes/transaction sizes in plain JDBC, own fresh H2 file)
#      with the same -Xmx on the same files, and prints the job/baseline wall-time ratio.
# A compact results table ends the output; it is also saved as bench/results-<timestamp>.txt.
#
# Settings (environment):
#   SIZES       sizes to run, TENANTSxUSERS_PER_TENANT        default "2000x50 20000x50" (100k and 1M users)
#   SEED        generator seed                                default 42
#   XMX         heap of the job and the baseline              default 256m
#   BENCH_DIR   where data, runs and results go               default ./bench (gitignored)
#   SKIP_BUILD  1 = reuse the last build in $BENCH_DIR/bin    default 0
#   BASELINE    0 = do not run the baseline                   default 1
#   REGENERATE  1 = rewrite the data files even if present    default 0
#   KEEP_DB     1 = keep the H2 files after the figures are   default 0 (a 1M run leaves ~3 GB);
#               taken (to EXPLAIN a query); a job that did not complete always keeps its database,
#               so the same command, run from its folder, resumes it
#
# The build is ./mvnw -B -q -Dmaven.test.skip=true -Pbench package: the same jar as -DskipTests,
# plus the bench programs of src/bench/java (profile "bench"); test sources are not compiled, so a
# test being edited cannot stop a benchmark. The jar and classes are then copied to $BENCH_DIR/bin,
# so a concurrent `mvn clean` in target/ does not disturb a long run.
#
# Exit code: 0 when every job run exited 0 and passed the exactly-once checks; 1 otherwise;
# 2 for a bad setting or a failed build.
# Follow a long run with: tail -f bench/runs/<run>/logs/e4-upgrade.log (a line per step start/end).

set -euo pipefail

prog=${0##*/}
script_dir=$(cd -- "$(dirname -- "$0")" && pwd)
root=$(cd -- "$script_dir/../.." && pwd)

SIZES=${SIZES:-"2000x50 20000x50"}
SEED=${SEED:-42}
XMX=${XMX:-256m}
BENCH_DIR=${BENCH_DIR:-"$root/bench"}
SKIP_BUILD=${SKIP_BUILD:-0}
BASELINE=${BASELINE:-1}
REGENERATE=${REGENERATE:-0}
KEEP_DB=${KEEP_DB:-0}

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 2
}

for size in $SIZES; do
    [[ $size =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die "SIZES: '$size' is not TENANTSxUSERS_PER_TENANT (e.g. 2000x50)"
done
[[ $SEED =~ ^-?[0-9]+$ ]] || die "SEED: '$SEED' is not an integer"
command -v java >/dev/null || die "java not found on PATH"

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd -- "$BENCH_DIR" && pwd)
bin=$BENCH_DIR/bin
stamp=$(date +%Y%m%d-%H%M%S)
results=$BENCH_DIR/results-$stamp.txt

log() {
    printf '\n== %s\n' "$*"
}

# --- build ------------------------------------------------------------------------------------

. "$script_dir/build-bench.sh"
build_bench

# measure PREFIX CMD...: runs CMD (stdout/stderr to PREFIX.stdout/.stderr); sets M_RC, M_WALL_MS, M_RSS_KB
measure() {
    local prefix=$1
    shift
    local start end pid hwm
    M_RC=0
    M_RSS_KB=0
    start=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.stdout" 2>"$prefix.stderr" || M_RC=$?
        M_RSS_KB=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$prefix.time")
    else
        "$@" >"$prefix.stdout" 2>"$prefix.stderr" &
        pid=$!
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            if [ -n "$hwm" ] && [ "$hwm" -gt "$M_RSS_KB" ]; then
                M_RSS_KB=$hwm
            fi
            sleep 0.2
        done
        wait "$pid" || M_RC=$?
    fi
    end=$(date +%s%N)
    M_WALL_MS=$(((end - start) / 1000000))
}

# peak_heap GC_LOG: "PEAK_MB LIVE_MB" = largest heap before a GC (or at exit), largest after a GC
peak_heap() {
    awk '
        function mb(v) {
            u = substr(v, length(v)); n = substr(v, 1, length(v) - 1) + 0
            return u == "G" ? n * 1024 : u == "K" ? n / 1024 : u == "B" ? n / 1048576 : n
        }
        match($0, /[0-9]+[BKMG]->[0-9]+[BKMG]\([0-9]+[BKMG]\)/) {
            s = substr($0, RSTART, RLENGTH); split(s, p, /->|\(|\)/)
            if (mb(p[1]) > peak) peak = mb(p[1])
            if (mb(p[2]) > live) live = mb(p[2])
        }
        /heap +total [0-9]+K, used [0-9]+K/ {
            match($0, /used [0-9]+K/); u = substr($0, RSTART + 5, RLENGTH - 6) / 1024
            if (u > peak) peak = u
        }
        END { printf "%.0f %.0f\n", peak, live }' "$1"
}

loadavg() { # the 1, 5 and 15-minute load averages: other work on the machine skews every figure
    cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"
}

seconds() { # MILLIS -> seconds with 1 decimal
    awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'
}

failures=0
summary=()
step_tables=()

for size in $SIZES; do
    tenants=${size%x*}
    per_tenant=${size#*x}
    users=$((tenants * per_tenant))
    data=$BENCH_DIR/data/$size-seed$SEED

    # --- data -------------------------------------------------------------------------------
    if [ "$REGENERATE" = 1 ] || [ ! -f "$data/expected.properties" ]; then
        log "$size: generating $users users into $data"
        rm -rf "$data"
        bench_java DataSetGenerator --tenants="$tenants" --users-per-tenant="$per_tenant" --seed="$SEED" --out="$data"
    else
        log "$size: reusing $data (REGENERATE=1 rewrites it)"
        sed -n 's/^\(users\|reassigned\|skipped\|cancelled\|kept\)=/  expected \1=/p' "$data/expected.properties"
    fi
    expected_reassigned=$(sed -n 's/^reassigned=//p' "$data/expected.properties")

    # --- the job ----------------------------------------------------------------------------
    run=$BENCH_DIR/runs/$stamp-$size
    rm -rf "$run"
    mkdir -p "$run"
    log "$size: job run in $run (log: $run/logs/e4-upgrade.log), load average $(loadavg)"
    pushd "$run" >/dev/null
    measure "$run/job" java -Xmx"$XMX" -Xlog:gc,gc+heap+exit:file="$run/job-gc.log" \
        -jar "$bin/e4-upgrade.jar" --tenants="$data/tenants.csv" --users="$data/users.csv" --output="$run/out"
    popd >/dev/null
    job_rc=$M_RC
    job_ms=$M_WALL_MS
    job_rss=$M_RSS_KB
    job_load=$(loadavg)
    read -r job_heap job_live < <(peak_heap "$run/job-gc.log")
    cat "$run/job.stdout"
    [ -s "$run/job.stderr" ] && sed 's/^/  stderr: /' "$run/job.stderr"
    printf '  exit code %s, wall %s s, peak RSS %s MB, peak heap %s MB (max live after GC %s MB), load average %s\n' \
        "$job_rc" "$(seconds "$job_ms")" "$((job_rss / 1024))" "$job_heap" "$job_live" "$job_load"

    bench_java StepReport --url="jdbc:h2:file:$run/data/e4-upgrade" --tsv="$run/steps.tsv" | tee "$run/steps.txt" || true

    verdict=OK
    if [ "$job_rc" != 0 ]; then
        verdict="FAIL(exit $job_rc)"
        failures=$((failures + 1))
    elif ! bench_java VerifyRun --out="$run/out" --expected="$data/expected.properties" \
        --url="jdbc:h2:file:$run/data/e4-upgrade;IFEXISTS=TRUE" | tee "$run/verify.txt"; then
        verdict=FAIL
        failures=$((failures + 1))
    fi

    if [ "$KEEP_DB" != 1 ] && [ "$job_rc" = 0 ]; then
        rm -f "$run"/data/*.mv.db
    fi

    # --- the baseline -----------------------------------------------------------------------
    base_ms=0 base_rss=0 base_heap=- ratio=- base_line=""
    if [ "$BASELINE" = 1 ]; then
        log "$size: plain JDBC baseline in $run/baseline"
        mkdir -p "$run/baseline"
        measure "$run/baseline/baseline" java -Xmx"$XMX" -Xlog:gc,gc+heap+exit:file="$run/baseline/gc.log" \
            -cp "$cp_bench" com.m365.e4upgrade.bench.PlainJdbcBaseline \
            --tenants="$data/tenants.csv" --users="$data/users.csv" --work="$run/baseline"
        cat "$run/baseline/baseline.stdout"
        if [ "$M_RC" != 0 ]; then
            sed 's/^/  stderr: /' "$run/baseline/baseline.stderr" | head -20
            echo "  the baseline failed (exit $M_RC)"
        else
            base_ms=$M_WALL_MS
            base_rss=$M_RSS_KB
            read -r base_heap _ < <(peak_heap "$run/baseline/gc.log")
            base_line=$(grep '^BASELINE ' "$run/baseline/baseline.stdout" || true)
            if [ "$KEEP_DB" != 1 ]; then
                rm -f "$run"/baseline/*.mv.db
            fi
            ratio=$(awk -v j="$job_ms" -v b="$base_ms" 'BEGIN { printf "%.1f", j / b }')
            if [ "$job_rc" != 0 ]; then
                ratio=">$ratio" # the job did not finish: a lower bound
            fi
            printf '  baseline wall %s s, peak RSS %s MB, peak heap %s MB; job/baseline wall time: %sx\n' \
                "$(seconds "$base_ms")" "$((base_rss / 1024))" "$base_heap" "$ratio"
        fi
    fi

    summary+=("$(printf '%-10s %9d %9s %9s %9s %8s %10s %9s %6s %6s  %s' "$size" "$users" "$(seconds "$job_ms")" \
        "$( [ "$job_rc" = 0 ] && awk -v u="$users" -v ms="$job_ms" 'BEGIN { printf "%.0f", u * 1000 / ms }' || echo -)" \
        "$job_heap" "$((job_rss / 1024))" \
        "$( [ "$base_ms" -gt 0 ] && seconds "$base_ms" || echo -)" "$( [ "$base_rss" -gt 0 ] && echo $((base_rss / 1024)) || echo -)" \
        "$ratio" "${job_load%% *}" "$verdict (REASSIGNED expected $expected_reassigned)")")

    # per step: job seconds and users/s next to the baseline's phase (the four report steps summed)
    step_tables+=("$(awk -F'\t' -v size="$size" -v base="$base_line" '
        BEGIN {
            n = split(base, kv, " ")
            for (i = 2; i <= n; i++) { split(kv[i], p, "="); b[p[1]] = p[2] }
            printf "%s\n  %-30s %9s %11s %11s | %11s %11s\n", size, "step", "job s", "items/s", "users/s", "baseline s", "items/s"
        }
        NR > 1 {
            phase = $1 ~ /Report$/ ? "reports" : $1
            bs = (phase in seen) ? "" : ((phase "_ms") in b ? sprintf("%.2f", b[phase "_ms"] / 1000) : "-")
            bi = (phase in seen) ? "" : ((phase "_ms") in b && b[phase "_ms"] > 0 ? sprintf("%.0f", b[phase "_items"] * 1000 / b[phase "_ms"]) : "-")
            seen[phase] = 1
            printf "  %-30s %9s %11s %11s | %11s %11s\n", $1, $3, $7, ($9 > 0 ? $9 : "-"), bs, bi
        }' "$run/steps.tsv" 2>/dev/null || echo "$size: no step table")")
done

{
    log "results (XMX=$XMX, SEED=$SEED, $(nproc) cores; wall = process wall time incl. JVM start)"
    echo "measured: $measured"
    printf '%-10s %9s %9s %9s %9s %8s %10s %9s %6s %6s  %s\n' size users "job s" "users/s" "heap MB" "RSS MB" \
        "base s" "base RSS" ratio load "exactly-once"
    printf '%s\n' "${summary[@]}"
    echo
    echo "per step: job from BATCH_STEP_EXECUTION (reassign items = write batches of <= 20 users);"
    echo "baseline: its phase of the same name; its 'reports' phase (all four files) is on the eligibilityReport line"
    printf '%s\n\n' "${step_tables[@]}"
} | tee "$results"
echo "saved: $results"

[ "$failures" = 0 ] || exit 1
