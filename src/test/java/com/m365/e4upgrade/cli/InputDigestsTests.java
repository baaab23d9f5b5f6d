package com.m365.e4upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.m365.e4upgrade.batch.MigrationParameters;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input files' digests, computed from the start on a thread of their own. */
@DisplayName("The input files' digests")
class InputDigestsTests {

    @TempDir
    Path folder;

    @Test
    void areEachFilesSha256() throws Exception {
        Path tenants = Files.writeString(folder.resolve("tenants.csv"), "tenant_id\n1\n");
        Path users = Files.writeString(folder.resolve("users.csv"), "tenant_id,user_id\n1,2\n");

        InputDigests digests = InputDigests.startedFor(tenants, users);

        // sha256sum of the same bytes
        assertThat(digests.tenants()).isEqualTo("dea320c0af48516f864506706a8d28d630baaf298e739b23a139c54298358f8a");
        assertThat(digests.users()).isEqualTo(MigrationParameters.sha256(users)).isNotEqualTo(digests.tenants());
    }

    @Test
    void aFileThatCannotBeReadFailsWhenItsDigestIsAskedFor() throws Exception {
        Path tenants = Files.writeString(folder.resolve("tenants.csv"), "tenant_id\n1\n");

        InputDigests digests = InputDigests.startedFor(tenants, folder.resolve("missing.csv"));

        assertThatThrownBy(digests::users).isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.csv");
    }

}
