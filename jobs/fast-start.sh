#!/usr/bin/env bash
# Prepares the job's fast start: Spring Boot's extracted layout of the jar, and a class data
# sharing (CDS) archive of the classes a run loads, made by one run of input-samples/ on this JVM.
#
#   jobs/fast-start.sh [JAR [DIR]]     JAR: target/e4-upgrade.jar, DIR: target/fast-start (defaults)
#
# Then the jar runs the same way, with the same options, files, reports and exit codes (the
# benchmark checks the job's reports through it), and starts about 2 s sooner on a 2-core machine
# (README, "Start-up and shutdown"):
#
#   java -XX:SharedArchiveFile=DIR/e4-upgrade.jsa -jar DIR/e4-upgrade.jar --tenants=... --users=...
#
# The JVM maps the archived classes instead of reading, parsing and verifying them from the jar's
# nested jars. The archive belongs to this JDK and this jar: make it again after changing either
# (a JVM that cannot use it says so in one warning line and runs without it). The training run works
# in a temporary folder of its own and leaves nothing else behind.
#
# Exit code: 0 when DIR holds the layout and the archive; 1 otherwise.

set -euo pipefail

prog=${0##*/}
root=$(cd -- "$(dirname -- "$0")/.." && pwd)
jar=${1:-"$root/target/e4-upgrade.jar"}
dir=${2:-"$root/target/fast-start"}

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 1
}

[ -f "$jar" ] || die "no jar at $jar: build it first (./mvnw -B package -DskipTests)"
command -v java >/dev/null || die "java not found on PATH"
name=$(basename -- "$jar")

# the layout: the application's own jar, its libraries beside it in lib/
rm -rf "$dir"
mkdir -p "$dir"
java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null ||
    die "could not extract $jar into $dir"
[ "$name" = e4-upgrade.jar ] || mv "$dir/$name" "$dir/e4-upgrade.jar"

# the archive: the classes of a whole run (import, eligibility, plan, moves, cancellation,
# reports), written when the training run exits
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && java -XX:ArchiveClassesAtExit="$dir/e4-upgrade.jsa" -jar "$dir/e4-upgrade.jar" \
    --tenants="$root/input-samples/tenants.csv" --users="$root/input-samples/users.csv" \
    --output="$work/out" >"$work/training.out" 2>&1) ||
    die "the training run failed: $(tail -3 "$work/training.out" | tr '\n' ' ')"
[ -s "$dir/e4-upgrade.jsa" ] || die "the training run wrote no archive (see $work/training.out)"

echo "fast start ready in $dir: java -XX:SharedArchiveFile=$dir/e4-upgrade.jsa -jar $dir/e4-upgrade.jar ..."
