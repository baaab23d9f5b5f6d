# Sourced by the benchmark scripts: builds the jar and the bench programs into $bin (unless
# SKIP_BUILD=1), with what was measured in $bin/revision.txt, and sets cp_bench (the bench programs'
# classpath: the very classes of the measured jar) and measured. Needs root, bin, SKIP_BUILD, die, log.

build_bench() {
    if [ "$SKIP_BUILD" != 1 ]; then
        log "building the jar and the bench programs"
        (cd "$root" && ./mvnw -B -q -Dmaven.test.skip=true -Pbench package) || die "build failed"
        for built in target/e4-upgrade.jar target/bench-classes target/bench-classpath.txt; do
            [ -e "$root/$built" ] || die "build output $built is missing (was target/ cleaned meanwhile?)"
        done
        rm -rf "$bin.new"
        mkdir -p "$bin.new/app-classes"
        cp "$root/target/e4-upgrade.jar" "$bin.new/e4-upgrade.jar"
        cp -r "$root/target/bench-classes" "$bin.new/bench-classes"
        cp "$root/target/bench-classpath.txt" "$bin.new/bench-classpath.txt"
        # the bench programs use the very classes of the measured jar
        (cd "$bin.new/app-classes" && jar xf ../e4-upgrade.jar BOOT-INF/classes && mv BOOT-INF/classes/* . && rm -rf BOOT-INF)
        # what was measured: the commit, whether the tree had changes, the jar's digest
        local revision
        revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "no git")
        if [ -n "$(git -C "$root" status --porcelain --untracked-files=no -- src pom.xml 2>/dev/null)" ]; then
            revision="$revision+changes"
        fi
        echo "$revision, jar sha256 $(sha256sum "$bin.new/e4-upgrade.jar" | cut -c1-12), built $(date '+%F %T')" >"$bin.new/revision.txt"
        rm -rf "$bin"
        mv "$bin.new" "$bin"
    fi
    [ -f "$bin/e4-upgrade.jar" ] || die "no build in $bin: run without SKIP_BUILD=1"
    cp_bench="$bin/bench-classes:$bin/app-classes:$(cat "$bin/bench-classpath.txt")"
    measured=$(cat "$bin/revision.txt" 2>/dev/null || echo "unknown build")
}

bench_java() { # CLASS ARGS...: a bench program, with a heap of its own (not measured)
    local class=$1
    shift
    java -Xmx1g -cp "$cp_bench" "com.m365.e4upgrade.bench.$class" "$@"
}
