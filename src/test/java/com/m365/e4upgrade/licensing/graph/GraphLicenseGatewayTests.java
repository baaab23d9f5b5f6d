package com.m365.e4upgrade.licensing.graph;

import static com.m365.e4upgrade.licensing.graph.FakeMicrosoft.Reply.bare;
import static com.m365.e4upgrade.licensing.graph.FakeMicrosoft.Reply.error;
import static com.m365.e4upgrade.licensing.graph.FakeMicrosoft.Reply.ok;
import static com.m365.e4upgrade.licensing.graph.FakeMicrosoft.Reply.throttled;
import static com.m365.e4upgrade.licensing.graph.FakeMicrosoft.jsonResponse;
import static com.m365.e4upgrade.licensing.graph.FakeMicrosoft.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.m365.e4upgrade.licensing.LicenseGateway.CancellationOutcome;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.SourceSubscription;
import com.m365.e4upgrade.licensing.TargetReadiness;
import com.m365.e4upgrade.licensing.TransientGatewayException;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Graph gateway against a local server playing Entra ID and Microsoft Graph. Backoffs
 * are a few milliseconds and most waits are only recorded, so the class runs in seconds.
 */
class GraphLicenseGatewayTests {

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    private static final String TENANT = "8d5c2a0e-6b1f-4c7e-9a3d-2f0b1c4d5e6f";

    private static final String OTHER_TENANT = "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9";

    private static final String CLIENT_ID = "5e0f9c1a-2b3c-4d5e-8f70-1a2b3c4d5e6f";

    private static final String SECRET = "Xy7~Q.abc_SECRET-value-9Zk";

    /**
     * Office 365 E4 (ENTERPRISEWITHSCAL), Microsoft 365 E5 (SPE_E5) and two plans of E5,
     * from the bundled table.
     */
    private static final String E4 = "1392051d-0cb9-4b7a-88d5-621fee5e8711";

    private static final String E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";

    private static final String SWAY_PLAN = "a23b959c-7ce8-4e57-9140-b90eb88a9e97";

    private static final String YAMMER_PLAN = "7547a3fe-08ee-4ccb-b430-5077c5041653";

    private static final String EMS = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";

    private final JsonMapper json = JsonMapper.builder().build();

    private final FakeMicrosoft microsoft = new FakeMicrosoft();

    private static final double UNLIMITED = 1e9;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T22:00:00Z"));

    private final RecordingPause pause = new RecordingPause(clock);

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private final Logger graphLogger = (Logger) LoggerFactory.getLogger("com.m365.e4upgrade.licensing.graph");

    private Level graphLoggerLevel;

    private MockWebServer server;

    private GraphProperties settings;

    private GraphLicenseGateway gateway;

    @BeforeEach
    void startMicrosoft() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(microsoft);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        settings = settings(Duration.ofSeconds(5));
        gateway = gateway(settings);

