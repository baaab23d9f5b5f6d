#!/usr/bin/env bash
# Measures the job with --gateway=graph against Microsoft's write quotas, on a local simulator.
#
#   jobs/bench/run-graph-benchmark.sh                                   (SCENARIO=20x40: 800 users, ~1 min)
#   SCENARIO=300x40 LATENCY_MS=300 PER_ITEM_MS=30 jobs/bench/run-graph-benchmark.sh   (12,000 users)
#   SCENARIO=3x3000 LATENCY_MS=2000 jobs/bench/run-graph-benchmark.sh   (large tenants, slow Graph)
#   SCENARIO=20000x1 DRY_RUN=1 jobs/bench/run-graph-benchmark.sh        (checks only: the eligibility step)
#
#   1. builds the jar and the bench programs (as run-benchmark.sh does; SKIP_BUILD=1 reuses $BENCH_DIR/bin);
#   2. writes TENANTSxUSERS of migrating tenants, every user holding E4 (GraphDataSet), into
#      $BENCH_DIR/graph-data/<scenario>-seed<SEED>/;
#   3. starts QuotaSimulator on 127.0.0.1 (a free port): Entra ID's token endpoint and Graph, the write
#      quotas as token buckets (per app and tenant 3,000/150 s, per app 35,000/300 s, per tenant
#      18,000/300 s), per-item 429 with Retry-After, the latency model, licenses per user from users.csv;
#   4. runs the real jar against it from a fresh directory $BENCH_DIR/graph-runs/<timestamp>-<scenario>/:
#      java -Xmx$XMX -jar e4-upgrade.jar --gateway=graph --graph.client-id=bench --graph.base-url=... ,
#      the client secret in GRAPH_CLIENT_SECRET;
#   5. stops the simulator (its figures: simulator.properties, per-second.tsv, per-tenant-second.tsv,
#      tenants.tsv in the run directory) and prints the job's steps (StepReport) and:
#        users/s while moving      users REASSIGNED / (first $batch received .. last accepted $batch answered)
#        app quota used            accepted writes/s while moving / 116.7 (35,000 per 300 s)
#        whole run vs ideal        the job's wall time against users / 116.7 s (the app quota alone) and
#                                  against users / min(116.7, 20 x tenants) s (with the per-tenant quota)
#        throttled                 items answered 429 / items sent
#        per tenant                writes/s of each tenant while it moved (min/median/max; each tenant
#                                  when there are at most 10)
#      and checks that every user was moved once: the job's REASSIGNED count and the simulator's
#      licenses both equal the users, and no item was refused (a replayed move would be).
#
# Settings (environment):
#   SCENARIO          TENANTSxUSERS_PER_TENANT                         default 20x40
#   LATENCY_MS        a $batch's fixed latency                         default 300
#   PER_ITEM_MS       plus this per item of the $batch                 default 30
#   GET_MS            latency of a GET or a token request              default 150
#   APP_TENANT_QUOTA  writes/seconds per app and tenant                default 3000/150
#   APP_QUOTA         writes/seconds per app, all tenants              default 35000/300
#   TENANT_QUOTA      writes/seconds per tenant, all apps              default 18000/300
#   BURST             bucket size as a share of the window's amount    default 1.0 (full buckets at start)
#   DRY_RUN           1 = --dry-run (checks only, no writes)           default 0
#   PARALLEL_TENANTS  --graph.parallel-tenants (empty: the job's)      default empty
#   JOB_ARGS          more options for the job                         default empty
#   TIMEOUT_S         the simulator stops itself after this            default 3600
#   SEED, XMX (256m), BENCH_DIR (./bench), SKIP_BUILD (0): as in run-benchmark.sh
#
# Exit code: 0 when the job exited 0 and every user was moved exactly once (or, dry run, none was);
# 1 otherwise; 2 for a bad setting, a failed build or a simulator that did not start.

set -euo pipefail

