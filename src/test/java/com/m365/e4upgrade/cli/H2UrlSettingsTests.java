package com.m365.e4upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.m365.e4upgrade.cli.H2UrlSettings.Overridden;
import com.m365.e4upgrade.cli.H2UrlSettings.SafeUrl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class H2UrlSettingsTests {

    private static final String JOB_SETTINGS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

    @Test
    void aFileUrlWithoutSettingsGetsBothOfTheJobs() {
        SafeUrl safe = H2UrlSettings.forTheJob("jdbc:h2:file:/srv/e4/db");

        assertThat(safe.url()).isEqualTo("jdbc:h2:file:/srv/e4/db" + JOB_SETTINGS);
        assertThat(safe.overridden()).isEmpty();
    }

    @Test
    void theOperatorsOwnSettingsAreKeptAndTheMissingOnesAppended() {
        SafeUrl safe = H2UrlSettings.forTheJob("jdbc:h2:./data/db;MODE=PostgreSQL;WRITE_DELAY=0;CACHE_SIZE=65536");

        assertThat(safe.url())
            .isEqualTo("jdbc:h2:./data/db;MODE=PostgreSQL;WRITE_DELAY=0;CACHE_SIZE=65536;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(safe.overridden()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "jdbc:h2:file:./data/e4-upgrade;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
            "jdbc:h2:file:./data/e4-upgrade;db_close_on_exit=false;write_delay=0",
            "jdbc:h2:file:./data/e4-upgrade;Write_Delay=0;Db_Close_On_Exit=False;IFEXISTS=TRUE" })
    void settingsAlreadyThereInAnyCaseLeaveTheUrlAsItIs(String url) {
        SafeUrl safe = H2UrlSettings.forTheJob(url);

        assertThat(safe.url()).isSameAs(url);
        assertThat(safe.overridden()).isEmpty();
    }

    @Test
    void contraryValuesAreReplacedInPlaceAndReported() {
        SafeUrl safe = H2UrlSettings
            .forTheJob("jdbc:h2:file:/srv/e4/db;db_close_on_exit=true;TRACE_LEVEL_FILE=0;Write_Delay=500");

        assertThat(safe.url())
            .isEqualTo("jdbc:h2:file:/srv/e4/db;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0;WRITE_DELAY=0");
        assertThat(safe.overridden()).extracting(Overridden::given, Overridden::applied)
            .containsExactly(tuple("db_close_on_exit=true", "DB_CLOSE_ON_EXIT=FALSE"),
                    tuple("Write_Delay=500", "WRITE_DELAY=0"));
        assertThat(safe.overridden()).allSatisfy(replaced -> assertThat(replaced.why()).isNotBlank());
    }

    @Test
    void aSettingNamedTwiceIsReplacedEverywhere() {
        SafeUrl safe = H2UrlSettings.forTheJob("jdbc:h2:file:/srv/e4/db;WRITE_DELAY=0;write_delay=100");

        assertThat(safe.url()).isEqualTo("jdbc:h2:file:/srv/e4/db;WRITE_DELAY=0;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(safe.overridden()).extracting(Overridden::given).containsExactly("write_delay=100");
    }

    @Test
    void autoServerIsTurnedOffWhenAskedForAndNeverAdded() {
        SafeUrl asked = H2UrlSettings.forTheJob("jdbc:h2:file:/srv/e4/db;AUTO_SERVER=TRUE");
        SafeUrl notAsked = H2UrlSettings.forTheJob("jdbc:h2:file:/srv/e4/db");

        assertThat(asked.url()).isEqualTo("jdbc:h2:file:/srv/e4/db;AUTO_SERVER=FALSE" + JOB_SETTINGS);
        assertThat(asked.overridden()).extracting(Overridden::given).containsExactly("AUTO_SERVER=TRUE");
        assertThat(notAsked.url()).doesNotContain("AUTO_SERVER");
    }

    @Test
    void anInMemoryDatabaseGetsTheSettingsToo() {
        assertThat(H2UrlSettings.forTheJob("jdbc:h2:mem:").url()).isEqualTo("jdbc:h2:mem:" + JOB_SETTINGS);
        assertThat(H2UrlSettings.forTheJob("jdbc:h2:mem:functional;DB_CLOSE_DELAY=-1").url())
            .isEqualTo("jdbc:h2:mem:functional;DB_CLOSE_DELAY=-1" + JOB_SETTINGS);
    }

    @Test
    void aServerUrlGetsTheSettingsItPassesOnToTheServer() {
        assertThat(H2UrlSettings.forTheJob("jdbc:h2:tcp://db.example.internal:9092/~/e4").url())
            .isEqualTo("jdbc:h2:tcp://db.example.internal:9092/~/e4" + JOB_SETTINGS);
        assertThat(H2UrlSettings.forTheJob("jdbc:h2:ssl://db.example.internal/e4;DB_CLOSE_ON_EXIT=TRUE").url())
            .isEqualTo("jdbc:h2:ssl://db.example.internal/e4;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    @Test
    void anEscapedSemicolonStaysInsideItsSetting() {
        // INIT's two statements are one setting to H2; the one after the '\;' is no
        // WRITE_DELAY setting
        String url = "jdbc:h2:file:/srv/e4/db;INIT=CREATE SCHEMA IF NOT EXISTS E4\\;SET WRITE_DELAY=9;TRACE_LEVEL_FILE=0";

        SafeUrl safe = H2UrlSettings.forTheJob(url);

        assertThat(safe.url()).isEqualTo(url + JOB_SETTINGS);
        assertThat(safe.overridden()).isEmpty();
    }

    @Test
    void emptySeparatorsAreDroppedWhenSettingsAreAdded() {
        assertThat(H2UrlSettings.forTheJob("jdbc:h2:file:/srv/e4/db;").url())
            .isEqualTo("jdbc:h2:file:/srv/e4/db" + JOB_SETTINGS);
        assertThat(H2UrlSettings.forTheJob("jdbc:h2:file:/srv/e4/db;;MODE=PostgreSQL;").url())
            .isEqualTo("jdbc:h2:file:/srv/e4/db;MODE=PostgreSQL" + JOB_SETTINGS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db.example.internal:5432/e4upgrade?ApplicationName=e4-upgrade&tcpKeepAlive=true",
            "jdbc:postgresql://db.example.internal/e4;WRITE_DELAY=500", "jdbc:hsqldb:mem:e4",
            "JDBC:H2:file:/srv/e4/db" })
    void anyOtherUrlIsLeftAlone(String url) {
        SafeUrl safe = H2UrlSettings.forTheJob(url);

        assertThat(safe.url()).isSameAs(url);
        assertThat(safe.overridden()).isEmpty();
    }

    @Test
    void noUrlStaysNoUrl() {
        assertThat(H2UrlSettings.forTheJob(null).url()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "jdbc:h2:file:/srv/e4/db",
            "jdbc:h2:file:/srv/e4/db;db_close_on_exit=TRUE;WRITE_DELAY=500;AUTO_SERVER=TRUE", "jdbc:h2:mem:;" })
    void aSafeUrlIsSafeAlready(String url) {
        String once = H2UrlSettings.forTheJob(url).url();
        SafeUrl twice = H2UrlSettings.forTheJob(once);

        assertThat(twice.url()).isSameAs(once);
        assertThat(twice.overridden()).isEmpty();
    }

    /**
     * H2 itself takes the rewritten URLs: no "Duplicate property", no refused
     * combination.
     */
    @ParameterizedTest
    @ValueSource(strings = { "", ";db_close_on_exit=true;Write_Delay=500", ";WRITE_DELAY=0;write_delay=100",
            ";AUTO_SERVER=TRUE;DB_CLOSE_ON_EXIT=TRUE", ";INIT=CREATE SCHEMA IF NOT EXISTS E4\\;SET SCHEMA E4;" })
    void h2OpensTheRewrittenUrlWithTheJobsWriteDelay(String settings, @TempDir Path directory) throws SQLException {
        String url = H2UrlSettings.forTheJob("jdbc:h2:file:" + directory.resolve("db").toAbsolutePath() + settings)
            .url();

        try (Connection db = DriverManager.getConnection(url, "sa", "");
                PreparedStatement statement = db.prepareStatement(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
                ResultSet rs = statement.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("WRITE_DELAY opened with %s", url).isEqualTo("0");
        }
    }

}
