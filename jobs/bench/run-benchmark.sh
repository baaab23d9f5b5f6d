#!/usr/bin/env bash
# Measures the E4 upgrade job at scale and compares it with a plain-JDBC baseline.
#
#   jobs/bench/run-benchmark.sh                      (from anywhere; works in the project directory)
#   SIZES="2000x50" jobs/bench/run-benchmark.sh      (only 100k users)
#
# For each size TENANTSxUSERS_PER_TENANT it
#   1. generates tenants.csv + users.csv (DataSetGenerator, deterministic from SEED) into
#      bench/data/<size>-seed<SEED>/, with expected.properties (what the job must report);
#   2. runs the real jar through its fast start (jobs/fast-start.sh; FAST_START=0: java -jar),
#      java -Xmx$XMX -XX:SharedArchiveFile=... -jar e4-upgrade.jar --tenants=... --users=... --output=...,
#      from a fresh working directory bench/runs/<timestamp>-<size>/ (so its H2 file ./data/e4-upgrade
#      is new), measuring wall time, peak RSS (/usr/bin/time -v, else VmHWM polling) and peak heap
#      (the largest heap-before-GC figure of -Xlog:gc, or the heap at exit if larger) and the live
#      heap (the largest after the full GCs it asks for every LIVE_EVERY seconds);
#   3. prints the job's steps from its Spring Batch tables (StepReport: seconds, items/s, users/s);
#   4. checks exactly-once against the generator's expectations (VerifyRun, with the tests' checker:
#      REASSIGNED/SKIPPED counts, no duplicate tenant_id,user_id pair, no PLANNED row left, batches
#      <= 20 users of one tenant, verdicts, cancellations, summary.json, and the H2 file agreeing)
#      and that the job exited 0;
#   5. runs the job again with --dry-run from its own fresh directory (<run>/dry), measured the same;
#   6. runs PlainJdbcFloor (issue 15: the simplest program doing the same load, moves and ledger
#      report, opencsv + plain JDBC on H2's default settings, own fresh H2 file) and
#      PlainJdbcBaseline (the job's design, transaction sizes and durability in plain JDBC), each
#      with the same -Xmx on the same files;
#   7. prints, per size, job/floor and dry run/floor (the issue's targets: 1.5 and 1.0) and
#      job/baseline wall-time ratios, and per step the job's, the dry run's, the floor's and the
#      baseline's seconds (the time before the first step on a line of its own); across sizes,
#      the heap after GC of the smallest and the largest.
# A compact results table ends the output; it is also saved as bench/results-<timestamp>.txt.
#
# Settings (environment):
#   SIZES       sizes to run, TENANTSxUSERS_PER_TENANT        default "2000x50 20000x50" (100k and 1M users)
#   SEED        generator seed                                default 42
#   XMX         heap of the job and the baseline              default 256m
#   BENCH_DIR   where data, runs and results go               default ./bench (gitignored)
#   SKIP_BUILD  1 = reuse the last build in $BENCH_DIR/bin    default 0
#   BASELINE    0 = do not run the baseline                   default 1
#   FLOOR       0 = do not run the floor                      default 1
#   DRY_RUN     0 = do not run the job's dry run              default 1
#   REGENERATE  1 = rewrite the data files even if present    default 0
#   FAST_START  1 = run the job through its fast start    default 1 (0: java -jar e4-upgrade.jar)
#               (jobs/fast-start.sh: the extracted jar and a class data sharing archive, as an operator
#               prepares it; made again after every build)
#   LIVE_EVERY  seconds between the full GCs that measure   default 10 (0: none; the live heap is then
#               the live heap (jcmd GC.run), in every program  the largest figure after any GC)
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
FLOOR=${FLOOR:-1}
DRY_RUN=${DRY_RUN:-1}
REGENERATE=${REGENERATE:-0}
KEEP_DB=${KEEP_DB:-0}
LIVE_EVERY=${LIVE_EVERY:-10}
FAST_START=${FAST_START:-1}

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 2
}

