package com.m365.e4upgrade.licensing.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.input.UserRepository;
import com.m365.e4upgrade.job.schema.MovesKeyedByTheirPlaceMigration;
import com.m365.e4upgrade.job.schema.UsersKeyedByTheirPlaceMigration;
import com.m365.e4upgrade.job.schema.SpringBatchSchemaMigration;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;
import com.m365.e4upgrade.postgres.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class EmbeddedLicenseGatewayTests {

    /**
     * Every license list as the gateway leaves it in the job's database: the common one
     * swapped in place by one statement, the others read and rewritten whole, all as
     * {@link EmbeddedLicenseGateway#replace} says.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = { "H2", "PostgreSQL" })
    @DisplayName("a write batch leaves each user's licenses as replace says, on both databases")
    void aWriteBatchLeavesEachUsersLicensesAsReplaceSays(String database) {
        // given
        DataSource dataSource = database.equals("H2")
                ? new DriverManagerDataSource("jdbc:h2:mem:gateway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
                        "")
                : PostgresServer.shared().superuser(PostgresServer.shared().createDatabase("gateway").name());
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .javaMigrations(new SpringBatchSchemaMigration(), new MovesKeyedByTheirPlaceMigration(),
                    new UsersKeyedByTheirPlaceMigration())
            .load()
            .migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> lists = List.of("ENTERPRISEWITHSCAL", "EMS|ENTERPRISEWITHSCAL|POWER_BI_PRO",
                "EMS|enterprisewithscal", "SPE_E5|ENTERPRISEWITHSCAL", "ENTERPRISEWITHSCAL|EMS|ENTERPRISEWITHSCAL",
                "SPE_E5", "ENTERPRISEWITHSCALX|ENTERPRISEWITHSCAL", "STRAßE|ENTERPRISEWITHSCAL", "");
        for (int i = 0; i < lists.size(); i++) {
            jdbc.update("""
                    INSERT INTO e4_user (migration_id, tenant_id, written_tenant_id, user_id, written_user_id,
                        line_number, tenant_line, user_principal_name, licenses, usage_location, license_assignment,
                        disabled_plans, account_enabled, holds_source)
                    VALUES (1, 't', 'T', ?, ?, ?, 1, ?, ?, 'US', 'DIRECT', NULL, TRUE, TRUE)""", "u" + i, "U" + i,
                    i + 2, "u" + i + "@example.com", lists.get(i));
        }
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        EmbeddedLicenseGateway gateway = new EmbeddedLicenseGateway(new UserRepository(named),
                new TenantRepository(named, dataSource));
        List<UserMove> moves = new ArrayList<>();
        for (int i = 0; i < lists.size(); i++) {
            moves.add(new UserMove("u" + i, "u" + i + "@example.com", List.of("SWAY")));
        }
        moves.add(new UserMove("missing", "missing@example.com", List.of()));

        // when
        List<MoveOutcome> outcomes = gateway
            .move(new WriteBatch(1, 1, "t", 1, "ENTERPRISEWITHSCAL", "SPE_E5", moves.subList(0, 10)));

        // then
        for (int i = 0; i < lists.size(); i++) {
            List<String> before = lists.get(i).isEmpty() ? List.of() : List.of(lists.get(i).split("\\|"));
            assertThat(jdbc.queryForObject("SELECT licenses FROM e4_user WHERE user_id = ?", String.class, "u" + i))
                .as(lists.get(i))
                .isEqualTo(String.join("|", EmbeddedLicenseGateway.replace(before, "ENTERPRISEWITHSCAL", "SPE_E5")));
        }
        assertThat(jdbc.queryForList("SELECT DISTINCT disabled_plans FROM e4_user", String.class))
            .containsExactly("SWAY");
        assertThat(outcomes).extracting(MoveOutcome::status)
            .containsExactly(MoveOutcome.Status.REASSIGNED, MoveOutcome.Status.REASSIGNED,
                    MoveOutcome.Status.REASSIGNED, MoveOutcome.Status.REASSIGNED, MoveOutcome.Status.REASSIGNED,
                    MoveOutcome.Status.REASSIGNED, MoveOutcome.Status.REASSIGNED, MoveOutcome.Status.REASSIGNED,
                    MoveOutcome.Status.REASSIGNED, MoveOutcome.Status.SKIPPED);
        // a list holding the source once and not the target is swapped in place, without
        // a read; one holding the target is not
        assertThat(new UserRepository(named).swapSku(1, 1, "SPE_E5", "EMS",
                List.of(new UserRepository.SkuSwap("u0", List.of()), new UserRepository.SkuSwap("u1", List.of()))))
            .containsExactly(true, false);
    }

    @Test
    void theSourceGivesWayToTheTargetInPlaceKeepingOtherLicenses() {
        assertThat(EmbeddedLicenseGateway.replace(List.of("EMS", "ENTERPRISEWITHSCAL", "POWER_BI_PRO"),
                "ENTERPRISEWITHSCAL", "SPE_E5"))
            .containsExactly("EMS", "SPE_E5", "POWER_BI_PRO");
    }

    @Test
    void replayingAMoveChangesNothing() {
        List<String> moved = EmbeddedLicenseGateway.replace(List.of("ENTERPRISEWITHSCAL"), "ENTERPRISEWITHSCAL",
                "SPE_E5");
        assertThat(EmbeddedLicenseGateway.replace(moved, "ENTERPRISEWITHSCAL", "SPE_E5")).containsExactly("SPE_E5");
    }

    @Test
    void aUserAlreadyHoldingTheTargetKeepsOneCopy() {
        assertThat(
                EmbeddedLicenseGateway.replace(List.of("SPE_E5", "enterprisewithscal"), "ENTERPRISEWITHSCAL", "SPE_E5"))
            .containsExactly("SPE_E5");
    }

}