prog=${0##*/}
script_dir=$(cd -- "$(dirname -- "$0")" && pwd)
root=$(cd -- "$script_dir/../.." && pwd)

SCENARIO=${SCENARIO:-20x40}
LATENCY_MS=${LATENCY_MS:-300}
PER_ITEM_MS=${PER_ITEM_MS:-30}
GET_MS=${GET_MS:-150}
APP_TENANT_QUOTA=${APP_TENANT_QUOTA:-3000/150}
APP_QUOTA=${APP_QUOTA:-35000/300}
TENANT_QUOTA=${TENANT_QUOTA:-18000/300}
BURST=${BURST:-1.0}
DRY_RUN=${DRY_RUN:-0}
PARALLEL_TENANTS=${PARALLEL_TENANTS:-}
JOB_ARGS=${JOB_ARGS:-}
TIMEOUT_S=${TIMEOUT_S:-3600}
SEED=${SEED:-42}
XMX=${XMX:-256m}
BENCH_DIR=${BENCH_DIR:-"$root/bench"}
SKIP_BUILD=${SKIP_BUILD:-0}

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 2
}

[[ $SCENARIO =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || die "SCENARIO: '$SCENARIO' is not TENANTSxUSERS_PER_TENANT (e.g. 300x40)"
for n in LATENCY_MS PER_ITEM_MS GET_MS TIMEOUT_S; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n: '${!n}' is not a whole number"
done
for q in APP_TENANT_QUOTA APP_QUOTA TENANT_QUOTA; do
    [[ ${!q} =~ ^[1-9][0-9]*/[1-9][0-9]*$ ]] || die "$q: '${!q}' is not WRITES/SECONDS (e.g. 3000/150)"
done
[[ -z $PARALLEL_TENANTS || $PARALLEL_TENANTS =~ ^[1-9][0-9]*$ ]] || die "PARALLEL_TENANTS: '$PARALLEL_TENANTS' is not a number"
[[ $SEED =~ ^-?[0-9]+$ ]] || die "SEED: '$SEED' is not an integer"
command -v java >/dev/null || die "java not found on PATH"
command -v curl >/dev/null || die "curl not found on PATH (it stops the simulator)"

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd -- "$BENCH_DIR" && pwd)
bin=$BENCH_DIR/bin
stamp=$(date +%Y%m%d-%H%M%S)

log() {
    printf '\n== %s\n' "$*"
}

# --- build ------------------------------------------------------------------------------------

. "$script_dir/build-bench.sh"
build_bench
[ -f "$bin/bench-classes/com/m365/e4upgrade/bench/QuotaSimulator.class" ] || die "$bin has no QuotaSimulator: run without SKIP_BUILD=1"

# --- data -------------------------------------------------------------------------------------

tenants=${SCENARIO%x*}
per_tenant=${SCENARIO#*x}
users=$((tenants * per_tenant))
data=$BENCH_DIR/graph-data/$SCENARIO-seed$SEED
if [ ! -f "$data/expected.properties" ]; then
    log "$SCENARIO: generating $users users into $data"
    rm -rf "$data"
    bench_java GraphDataSet --tenants="$tenants" --users-per-tenant="$per_tenant" --seed="$SEED" --out="$data"
fi

# --- the simulator ----------------------------------------------------------------------------

run=$BENCH_DIR/graph-runs/$stamp-$SCENARIO
rm -rf "$run"
mkdir -p "$run"
log "$SCENARIO: simulator and job in $run"
java -Xmx512m -cp "$cp_bench" com.m365.e4upgrade.bench.QuotaSimulator --users="$data/users.csv" \
    --port-file="$run/simulator.port" --report-dir="$run" --latency-ms="$LATENCY_MS" --per-item-ms="$PER_ITEM_MS" \
    --get-ms="$GET_MS" --app-tenant-quota="$APP_TENANT_QUOTA" --app-quota="$APP_QUOTA" \
    --tenant-quota="$TENANT_QUOTA" --burst="$BURST" --timeout-s="$TIMEOUT_S" >"$run/simulator.out" 2>&1 &
sim_pid=$!
stop_simulator() { # asks it to write its report and end; by its pid if it does not answer
    if kill -0 "$sim_pid" 2>/dev/null; then
        curl -s -m 10 -X POST "http://127.0.0.1:$port/bench/stop" >/dev/null 2>&1 || kill "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
}
port=""
for _ in $(seq 1 300); do
    if [ -s "$run/simulator.port" ]; then
        port=$(cat "$run/simulator.port")
        break
    fi
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    cat "$run/simulator.out" >&2
    kill "$sim_pid" 2>/dev/null || true
    die "the simulator did not start"
fi
trap stop_simulator EXIT
head -1 "$run/simulator.out"

# --- the job ----------------------------------------------------------------------------------

job_args=(--tenants="$data/tenants.csv" --users="$data/users.csv" --output="$run/out" --gateway=graph
    --graph.client-id=bench --graph.base-url="http://127.0.0.1:$port/v1.0" --graph.authority="http://127.0.0.1:$port")
[ "$DRY_RUN" = 1 ] && job_args+=(--dry-run)
[ -n "$PARALLEL_TENANTS" ] && job_args+=(--graph.parallel-tenants="$PARALLEL_TENANTS")
# shellcheck disable=SC2206 # JOB_ARGS is split on purpose
[ -n "$JOB_ARGS" ] && job_args+=($JOB_ARGS)
echo "java -Xmx$XMX -jar e4-upgrade.jar ${job_args[*]}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
job_rc=0
start=$(date +%s%N)
(cd "$run" && GRAPH_CLIENT_SECRET=bench-secret java -Xmx"$XMX" -jar "$bin/e4-upgrade.jar" "${job_args[@]}" \
    >"$run/job.stdout" 2>"$run/job.stderr") || job_rc=$?
end=$(date +%s%N)
job_ms=$(((end - start) / 1000000))
cat "$run/job.stdout"
[ -s "$run/job.stderr" ] && sed 's/^/  stderr: /' "$run/job.stderr" | head -20

stop_simulator
trap - EXIT
grep -v '^sim\.' "$run/simulator.out" | sed -n '2,$p'

bench_java StepReport --url="jdbc:h2:file:$run/data/e4-upgrade" --tsv="$run/steps.tsv" | tee "$run/steps.txt" || true

# --- the figures ------------------------------------------------------------------------------

[ -f "$run/simulator.properties" ] || die "the simulator wrote no report (see $run/simulator.out)"
sim() { sed -n "s/^sim\.$1=//p" "$run/simulator.properties"; }
reassigned=$(grep -c ',REASSIGNED,' "$run/out/reassignments.csv" 2>/dev/null || true)
reassigned=${reassigned:-0}
accepted=$(sim accepted)
throttled=$(sim throttled)
moving_s=$(sim moving_s)
app_rate=$(awk -v q="$APP_QUOTA" 'BEGIN { split(q, p, "/"); printf "%.4f", p[1] / p[2] }')
tenant_rate=$(awk -v q="$APP_TENANT_QUOTA" 'BEGIN { split(q, p, "/"); printf "%.4f", p[1] / p[2] }')

verdict=OK
if [ "$job_rc" != 0 ]; then
    verdict="FAIL (job exit $job_rc)"
elif [ "$DRY_RUN" = 1 ]; then
    [ "$accepted" = 0 ] && [ "$(sim users_moved)" = 0 ] || verdict="FAIL (a dry run wrote)"
elif [ "$reassigned" != "$users" ] || [ "$(sim users_moved)" != "$users" ] || [ "$(sim refused_items)" != 0 ]; then
    verdict="FAIL (REASSIGNED $reassigned, moved in Graph $(sim users_moved), refused items $(sim refused_items); expected $users, $users, 0)"
fi

{
    log "Graph benchmark $SCENARIO ($users users in $tenants tenants$( [ "$DRY_RUN" = 1 ] && echo ", dry run"))"
    echo "measured: $measured; $(nproc) cores, load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "latency: \$batch ${LATENCY_MS} ms + ${PER_ITEM_MS} ms/item, GET/token ${GET_MS} ms; quotas: app+tenant $APP_TENANT_QUOTA," \
        "app $APP_QUOTA, tenant $TENANT_QUOTA, burst x$BURST; parallel tenants: ${PARALLEL_TENANTS:-job default}"
    if [ "$DRY_RUN" = 1 ]; then
        eligibility_s=$(awk -F'\t' '$1 == "eligibility" { print $3 }' "$run/steps.tsv" 2>/dev/null || true)
        awk -v tenants="$tenants" -v s="${eligibility_s:-0}" -v wall="$job_ms" -v tokens="$(sim tokens)" -v gets="$(sim gets)" 'BEGIN {
            printf "  checks only: job wall time %.1f s; eligibility step %.1f s for %d tenants = %.1f tenants/s (%.0f ms a tenant)\n",
                wall / 1000, s, tenants, (s > 0 ? tenants / s : 0), (tenants > 0 ? 1000 * s / tenants : 0)
            printf "  calls: %d token requests, %d GETs, no write\n", tokens, gets
        }'
    else
        awk -v users="$users" -v tenants="$tenants" -v reassigned="$reassigned" -v accepted="$accepted" \
            -v throttled="$throttled" -v moving="$moving_s" -v job_ms="$job_ms" -v app="$app_rate" -v tr="$tenant_rate" \
            -v peak="$(sim peak_accepted_per_s)" -v batches="$(sim batches)" -v tokens="$(sim tokens)" -v gets="$(sim gets)" \
            -v scopes="$(sim throttled_by_scope)" -v pct="$(sim limit_percentage_headers)" 'BEGIN {
            wall = job_ms / 1000
            ideal_app = users / app
            bound = tenants * tr < app ? tenants * tr : app
            ideal = users / bound
            sent = accepted + throttled
            printf "  job wall time                  %10.1f s (exit code and all steps, JVM start included)\n", wall
            printf "  moving (1st $batch..last write) %9.1f s\n", moving
            if (moving > 0) {
                printf "  users/s while moving           %10.1f  (%d users REASSIGNED)\n", reassigned / moving, reassigned
                printf "  app write quota used           %9.1f %%  (%.1f accepted writes/s / %.1f; peak second %d writes)\n",
                    100 * accepted / moving / app, accepted / moving, app, peak
            }
            printf "  whole run vs ideal             %10.1fx (%.1f s against users / app rate = %.1f s)\n", wall / ideal_app, wall, ideal_app
            printf "                                 %10.1fx (against users / min(app, %.0f/s x tenants) = %.1f s)\n", wall / ideal, tr, ideal
            printf "  items throttled                %9.1f %%  (%d of %d items sent; by scope %s; %d answers above 80 %% of a limit)\n",
                (sent > 0 ? 100 * throttled / sent : 0), throttled, sent, scopes, pct
            printf "  calls                          %10d $batch, %d token requests, %d GETs\n", batches, tokens, gets
        }'
        printf '  per tenant writes/s while it moved: min %s, median %s, max %s (%s tenants; its quota: %.1f/s)\n' \
            "$(sim tenant_writes_per_s_min)" "$(sim tenant_writes_per_s_median)" "$(sim tenant_writes_per_s_max)" \
            "$(sim tenants_written)" "$tenant_rate"
    fi
    if [ "$tenants" -le 10 ] && [ -f "$run/tenants.tsv" ]; then
        awk -F'\t' 'NR > 1 { printf "    %s  %6d accepted %6d throttled over %7.1f s: %6.2f writes/s\n", $1, $2, $3, $4, $5 }' "$run/tenants.tsv"
    fi
    if [ -f "$run/steps.tsv" ]; then
        awk -F'\t' 'NR > 1 && ($1 == "eligibility" || $1 == "reassign") { printf "  step %-25s %9s s\n", $1, $3 }' "$run/steps.tsv"
    fi
    echo "  $( [ "$DRY_RUN" = 1 ] && echo "no write (dry run)" || echo "exactly once"): $verdict"
    echo "  files: $run (simulator.properties, per-second.tsv, per-tenant-second.tsv, tenants.tsv, steps.tsv)"
} | tee "$run/results.txt"

[ "$verdict" = OK ] || exit 1