for size in $SIZES; do
    [[ $size =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die "SIZES: '$size' is not TENANTSxUSERS_PER_TENANT (e.g. 2000x50)"
done
[[ $SEED =~ ^-?[0-9]+$ ]] || die "SEED: '$SEED' is not an integer"
[[ $LIVE_EVERY =~ ^[0-9]+$ ]] || die "LIVE_EVERY: '$LIVE_EVERY' is not a number of seconds"
[[ $FAST_START =~ ^[01]$ ]] || die "FAST_START: '$FAST_START' is not 0 or 1"
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

# the job's launch: the fast start an operator prepares with jobs/fast-start.sh (made again for
# every build, since the archive belongs to the jar), or the plain jar with FAST_START=0
if [ "$FAST_START" = 1 ]; then
    if [ ! -s "$bin/fast-start/e4-upgrade.jsa" ] || [ "$bin/e4-upgrade.jar" -nt "$bin/fast-start/e4-upgrade.jsa" ]; then
        log "preparing the job's fast start (jobs/fast-start.sh) in $bin/fast-start"
        "$root/jobs/fast-start.sh" "$bin/e4-upgrade.jar" "$bin/fast-start" || die "the fast start could not be prepared"
    fi
    launch=(-XX:SharedArchiveFile="$bin/fast-start/e4-upgrade.jsa" -jar "$bin/fast-start/e4-upgrade.jar")
    launched="the fast start of jobs/fast-start.sh (extracted jar, class data sharing archive)"
else
    launch=(-jar "$bin/e4-upgrade.jar")
    launched="java -jar e4-upgrade.jar"
fi

# sample_live PID: every LIVE_EVERY seconds, a full GC in the JVM that PID is or runs (jcmd GC.run),
# so that its GC log holds the live heap at that moment ("Pause Full (System.gc())"): the figure
# that says whether memory grows with the data. A young GC's after-figure still holds the old
# generation's garbage, so it follows G1's pacing, not the data.
sample_live() {
    local pid=$1 jvm
    [ "$LIVE_EVERY" -gt 0 ] && command -v jcmd >/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        sleep "$LIVE_EVERY"
        jvm=$(pgrep -P "$pid" java 2>/dev/null | head -1 || true)
        jcmd "${jvm:-$pid}" GC.run >/dev/null 2>&1 || true
    done
}

# measure PREFIX CMD...: runs CMD (stdout/stderr to PREFIX.stdout/.stderr); sets M_RC, M_WALL_MS, M_RSS_KB
# and M_CPU_MS (user + system CPU time, from /usr/bin/time: on a machine shared with other work it
# varies less than the wall time; 0 when unknown)
measure() {
    local prefix=$1
    shift
    local start end pid hwm sampler
    M_RC=0
    M_RSS_KB=0
    M_CPU_MS=0
    start=$(date +%s%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.stdout" 2>"$prefix.stderr" &
        pid=$!
        sample_live "$pid" &
        sampler=$!
        wait "$pid" || M_RC=$?
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        M_RSS_KB=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$prefix.time")
        M_CPU_MS=$(awk -F': *' '/(User|System) time \(seconds\)/ {s += $2} END {printf "%d", s * 1000}' "$prefix.time")
    else
        "$@" >"$prefix.stdout" 2>"$prefix.stderr" &
        pid=$!
        sample_live "$pid" &
        sampler=$!
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            if [ -n "$hwm" ] && [ "$hwm" -gt "$M_RSS_KB" ]; then
                M_RSS_KB=$hwm
            fi
            sleep 0.2
        done
        wait "$pid" || M_RC=$?
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
    fi
    end=$(date +%s%N)
    M_WALL_MS=$(((end - start) / 1000000))
}

# peak_heap GC_LOG: "PEAK_MB AFTER_MB LIVE_MB" = largest heap before a GC (or at exit), largest
# after any GC, largest after a full GC (sample_live's; "-" without one)
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
            if ($0 ~ /Pause Full/ && mb(p[2]) > full) { full = mb(p[2]); fulls++ }
        }
        /heap +total [0-9]+K, used [0-9]+K/ {
            match($0, /used [0-9]+K/); u = substr($0, RSTART + 5, RLENGTH - 6) / 1024
            if (u > peak) peak = u
        }
        END { if (fulls) printf "%.0f %.0f %.0f\n", peak, live, full; else printf "%.0f %.0f -\n", peak, live }' "$1"
}

loadavg() { # the 1, 5 and 15-minute load averages: other work on the machine skews every figure
    cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"
}

seconds() { # MILLIS -> seconds with 1 decimal
    awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'
}

ran() { # MILLIS -> seconds, or "-" for a program that did not run (0)
    if [ "$1" -gt 0 ]; then seconds "$1"; else echo -; fi
}

mb() { # KB -> MB, or "-" for a program that did not run (0)
    if [ "$1" -gt 0 ]; then echo "$(($1 / 1024)) MB"; else echo -; fi
}

# job_run DIR full|dry: the real jar from DIR (a fresh working directory, so its H2 file is new);
# prints its console, figures and steps (DIR/steps.tsv); sets J_RC J_MS J_RSS J_HEAP J_LIVE J_LOAD
job_run() {
    local dir=$1 mode=$2 extra=()
    [ "$mode" = dry ] && extra=(--dry-run)
    mkdir -p "$dir"
    log "$size: job ($mode run) in $dir (log: $dir/logs/e4-upgrade.log), load average $(loadavg)"
    pushd "$dir" >/dev/null
    measure "$dir/job" java -Xmx"$XMX" -Xlog:gc,gc+heap+exit:file="$dir/job-gc.log" \
        "${launch[@]}" --tenants="$data/tenants.csv" --users="$data/users.csv" --output="$dir/out" "${extra[@]}"
    popd >/dev/null
    J_RC=$M_RC J_MS=$M_WALL_MS J_RSS=$M_RSS_KB J_CPU=$M_CPU_MS J_LOAD=$(loadavg)
    read -r J_HEAP J_AFTER J_LIVE < <(peak_heap "$dir/job-gc.log")
    [ "$J_LIVE" = - ] && J_LIVE=$J_AFTER
    cat "$dir/job.stdout"
    [ -s "$dir/job.stderr" ] && sed 's/^/  stderr: /' "$dir/job.stderr"
    printf '  exit code %s, wall %s s, CPU %s s, peak RSS %s MB, peak heap %s MB (live after a full GC %s MB, largest after any GC %s MB), load average %s\n' \
        "$J_RC" "$(seconds "$J_MS")" "$(seconds "$J_CPU")" "$((J_RSS / 1024))" "$J_HEAP" "$J_LIVE" "$J_AFTER" "$J_LOAD"
    bench_java StepReport --url="jdbc:h2:file:$dir/data/e4-upgrade" --tsv="$dir/steps.tsv" | tee "$dir/steps.txt" || true
}

# drop_db DIR RC: the H2 file of a completed run goes (a 1M run leaves ~3 GB) unless KEEP_DB=1; a
# run that did not complete keeps it, so the same command, run from DIR, resumes it
drop_db() {
    if [ "$KEEP_DB" != 1 ] && [ "$2" = 0 ]; then
        rm -f "$1"/data/*.mv.db
    fi
}

# plain_run DIR CLASS DESCRIPTION: a plain-JDBC program on the same files with the same -Xmx;
# sets P_MS P_RSS P_HEAP P_LIVE (P_MS=0 when it failed)
plain_run() {
    local dir=$1 class=$2
    log "$size: $3 in $dir, load average $(loadavg)"
    mkdir -p "$dir"
    measure "$dir/$class" java -Xmx"$XMX" -Xlog:gc,gc+heap+exit:file="$dir/gc.log" \
        -cp "$cp_bench" "com.m365.e4upgrade.bench.$class" \
        --tenants="$data/tenants.csv" --users="$data/users.csv" --work="$dir"
    cat "$dir/$class.stdout"
    P_MS=0 P_RSS=0 P_CPU=0 P_HEAP=- P_LIVE=-
    if [ "$M_RC" != 0 ]; then
        sed 's/^/  stderr: /' "$dir/$class.stderr" | head -20
        echo "  $class failed (exit $M_RC)"
        return
    fi
    P_MS=$M_WALL_MS P_RSS=$M_RSS_KB P_CPU=$M_CPU_MS
    read -r P_HEAP P_AFTER P_LIVE < <(peak_heap "$dir/gc.log")
    [ "$P_LIVE" = - ] && P_LIVE=$P_AFTER
    [ "$KEEP_DB" = 1 ] || rm -f "$dir"/*.mv.db
    printf '  wall %s s, CPU %s s, peak RSS %s MB, peak heap %s MB (live after a full GC %s MB, largest after any GC %s MB)\n' \
        "$(seconds "$P_MS")" "$(seconds "$P_CPU")" "$((P_RSS / 1024))" "$P_HEAP" "$P_LIVE" "$P_AFTER"
}

# ratio A_MS B_MS RC: A/B with 2 decimals, "-" when either is missing, ">x" when A did not finish
ratio() {
    if [ "$1" -le 0 ] || [ "$2" -le 0 ]; then
        echo -
        return
    fi
    awk -v a="$1" -v b="$2" -v rc="$3" 'BEGIN { printf "%s%.2f", (rc == 0 ? "" : ">"), a / b }'
}

failures=0
summary=()
step_tables=()
rss_lines=()
cpu_lines=()
live_sizes=()
live_job=()
live_dry=()

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

    # --- the job: the full run, then the dry run, each from a fresh directory ------------------
    run=$BENCH_DIR/runs/$stamp-$size
    rm -rf "$run"
    mkdir -p "$run"
    job_run "$run" full
    job_rc=$J_RC job_ms=$J_MS job_rss=$J_RSS job_cpu=$J_CPU job_heap=$J_HEAP job_live=$J_LIVE job_load=$J_LOAD

    verdict=OK
    if [ "$job_rc" != 0 ]; then
        verdict="FAIL(exit $job_rc)"
        failures=$((failures + 1))
    elif ! bench_java VerifyRun --out="$run/out" --expected="$data/expected.properties" \
        --url="jdbc:h2:file:$run/data/e4-upgrade;IFEXISTS=TRUE" | tee "$run/verify.txt"; then
        verdict=FAIL
        failures=$((failures + 1))
    fi
    drop_db "$run" "$job_rc"

    dry_rc=- dry_ms=0 dry_rss=0 dry_cpu=0 dry_heap=- dry_live=-
    if [ "$DRY_RUN" = 1 ]; then
        job_run "$run/dry" dry
        dry_rc=$J_RC dry_ms=$J_MS dry_rss=$J_RSS dry_cpu=$J_CPU dry_heap=$J_HEAP dry_live=$J_LIVE
        if [ "$dry_rc" != 0 ]; then
            verdict="$verdict, dry run FAIL(exit $dry_rc)"
            failures=$((failures + 1))
        fi
        drop_db "$run/dry" "$dry_rc"
    fi

    # --- the floor (issue 15) and the baseline ------------------------------------------------
    floor_ms=0 floor_rss=0 floor_cpu=0 floor_heap=- floor_live=- floor_line=""
    if [ "$FLOOR" = 1 ]; then
        plain_run "$run/floor" PlainJdbcFloor "plain JDBC floor (H2 defaults, no framework)"
        floor_ms=$P_MS floor_rss=$P_RSS floor_cpu=$P_CPU floor_heap=$P_HEAP floor_live=$P_LIVE
        floor_line=$(grep '^FLOOR ' "$run/floor/PlainJdbcFloor.stdout" || true)
    fi
    base_ms=0 base_rss=0 base_heap=- base_line=""
    if [ "$BASELINE" = 1 ]; then
        plain_run "$run/baseline" PlainJdbcBaseline "plain JDBC baseline (the job's design and durability)"
        base_ms=$P_MS base_rss=$P_RSS base_heap=$P_HEAP
        base_line=$(grep '^BASELINE ' "$run/baseline/PlainJdbcBaseline.stdout" || true)
    fi

    job_floor=$(ratio "$job_ms" "$floor_ms" "$job_rc")
    dry_floor=$(ratio "$dry_ms" "$floor_ms" "$dry_rc")
    job_base=$(ratio "$job_ms" "$base_ms" "$job_rc")
    printf '\n  %s: job %s s, dry run %s s, floor %s s, baseline %s s; job/floor %s, dry run/floor %s, job/baseline %s\n' \
        "$size" "$(ran "$job_ms")" "$(ran "$dry_ms")" "$(ran "$floor_ms")" "$(ran "$base_ms")" \
        "$job_floor" "$dry_floor" "$job_base"

    summary+=("$(printf '%-10s %9d %8s %8s %8s %8s %9s %9s %9s %11s %11s %11s %6s  %s' "$size" "$users" \
        "$(ran "$job_ms")" "$(ran "$dry_ms")" "$(ran "$floor_ms")" "$(ran "$base_ms")" \
        "$job_floor" "$dry_floor" "$job_base" \
        "$job_heap/$job_live" "$dry_heap/$dry_live" "$floor_heap/$floor_live" "${job_load%% *}" \
        "$verdict (REASSIGNED expected $expected_reassigned)")")
    cpu_lines+=("$(printf '%-10s job %s s, dry run %s s, floor %s s; job/floor %s, dry run/floor %s' "$size" \
        "$(ran "$job_cpu")" "$(ran "$dry_cpu")" "$(ran "$floor_cpu")" \
        "$(ratio "$job_cpu" "$floor_cpu" "$job_rc")" "$(ratio "$dry_cpu" "$floor_cpu" "$dry_rc")")")
    rss_lines+=("$(printf '%-10s job %s, dry run %s, floor %s, baseline %s' "$size" \
        "$(mb "$job_rss")" "$(mb "$dry_rss")" "$(mb "$floor_rss")" "$(mb "$base_rss")")")
    live_sizes+=("$size")
    live_job+=("$job_live")
    live_dry+=("$dry_live")

    # per step: job and dry-run seconds next to the floor's and the baseline's phase of the same name
    # (their 'reports' phase, all files, on the first report step's line); the first line is what comes
    # before the first step (JVM, Spring, Flyway, input check), the wall time less the steps
    step_tables+=("$(awk -F'\t' -v size="$size" -v base="$base_line" -v floor="$floor_line" \
        -v job_ms="$job_ms" -v dry_ms="$dry_ms" -v floor_ms="$floor_ms" -v dryfile="$run/dry/steps.tsv" '
        function load(line, into,    n, kv, i, p) {
            n = split(line, kv, " ")
            for (i = 2; i <= n; i++) { split(kv[i], p, "="); into[p[1]] = p[2] }
        }
        function phase_s(into, phase) {
            return (phase "_ms") in into ? sprintf("%.2f", into[phase "_ms"] / 1000) : "-"
        }
        BEGIN {
            load(base, b); load(floor, f)
            while ((getline line < dryfile) > 0) {
                split(line, c, "\t")
                if (c[1] != "step") { dry[c[1]] = c[3]; if (c[1] !~ /:/) dry_steps += c[3] }
            }
            printf "%s\n  %-30s %9s %11s %11s %9s | %9s %11s | %11s\n", size, "step", "job s", "items/s", "users/s",
                "dry s", "floor s", "floor it/s", "baseline s"
        }
        NR > 1 {
            phase = $1 ~ /Report$/ ? "reports" : $1
            first = !(phase in seen)
            seen[phase] = 1
            fs = first ? phase_s(f, phase) : ""
            fi = first && (phase "_ms") in f && f[phase "_ms"] > 0 ? sprintf("%.0f", f[phase "_items"] * 1000 / f[phase "_ms"]) : ""
            if (first && fi == "" && fs == "-") fi = "-"
            bs = first ? phase_s(b, phase) : ""
            rows[++n] = sprintf("  %-30s %9s %11s %11s %9s | %9s %11s | %11s", $1, $3, $7, ($9 > 0 ? $9 : "-"),
                ($1 in dry ? dry[$1] : "-"), fs, fi, bs)
            if ($1 !~ /:/) steps += $3 # a partition runs inside its step
        }
        END {
            printf "  %-30s %9.2f %11s %11s %9s | %9s %11s | %11s\n", "(start-up and between steps)",
                job_ms / 1000 - steps, "", "", (dry_ms > 0 ? sprintf("%.2f", dry_ms / 1000 - dry_steps) : "-"),
                ("total_ms" in f ? sprintf("%.2f", (floor_ms - f["importTenants_ms"] - f["importUsers_ms"] - f["reassign_ms"] - f["cancel_ms"] - f["reports_ms"]) / 1000) : "-"), "", "-"
            for (i = 1; i <= n; i++) print rows[i]
        }' "$run/steps.tsv" 2>/dev/null || echo "$size: no step table")")
done

{
    log "results (XMX=$XMX, SEED=$SEED, $(nproc) cores; wall = process wall time incl. JVM start)"
    echo "measured: $measured; the job launched as $launched"
    echo "job = full run (embedded gateway), dry = --dry-run, floor = PlainJdbcFloor, base = PlainJdbcBaseline;"
    echo "heap = peak heap / live heap (MB: the largest after a full GC, one every ${LIVE_EVERY}s; after any GC if none);"
    echo "targets (issue 15): job/floor <= 1.5, dry/floor <= 1.0"
    printf '%-10s %9s %8s %8s %8s %8s %9s %9s %9s %11s %11s %11s %6s  %s\n' size users "job s" "dry s" "floor s" \
        "base s" job/floor dry/floor job/base "job heap" "dry heap" "floor heap" load "exactly-once"
    printf '%s\n' "${summary[@]}"
    echo
    echo "CPU time (user + system; less sensitive than the wall time to other work on the machine):"
    printf '  %s\n' "${cpu_lines[@]}"
    echo "peak RSS:"
    printf '  %s\n' "${rss_lines[@]}"
    if [ "${#live_sizes[@]}" -gt 1 ]; then
        first=${live_sizes[0]} last=${live_sizes[${#live_sizes[@]} - 1]}
        echo "live heap (largest after a full GC, MB) from $first to $last: job ${live_job[0]} -> ${live_job[${#live_job[@]} - 1]}," \
            "dry run ${live_dry[0]} -> ${live_dry[${#live_dry[@]} - 1]}"
    fi
    echo
    echo "per step: job and dry run from BATCH_STEP_EXECUTION (reassign items = write batches of <= 20 users);"
    echo "floor and baseline: their phase of the same name ('reports', all files, on the first report step's line;"
    echo "the floor's reassign includes its one planning query, it has no plan, eligibility or rejects step)"
    printf '%s\n\n' "${step_tables[@]}"
} | tee "$results"
echo "saved: $results"

[ "$failures" = 0 ] || exit 1