        graphLoggerLevel = graphLogger.getLevel();
        graphLogger.setLevel(Level.DEBUG);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stopMicrosoft() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        graphLogger.setLevel(graphLoggerLevel);
        server.close();
    }

    /**
     * Three attempts, backoffs of milliseconds; the timeout is generous but where a test
     * is about timeouts.
     */
    private GraphProperties settings(Duration timeout) {
        // the quotas have tests of their own (QuotasTests): here they never make a call
        // wait
        String local = "http://127.0.0.1:" + server.getPort();
        return new GraphProperties(URI.create(local + "/v1.0"), URI.create(local), CLIENT_ID, Secret.of(SECRET), null,
                3, Duration.ofMillis(2), Duration.ofMillis(20), 4, timeout, 8, 16, UNLIMITED, UNLIMITED, UNLIMITED,
                UNLIMITED);
    }

    private GraphLicenseGateway gateway(GraphProperties settings) {
        return new GraphLicenseGateway(settings, CATALOG, GraphLicenseGateway.newHttpClient(settings), json, clock,
                pause);
    }

    private static String user(int n) {
        return "11111111-2222-4333-8444-%012d".formatted(n);
    }

    private static UserMove move(int n, String... keptDisabledPlans) {
        return new UserMove(user(n), "user" + n + "@contoso.example", List.of(keptDisabledPlans));
    }

    private static WriteBatch batch(String tenantId, UserMove... moves) {
        return new WriteBatch(1, 7, tenantId, 2, "ENTERPRISEWITHSCAL", "SPE_E5", List.of(moves));
    }

    private static String sku(String partNumber, String skuId, String status, int enabled, int consumed) {
        return """
                {"capabilityStatus":"%s","consumedUnits":%d,"skuId":"%s","skuPartNumber":"%s","appliesTo":"User",
                 "prepaidUnits":{"enabled":%d,"suspended":0,"warning":0,"lockedOut":0}}""".formatted(status, consumed,
                skuId, partNumber, enabled);
    }

    @Nested
    class SigningIn {

        @Test
        void asksEntraIdForATokenOfTheTenantWithTheClientCredentialsGrant() {
            gateway.checkTarget(TENANT, "SPE_E5", 1);

            RecordedRequest tokenRequest = microsoft.tokenRequests().get(0);
            assertThat(tokenRequest.getMethod()).isEqualTo("POST");
            assertThat(tokenRequest.getUrl().encodedPath()).isEqualTo("/" + TENANT + "/oauth2/v2.0/token");
            assertThat(tokenRequest.getHeaders().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(FakeMicrosoft.form(tokenRequest)).isEqualTo(Map.of("grant_type", "client_credentials",
                    "client_id", CLIENT_ID, "client_secret", SECRET, "scope", "https://graph.microsoft.com/.default"));
            RecordedRequest graphCall = microsoft.requestsTo("/v1.0/subscribedSkus").get(0);
            assertThat(graphCall.getHeaders().get("Authorization"))
                .isEqualTo("Bearer fake-access-token-1-for-" + TENANT);
        }

        @Test
        void reusesATenantsTokenAcrossCalls() {
            gateway.checkTarget(TENANT, "SPE_E5", 1);
            gateway.checkTarget(TENANT, "SPE_E5", 1);
            gateway.move(batch(TENANT, move(1)));

            assertThat(microsoft.tokenRequests()).hasSize(1);
            assertThat(gateway.statistics().tokenRequests()).isEqualTo(1);
        }

        @Test
        void renewsTheTokenAMinuteBeforeEntraIdSaysItExpires() {
            microsoft.tokenLifetime(3600);
            gateway.checkTarget(TENANT, "SPE_E5", 1);

            clock.advance(Duration.ofSeconds(3539));
            gateway.checkTarget(TENANT, "SPE_E5", 1);
            assertThat(microsoft.tokenRequests()).hasSize(1);

            clock.advance(Duration.ofSeconds(2));
            gateway.checkTarget(TENANT, "SPE_E5", 1);
            assertThat(microsoft.tokenRequests()).hasSize(2);
        }

        @Test
        void asksEachTenantForItsOwnToken() {
            gateway.checkTarget(TENANT, "SPE_E5", 1);
            gateway.checkTarget(OTHER_TENANT, "SPE_E5", 1);

            assertThat(microsoft.tokenRequests()).map(r -> r.getUrl().encodedPath())
                .containsExactly("/" + TENANT + "/oauth2/v2.0/token", "/" + OTHER_TENANT + "/oauth2/v2.0/token");
        }

        @Test
        void getsOneNewTokenAndRepeatsTheCallWhenGraphAnswers401() {
            gateway.checkTarget(TENANT, "SPE_E5", 1);
            microsoft.revokeIssuedTokens();

            List<MoveOutcome> outcomes = gateway.move(batch(TENANT, move(1), move(2)));

            assertThat(outcomes).extracting(MoveOutcome::status).containsOnly(MoveOutcome.Status.REASSIGNED);
            List<RecordedRequest> batches = microsoft.requestsTo("/v1.0/$batch");
            assertThat(batches).map(FakeMicrosoft::bearer)
                .containsExactly("fake-access-token-1-for-" + TENANT, "fake-access-token-2-for-" + TENANT);
            assertThat(microsoft.batches()).allSatisfy(b -> assertThat(FakeMicrosoft.ids(b)).containsExactly("1", "2"));
        }

        @Test
        void retriesTheTokenEndpointWhileItIsUnavailable() {
            microsoft.answerTokenRequests(status(503));

            assertThat(gateway.checkTarget(TENANT, "SPE_E5", 0)).isEqualTo(TargetReadiness.NOT_ACTIVE);
            assertThat(microsoft.tokenRequests()).hasSize(2);
        }

        @Test
        void refusedCredentialsStopTheCallWithEntraIdsCodeButNeverTheSecret() {
            // Entra ID does not echo secrets; the fake does, to prove that its
            // description is never repeated
            microsoft.answerTokenRequests(jsonResponse(401, """
                    {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: '%s'",
                     "error_codes":[7000215]}""".formatted(SECRET)));

            assertThatThrownBy(() -> gateway.move(batch(TENANT, move(1)))).isInstanceOf(GraphGatewayException.class)
                .hasMessageContaining("tenant " + TENANT)
                .hasMessageContaining("invalid_client")
                .hasMessageContaining("AADSTS7000215")
                .satisfies(e -> assertThat(messagesOf(e)).doesNotContain(SECRET));
            assertThat(microsoft.requestsTo("/v1.0/$batch")).isEmpty();
        }

    }

    @Nested
    class CheckingTheTarget {

        @Test
        void isReadyWhenEnabledWithEnoughFreeSeats() {
            microsoft.subscribedSkus(sku("ENTERPRISEWITHSCAL", E4, "Enabled", 40, 38),
                    sku("SPE_E5", E5, "Enabled", 50, 10));

            assertThat(gateway.checkTarget(TENANT, "SPE_E5", 40)).isEqualTo(TargetReadiness.READY);
        }

        @Test
        void lacksSeatsWhenFewerAreFreeThanUsersToMove() {
            microsoft.subscribedSkus(sku("SPE_E5", E5, "Enabled", 50, 10));

            assertThat(gateway.checkTarget(TENANT, "SPE_E5", 41)).isEqualTo(TargetReadiness.SEATS_INSUFFICIENT);
        }

        @Test
        void isNotActiveWhenTheTargetIsMissing() {
            microsoft.subscribedSkus(sku("ENTERPRISEWITHSCAL", E4, "Enabled", 40, 38));

            assertThat(gateway.checkTarget(TENANT, "SPE_E5", 1)).isEqualTo(TargetReadiness.NOT_ACTIVE);
        }

        @Test
        void isNotActiveWhenTheTargetIsNotEnabled() {
            microsoft.subscribedSkus(sku("SPE_E5", E5, "Warning", 50, 0));

            assertThat(gateway.checkTarget(TENANT, "SPE_E5", 1)).isEqualTo(TargetReadiness.NOT_ACTIVE);
        }

        @Test
        void findsTheTargetByPartNumberIgnoringCase() {
            microsoft.subscribedSkus(sku("spe_e5", "00000000-0000-0000-0000-000000000000", "Enabled", 5, 0));

            assertThat(gateway.checkTarget(TENANT, "SPE_E5", 5)).isEqualTo(TargetReadiness.READY);
        }

        @Test
        void findsTheTargetByItsCatalogGuidWhateverItsPartNumber() {
            microsoft.subscribedSkus(sku("Microsoft_365_E5_Renamed", E5, "Enabled", 5, 0));

            assertThat(gateway.checkTarget(TENANT, "SPE_E5", 5)).isEqualTo(TargetReadiness.READY);
        }

    }

    @Nested
    class MovingUsers {

        @Test
        void sendsOneBatchAddingTheTargetAndRemovingTheSourceInTheSameCallPerUser() throws Exception {
            gateway.move(batch(TENANT, move(1, "SWAY", "YAMMER_ENTERPRISE"), move(2)));

            RecordedRequest call = microsoft.requestsTo("/v1.0/$batch").get(0);
            assertThat(call.getMethod()).isEqualTo("POST");
            assertThat(call.getHeaders().get("Content-Type")).startsWith("application/json");
            assertThat(json.readTree(FakeMicrosoft.bodyOf(call))).isEqualTo(json.readTree("""
                    {"requests":[
                      {"id":"1","method":"POST","url":"/users/%s/assignLicense",
                       "headers":{"Content-Type":"application/json"},
                       "body":{"addLicenses":[{"skuId":"%s","disabledPlans":["%s","%s"]}],"removeLicenses":["%s"]}},
                      {"id":"2","method":"POST","url":"/users/%s/assignLicense",
                       "headers":{"Content-Type":"application/json"},
                       "body":{"addLicenses":[{"skuId":"%s","disabledPlans":[]}],"removeLicenses":["%s"]}}
                    ]}""".formatted(user(1), E5, SWAY_PLAN, YAMMER_PLAN, E4, user(2), E5, E4)));
        }

        @Test
        void sendsAFullBatchOfTwentyUsersAsOneCallUnderThatTenantsUsers() {
            UserMove[] twenty = IntStream.rangeClosed(1, WriteBatch.MAX_USERS)
                .mapToObj(n -> move(n))
                .toArray(UserMove[]::new);

            List<MoveOutcome> outcomes = gateway.move(batch(TENANT, twenty));

            assertThat(outcomes).hasSize(20)
                .extracting(MoveOutcome::userId)
                .containsExactly(
                        IntStream.rangeClosed(1, 20).mapToObj(GraphLicenseGatewayTests::user).toArray(String[]::new));
            RecordedRequest call = microsoft.requestsTo("/v1.0/$batch").get(0);
            assertThat(microsoft.tenantOf(call)).isEqualTo(TENANT);
            JsonNode sent = microsoft.batches().get(0);
            assertThat(FakeMicrosoft.ids(sent)).hasSize(20).doesNotHaveDuplicates();
            List<String> urls = new ArrayList<>();
            sent.path("requests").forEach(item -> urls.add(item.path("url").asString()));
            assertThat(urls).containsExactly(IntStream.rangeClosed(1, 20)
                .mapToObj(n -> "/users/" + user(n) + "/assignLicense")
                .toArray(String[]::new));
        }

        @Test
        void hearsMicrosoftWarnThatALimitIsNearlySpentAndCountsTheWritesAccepted() {
            microsoft
                .answer(user(1),
                        new FakeMicrosoft.Reply(200, Map.of("x-ms-throttle-limit-percentage", "0.85",
                                "x-ms-throttle-scope", "Tenant_Application/ReadWrite/" + CLIENT_ID + "/" + TENANT),
                                null, null));

            gateway.move(batch(TENANT, move(1), move(2)));

            // one answer, one warning: the tenant's bucket now runs at 90 % (QuotasTests)
            assertThat(gateway.statistics().counters()).containsEntry("limitWarnings", 1L)
                .containsEntry("writesAccepted", 2L)
                .containsEntry("throttled", 0L);
        }

        @Test
        void readsEachUsersOwnAnswerAndResendsOnlyTheThrottledOnes() {
            microsoft.answer(user(2),
                    error(400, "Request_BadRequest", "Invalid value specified for property 'usageLocation'"));
            microsoft.licenses(user(2), E4);
            microsoft.answer(user(3), throttled(1), ok());
            microsoft.answer(user(4), bare(403));
            microsoft.answer(user(5), error(404, "Request_ResourceNotFound", "Resource does not exist"));

            List<MoveOutcome> outcomes = gateway.move(batch(TENANT, move(1), move(2), move(3), move(4), move(5)));

            assertThat(outcomes).containsExactly(MoveOutcome.reassigned(user(1)),
                    MoveOutcome.skipped(user(2), "GRAPH_Request_BadRequest"), MoveOutcome.reassigned(user(3)),
                    MoveOutcome.skipped(user(4), "GRAPH_403"),
                    MoveOutcome.skipped(user(5), "GRAPH_Request_ResourceNotFound"));
            List<JsonNode> batches = microsoft.batches();
            assertThat(batches).hasSize(2);
            assertThat(FakeMicrosoft.ids(batches.get(1))).containsExactly("3");
            assertThat(batches.get(1).path("requests").get(0)).isEqualTo(batches.get(0).path("requests").get(2));
            assertThat(pause.waits()).containsExactly(Duration.ofSeconds(1));
            assertThat(gateway.statistics().counters()).containsEntry("requestsSent", 3L)
                .containsEntry("retries", 1L)
                .containsEntry("throttled", 1L)
                .containsEntry("tokenRequests", 1L)
                .containsEntry("writesAccepted", 2L);
        }

        @Test
        void waitsABackoffWithFullJitterWhenNoRetryAfterIsGiven() {
            microsoft.answer(user(1), bare(503), bare(504), ok());

            assertThat(gateway.move(batch(TENANT, move(1)))).containsExactly(MoveOutcome.reassigned(user(1)));

            assertThat(pause.waits()).hasSize(2);
            assertThat(pause.waits().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(2));
            assertThat(pause.waits().get(1)).isBetween(Duration.ZERO, Duration.ofMillis(4));
        }

        @Test
        void resendsTheWholeBatchWhenGraphIsUnavailableThenMovesEveryone() {
            // the two-argument constructor: real waits, kept to milliseconds by the
            // settings
            GraphLicenseGateway sleeping = new GraphLicenseGateway(settings, CATALOG);
            microsoft.answerWholeBatch(status(503), status(503, "Retry-After: 0"));

            List<MoveOutcome> outcomes = sleeping.move(batch(TENANT, move(1), move(2)));

            assertThat(outcomes).containsExactly(MoveOutcome.reassigned(user(1)), MoveOutcome.reassigned(user(2)));
            assertThat(microsoft.batches()).hasSize(3)
                .allSatisfy(b -> assertThat(FakeMicrosoft.ids(b)).containsExactly("1", "2"));
            assertThat(sleeping.statistics().retries()).isEqualTo(2);
        }

        @Test
        void resendsTheWholeBatchAfterATimeout() {
            GraphLicenseGateway impatient = gateway(settings(Duration.ofMillis(300)));
            microsoft.answerWholeBatch(
                    new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body("{}").build());

            List<MoveOutcome> outcomes = impatient.move(batch(TENANT, move(1)));

            assertThat(outcomes).containsExactly(MoveOutcome.reassigned(user(1)));
            assertThat(microsoft.batches()).hasSize(2);
        }

        @Test
        void failsTransientlyWhenUsersAreStillThrottledAfterTheLastAttempt() {
            microsoft.answer(user(1), throttled(0));

            assertThatThrownBy(() -> gateway.move(batch(TENANT, move(1), move(2))))
                .isInstanceOf(TransientGatewayException.class)
                .hasMessageContaining("tenant " + TENANT)
                .hasMessageContaining("3 attempts")
                .hasMessageContaining("429");
            List<JsonNode> batches = microsoft.batches();
            assertThat(batches).hasSize(3);
            assertThat(FakeMicrosoft.ids(batches.get(2))).containsExactly("1");
            assertThat(gateway.statistics().throttled()).isEqualTo(3);
            assertThat(gateway.statistics().retries()).isEqualTo(2);
        }

        @Test
        void failsTransientlyWhenTheWholeBatchStaysThrottled() {
            microsoft.answerWholeBatch(status(429, "Retry-After: 0"), status(429, "Retry-After: 0"),
                    status(429, "Retry-After: 0"));

            assertThatThrownBy(() -> gateway.move(batch(TENANT, move(1)))).isInstanceOf(TransientGatewayException.class)
                .hasMessageContaining("HTTP 429 on the whole $batch");
            assertThat(microsoft.batches()).hasSize(3);
        }

        @Test
        void countsAUserAsMovedWhenAReplayedBatchFindsTheTargetAlreadyHeld() {
            // the batch went through just before a crash; on resume Graph refuses to
            // remove E4 again
            String notAssigned = "User does not have a corresponding license.";
            microsoft.answer(user(1), error(400, "Request_BadRequest", notAssigned));
            microsoft.licenses(user(1), E5, EMS);
            microsoft.answer(user(2), error(400, "Request_BadRequest", notAssigned));
            microsoft.licenses(user(2), E4, E5);

            List<MoveOutcome> outcomes = gateway.move(batch(TENANT, move(1), move(2)));

            assertThat(outcomes).containsExactly(MoveOutcome.reassigned(user(1)),
                    MoveOutcome.skipped(user(2), "GRAPH_Request_BadRequest"));
            assertThat(microsoft.requestsTo("/v1.0/users/" + user(1) + "/licenseDetails")).hasSize(1);
        }

        @Test
        void movesSeveralBatchesOfOneTenantAtTheSameTime() throws Exception {
            // the tenant's quota, not a lock, sets its pace: latency is hidden by
            // concurrency
            microsoft.holdBatches(Duration.ofSeconds(3));
            ExecutorService calls = Executors.newFixedThreadPool(2);
            try {
                Future<List<MoveOutcome>> first = calls.submit(() -> gateway.move(batch(TENANT, move(1))));
                Future<List<MoveOutcome>> second = calls.submit(() -> gateway.move(batch(TENANT, move(2))));
                first.get(5, TimeUnit.SECONDS);
                second.get(5, TimeUnit.SECONDS);
            }
            finally {
                calls.shutdownNow();
            }

            assertThat(microsoft.batches()).hasSize(2);
            assertThat(microsoft.mostBatchesInFlight(TENANT)).isEqualTo(2);
        }

        @Test
        void movesDifferentTenantsAtTheSameTime() throws Exception {
            microsoft.holdBatches(Duration.ofSeconds(3));
            ExecutorService partitions = Executors.newFixedThreadPool(2);
            try {
                Future<List<MoveOutcome>> first = partitions.submit(() -> gateway.move(batch(TENANT, move(1))));
                Future<List<MoveOutcome>> second = partitions.submit(() -> gateway.move(batch(OTHER_TENANT, move(2))));
                first.get(5, TimeUnit.SECONDS);
                second.get(5, TimeUnit.SECONDS);
            }
            finally {
                partitions.shutdownNow();
            }

            assertThat(microsoft.mostBatchesInFlight()).isEqualTo(2);
        }

    }

    @Nested
    class Cancelling {

        @Test
        void leavesTheCancellationToTheAdminWithoutCallingMicrosoft() {
            CancellationOutcome outcome = gateway
                .cancel(new SourceSubscription(1, TENANT, "sub-e4-1", "ENTERPRISEWITHSCAL"));

            assertThat(outcome).isEqualTo(CancellationOutcome.READY_TO_CANCEL);
            assertThat(microsoft.requests()).isEmpty();
        }

    }

    @Nested
    class KeepingSecrets {

        @Test
        void neverWritesTheClientSecretOrAnAccessTokenToTheLog() {
            microsoft.subscribedSkus(sku("SPE_E5", E5, "Enabled", 50, 10));
            gateway.checkTarget(TENANT, "SPE_E5", 3);
            microsoft.revokeIssuedTokens();
            microsoft.answer(user(2), error(400, "Request_BadRequest", "User does not have a corresponding license."));
            microsoft.answer(user(3), throttled(0), bare(503), ok());
            gateway.move(batch(TENANT, move(1), move(2), move(3)));
            microsoft.answer(user(1), throttled(0));
            assertThatThrownBy(() -> gateway.move(batch(TENANT, move(1)))).isInstanceOf(TransientGatewayException.class)
                .satisfies(e -> assertThat(messagesOf(e)).doesNotContain(SECRET, FakeMicrosoft.TOKEN_PREFIX));

            assertThat(logs.list).isNotEmpty();
            assertThat(logs.list).allSatisfy(event -> assertThat(textOf(event)).doesNotContain(SECRET)
                .doesNotContain(FakeMicrosoft.TOKEN_PREFIX));
        }

        @Test
        void showsTheSecretAsStarsInTheSettings() {
            assertThat(settings.toString()).doesNotContain(SECRET).contains("clientSecret=****");
            assertThat(Secret.of(SECRET)).hasToString("****");
        }

    }

    private static String messagesOf(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            text.append(cause).append('\n');
        }
        return text.toString();
    }

    private static String textOf(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            text.append('\n').append(cause.getClassName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

}
