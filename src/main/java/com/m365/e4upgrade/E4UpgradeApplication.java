package com.m365.e4upgrade;

import com.m365.e4upgrade.cli.MigrationLauncher;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The runnable jar:
 * {@code java -jar e4-upgrade.jar --tenants=PATH --users=PATH [options]}.
 */
@SpringBootApplication
public class E4UpgradeApplication {

    public static void main(String[] args) {
        System.exit(new MigrationLauncher(E4UpgradeApplication.class, System.out, System.err).run(args));
    }

}
