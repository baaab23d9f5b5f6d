#!/usr/bin/env bash
# Launches the Office 365 E4 upgrade batch job from an env file of settings.
#
#   jobs/e4-upgrade.sh [ENV_FILE]        (default: e4-upgrade.env next to this script)
#
# The env file holds KEY=VALUE lines (see e4-upgrade.env). A variable that is already set in the
# environment wins over the file, so cron, systemd or Kubernetes can override one setting
# (e.g. STOP_AT=06:00 jobs/e4-upgrade.sh). An empty value means "not set": the option is not passed
# and the job's default applies.
#
# The database password is never read from the env file: it comes from the environment variable
# DATASOURCE_PASSWORD, or from the file named by DATASOURCE_PASSWORD_FILE (a systemd credential, a
# mounted Kubernetes secret, a root-only file). It is handed to Java as SPRING_DATASOURCE_PASSWORD in
# the environment, not on the command line, so `ps` does not show it, and this script never prints it.
#
# The script ends by exec'ing java: the job's exit code is this script's exit code, and signals
# (SIGTERM from systemd, Kubernetes or kill) reach the JVM directly.
#   0 completed (or nothing left to do)   1 failed: rerun the same command to resume
#   2 cannot start, nothing written        3 stopped at STOP_AT or by SIGTERM: rerun resumes
#   4 the same migration or database is in use by another run
# Problems found here, before Java starts, exit with 2.

set -eu

prog=${0##*/}
script_dir=$(cd -- "$(dirname -- "$0")" && pwd)
env_file=${1:-"$script_dir/e4-upgrade.env"}

die() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 2
}

[ -f "$env_file" ] || die "env file not found: $env_file"
[ -r "$env_file" ] || die "env file not readable: $env_file"

# Names set in the environment before the file is read; they win over the file. Within the file,
# a later line wins over an earlier one.
env_names=" $(compgen -e | tr '\n' ' ') "

lineno=0
while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    line=${line%$'\r'}
    # Trim leading blanks; skip blank lines and comments.
    line=${line#"${line%%[![:space:]]*}"}
    case $line in
        '' | '#'*) continue ;;
    esac
    line=${line#export }
    key=${line%%=*}
    if [ "$key" = "$line" ] || ! [[ $key =~ ^[A-Z_][A-Z0-9_]*$ ]]; then
        die "$env_file:$lineno: expected KEY=VALUE"
    fi
    value=${line#*=}
    # One pair of surrounding quotes is removed, as systemd's EnvironmentFile= does.
    if [[ $value =~ ^\"(.*)\"$ ]] || [[ $value =~ ^\'(.*)\'$ ]]; then
        value=${BASH_REMATCH[1]}
    fi
    if [ "$key" = DATASOURCE_PASSWORD ] || [ "$key" = SPRING_DATASOURCE_PASSWORD ]; then
        die "$env_file:$lineno: $key must not be in the env file; set DATASOURCE_PASSWORD in the environment or DATASOURCE_PASSWORD_FILE"
    fi
    case $key in
        WORK_DIR | JAR | JAVA_OPTS | TENANTS | USERS | OUTPUT_DIR | DRY_RUN | STOP_AT | MAX_REJECTS | LOCALE | \
            SOURCE_SKU | CHUNK_SIZE | SKU_CATALOG | DATASOURCE_URL | DATASOURCE_USERNAME | DATASOURCE_PASSWORD_FILE) ;;
        *)
            printf '%s: %s:%s: unknown setting %s ignored\n' "$prog" "$env_file" "$lineno" "$key" >&2
            continue
            ;;
    esac
    case $env_names in
        *" $key "*) ;;
        *) printf -v "$key" '%s' "$value" ;;
    esac
done < "$env_file"

if [ -n "${WORK_DIR:-}" ]; then
    cd -- "$WORK_DIR" || die "cannot enter WORK_DIR $WORK_DIR"
fi

jar=${JAR:-"$script_dir/../target/e4-upgrade.jar"}
[ -f "$jar" ] || die "jar not found: $jar (set JAR in $env_file)"
[ -n "${TENANTS:-}" ] || die "TENANTS is not set in $env_file"
[ -n "${USERS:-}" ] || die "USERS is not set in $env_file"

if [ -n "${JAVA_HOME:-}" ]; then
    java=$JAVA_HOME/bin/java
else
    java=$(command -v java) || die "java not found: install a Java 17 runtime or set JAVA_HOME"
fi

java_opts=()
if [ -n "${JAVA_OPTS:-}" ]; then
    read -r -a java_opts <<< "$JAVA_OPTS"
fi

args=(--tenants="$TENANTS" --users="$USERS")
[ -z "${OUTPUT_DIR:-}" ] || args+=(--output="$OUTPUT_DIR")
case ${DRY_RUN:-} in
    '' | [Ff][Aa][Ll][Ss][Ee] | [Nn][Oo] | 0) ;;
    [Tt][Rr][Uu][Ee] | [Yy][Ee][Ss] | 1) args+=(--dry-run) ;;
    *) die "DRY_RUN must be true or false, not '$DRY_RUN'" ;;
esac
[ -z "${STOP_AT:-}" ] || args+=(--stop-at="$STOP_AT")
[ -z "${MAX_REJECTS:-}" ] || args+=(--max-rejects="$MAX_REJECTS")
[ -z "${LOCALE:-}" ] || args+=(--locale="$LOCALE")
[ -z "${SOURCE_SKU:-}" ] || args+=(--source-sku="$SOURCE_SKU")
[ -z "${CHUNK_SIZE:-}" ] || args+=(--chunk-size="$CHUNK_SIZE")
[ -z "${SKU_CATALOG:-}" ] || args+=(--sku-catalog="$SKU_CATALOG")

if [ -n "${DATASOURCE_URL:-}" ]; then
    case $DATASOURCE_URL in
        *[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]=*)
            die "DATASOURCE_URL must not carry a password; use DATASOURCE_PASSWORD or DATASOURCE_PASSWORD_FILE" ;;
    esac
    args+=(--spring.datasource.url="$DATASOURCE_URL")
    [ -z "${DATASOURCE_USERNAME:-}" ] || args+=(--spring.datasource.username="$DATASOURCE_USERNAME")
    if [ -z "${DATASOURCE_PASSWORD:-}" ] && [ -n "${DATASOURCE_PASSWORD_FILE:-}" ]; then
        [ -r "$DATASOURCE_PASSWORD_FILE" ] || die "DATASOURCE_PASSWORD_FILE not readable: $DATASOURCE_PASSWORD_FILE"
        DATASOURCE_PASSWORD=$(cat -- "$DATASOURCE_PASSWORD_FILE")
    fi
    if [ -n "${DATASOURCE_PASSWORD:-}" ]; then
        SPRING_DATASOURCE_PASSWORD=$DATASOURCE_PASSWORD
        export SPRING_DATASOURCE_PASSWORD
    fi
fi
unset DATASOURCE_PASSWORD

# What runs, without secrets (the password is not on the command line).
printf '%s: %s in %s: %s' "$(date '+%Y-%m-%dT%H:%M:%S%z')" "$prog" "$PWD" "$java" >&2
printf ' %q' ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" "${args[@]}" >&2
printf '\n' >&2

exec "$java" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar" "${args[@]}"
