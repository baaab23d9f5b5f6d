package com.m365.e4upgrade.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class H2FilesTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|',
            value = { "jdbc:h2:file:./data/e4-upgrade;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0|./data/e4-upgrade",
                    "jdbc:h2:./data/e4-upgrade|./data/e4-upgrade", "jdbc:h2:/srv/e4/db|/srv/e4/db",
                    "jdbc:h2:nio:/srv/e4/db;IFEXISTS=TRUE|/srv/e4/db", "jdbc:h2:FILE:/srv/e4/db|/srv/e4/db" })
    void anEmbeddedFileUrlNamesItsDatabaseAndTheSnapshotBesideIt(String url, String database) {
        // given / when / then
        assertThat(H2Files.database(url)).contains(Path.of(database));
        assertThat(H2Files.statusFile(Path.of(database))).isEqualTo(Path.of(database + ".status.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jdbc:h2:mem:functional;DB_CLOSE_DELAY=-1", "jdbc:h2:tcp://db:9092/e4",
            "jdbc:postgresql://db:5432/e4", "" })
    void anyOtherUrlHasNoFileHere(String url) {
        // given / when / then
        assertThat(H2Files.database(url)).isEmpty();
    }

}
