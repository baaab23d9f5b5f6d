package com.m365.e4upgrade.licensing.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.MovePace;
import com.m365.e4upgrade.licensing.SkuCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

class GraphGatewayConfigurationTests {

    private static final String SECRET = "Xy7~Q.abc_SECRET-value-9Zk";

    private final ApplicationContextRunner context = new ApplicationContextRunner()
        .withUserConfiguration(GraphGatewayConfiguration.class)
        .withBean(SkuCatalog.class,
                () -> SkuCatalog.load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv")));

    @Test
    void staysOutOfTheWayWithoutGatewayGraph() {
        context.run(run -> assertThat(run).doesNotHaveBean(GraphLicenseGateway.class)
            .doesNotHaveBean(GraphProperties.class));
        context.withPropertyValues("gateway=embedded")
            .run(run -> assertThat(run).doesNotHaveBean(GraphLicenseGateway.class));
    }

    @Test
    void makesOneGatewayForTheWholeRunWithGatewayGraph() {
        context
            .withPropertyValues("gateway=graph", "graph.client-id=app-id", "graph.parallel-tenants=6",
                    GraphProperties.SECRET_VARIABLE + "=" + SECRET)
            .run(run -> {
                assertThat(run).hasSingleBean(GraphLicenseGateway.class).hasSingleBean(LicenseGateway.class);
                assertThat(run.getBean(GraphLicenseGateway.class)).isSameAs(run.getBean(GraphLicenseGateway.class));
                assertThat(run.getBean(GraphProperties.class).parallelTenants()).isEqualTo(6);
                assertThat(run.getBean(GraphLicenseGateway.class).settings().clientId()).isEqualTo("app-id");
            });
    }

    @Test
    void tellsTheJobWhatItAsksOutsideItsSteps() {
        context
            .withPropertyValues("gateway=graph", "graph.client-id=app-id", "graph.parallel-tenants=6",
                    GraphProperties.SECRET_VARIABLE + "=" + SECRET)
            .run(run -> {
                LicenseGateway gateway = run.getBean(LicenseGateway.class);
                // 64 calls in flight by default, shared by the partitions, whatever the
                // cores
                assertThat(gateway.pace(2)).isEqualTo(new MovePace(6, 11, true));
                assertThat(gateway.counters()).containsExactly(entry("requestsSent", 0L), entry("retries", 0L),
                        entry("throttled", 0L), entry("tokenRequests", 0L), entry("writesAccepted", 0L),
                        entry("limitWarnings", 0L), entry("quotaWaitMillis", 0L));
            });
    }

    @Test
    void failsAtStartupWhenTheSecretIsMissing() {
        context.withPropertyValues("gateway=graph", "graph.client-id=app-id")
            .run(run -> assertThat(run).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("GRAPH_CLIENT_SECRET"));
    }

    @Test
    void failsAtStartupWhenTheClientIdIsMissingWithoutShowingTheSecret() {
        context.withPropertyValues("gateway=graph", GraphProperties.SECRET_VARIABLE + "=" + SECRET).run(run -> {
            assertThat(run).hasFailed().getFailure().rootCause().hasMessageContaining("--graph.client-id");
            for (Throwable cause = run.getStartupFailure(); cause != null; cause = cause.getCause()) {
                assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
            }
        });
    }

}
