package com.m365.e4upgrade.restart;

import com.m365.e4upgrade.E4UpgradeApplication;
import com.m365.e4upgrade.cli.MigrationLauncher;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The runnable job exactly as shipped, plus the test-only crash points of
 * {@link CrashPointConfiguration}, which stay inert unless their system properties are
 * given ({@code -Dcrash.step=...}, {@code -Dslow.step=...}, {@code -Dhold.step=...}).
 * They are JVM system properties rather than {@code --options} because the command line
 * refuses options it does not know (exit 2).
 */
@SpringBootApplication(scanBasePackageClasses = E4UpgradeApplication.class)
@Import(CrashPointConfiguration.class)
public class CrashingE4UpgradeApplication {

    public static void main(String[] args) {
        System.exit(new MigrationLauncher(CrashingE4UpgradeApplication.class, System.out, System.err).run(args));
    }

}
