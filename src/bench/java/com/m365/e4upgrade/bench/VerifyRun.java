package com.m365.e4upgrade.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.m365.e4upgrade.testsupport.ExactlyOnce;
import com.m365.e4upgrade.testsupport.Expected;
import com.m365.e4upgrade.testsupport.JobDatabase;

/**
 * Checks a run against what DataSetGenerator wrote in expected.properties, with the kill tests'
 * exactly-once checker ({@link ExactlyOnce}): every source-plan holder in reassignments.csv once,
 * REASSIGNED and SKIPPED as counted, batches of at most 20 users of one tenant, tenants by verdict,
 * cancellations, nothing rejected, summary.json; and, given the job's database, the same there.
 * Prints every check; exits 0 when all pass, 1 otherwise.
 *
 * <pre>
 * VerifyRun --out=RUN_OUTPUT_DIR --expected=DATA_DIR/expected.properties [--url=JDBC_URL [--user=sa] [--password=]]
 * </pre>
 */
public final class VerifyRun {

    private VerifyRun() {
    }

    public static void main(String[] args) {
        Map<String, String> options = BenchArgs.parse(args, "out", "expected", "url", "user", "password");
        Path out = Path.of(BenchArgs.required(options, "out"));
        Expected expected = Expected.fromProperties(Path.of(BenchArgs.required(options, "expected")));
        JobDatabase database = options.containsKey("url") ? JobDatabase.at(options.get("url"),
                options.getOrDefault("user", "sa"), options.getOrDefault("password", "")) : null;

        ExactlyOnce.Result result = ExactlyOnce.check(expected, out, database);
        result.checks().forEach(check -> System.out.printf(Locale.ROOT, "  %-4s %-66s %s%n",
                check.passed() ? "ok" : "FAIL", check.what(), check.found()));
        long failures = result.checks().stream().filter(check -> !check.passed()).count();
        System.out.println(result.passed() ? "VERIFY OK: exactly once, reports match the generator's expectations"
                : "VERIFY FAILED: " + failures + " mismatch(es)");
        System.exit(result.passed() ? 0 : 1);
    }
}
