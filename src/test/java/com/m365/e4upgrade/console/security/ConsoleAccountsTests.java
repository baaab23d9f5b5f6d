package com.m365.e4upgrade.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class ConsoleAccountsTests {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Nested
    class TheOperatorsPassword {

        @Test
        void comesFromTheEnvironmentAndIsKeptOnlyAsAHash() throws Exception {
            ConsoleAccounts accounts = ConsoleAccounts.load(Map.of("E4_CONSOLE_OPERATOR_PASSWORD", "s3cret"),
                    new String[0], encoder);
            assertThat(accounts.operatorHash()).startsWith("{bcrypt}").doesNotContain("s3cret");
            assertThat(encoder.matches("s3cret", accounts.operatorHash())).isTrue();
            assertThat(accounts.viewerHash()).isNull();
            assertThat(accounts.toString()).doesNotContain("s3cret");
        }

        @Test
        void aFileNamedOnTheCommandLineWinsOverTheEnvironmentAndLosesItsLineBreak(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("operator"), "from-file\n");
            ConsoleAccounts accounts = ConsoleAccounts.load(Map.of("E4_CONSOLE_OPERATOR_PASSWORD", "from-env"),
                    new String[] { "--console.operator-password-file=" + file }, encoder);
            assertThat(encoder.matches("from-file", accounts.operatorHash())).isTrue();
        }

        @Test
        void missingStopsTheConsoleWithOneLine() {
            assertThatThrownBy(() -> ConsoleAccounts.load(Map.of(), new String[0], encoder))
                .isInstanceOf(ConsoleAccounts.Refused.class)
                .hasMessageStartingWith("no operator password: set E4_CONSOLE_OPERATOR_PASSWORD or give"
                        + " --console.operator-password-file=PATH");
        }

        @Test
        void anEmptyOrMissingFileIsRefusedNamingIt(@TempDir Path dir) throws IOException {
            Path empty = Files.writeString(dir.resolve("empty"), "\n");
            assertThatThrownBy(() -> ConsoleAccounts.load(Map.of(),
                    new String[] { "--console.operator-password-file=" + empty }, encoder))
                .hasMessage("option --console.operator-password-file=" + empty + ": the file holds no password");
            assertThatThrownBy(() -> ConsoleAccounts.load(Map.of(),
                    new String[] { "--console.operator-password-file=" + dir.resolve("none") }, encoder))
                .hasMessageEndingWith(": not a readable file");
        }

    }

    @Test
    void theViewerExistsOnlyWithAPassword() throws Exception {
        ConsoleAccounts accounts = ConsoleAccounts.load(
                Map.of("E4_CONSOLE_OPERATOR_PASSWORD", "op", "E4_CONSOLE_VIEWER_PASSWORD", "look"), new String[0],
                encoder);
        assertThat(encoder.matches("look", accounts.viewerHash())).isTrue();
    }

}
