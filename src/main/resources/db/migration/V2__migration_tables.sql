-- The job's own tables. Every row belongs to one migration: the Spring Batch job instance whose
-- identifying parameters are the two input files' digests, the source plan and the dry-run flag.

CREATE TABLE e4_tenant (
    migration_id            BIGINT        NOT NULL,
    tenant_id               VARCHAR(36)   NOT NULL,
    line_number             BIGINT        NOT NULL,
    tenant_name             VARCHAR(4096),
    subscription_id         VARCHAR(4096) NOT NULL,
    source_sku              VARCHAR(4096) NOT NULL,
    licenses                INTEGER       NOT NULL,
    target_sku              VARCHAR(4096) NOT NULL,
    target_subscription_id  VARCHAR(4096),
    target_licenses         INTEGER       NOT NULL,
    target_status           VARCHAR(16)   NOT NULL,
    purchase_channel        VARCHAR(16)   NOT NULL,
    payment_method          VARCHAR(16)   NOT NULL,
    prepaid                 BOOLEAN       NOT NULL,
    sector                  VARCHAR(16)   NOT NULL,
    plans_for_product       INTEGER       NOT NULL,
    add_ons                 VARCHAR(4096),
    unpaid_balance          DECIMAL(19, 4) NOT NULL,
    credit_check_pending    BOOLEAN       NOT NULL,
    upgrade_in_progress     BOOLEAN       NOT NULL,
    service_status          VARCHAR(16)   NOT NULL,
    upgrade_eligible        BOOLEAN       NOT NULL,
    temporarily_unavailable BOOLEAN       NOT NULL,
    -- set by the eligibility step
    source_users            INTEGER,
    verdict                 VARCHAR(16),
    reasons                 VARCHAR(1024),
    -- the source subscription as the embedded gateway holds it
    subscription_state      VARCHAR(16)   DEFAULT 'ACTIVE' NOT NULL,
    PRIMARY KEY (migration_id, tenant_id)
);

CREATE TABLE e4_user (
    migration_id        BIGINT        NOT NULL,
    tenant_id           VARCHAR(36)   NOT NULL,
    user_id             VARCHAR(36)   NOT NULL,
    line_number         BIGINT        NOT NULL,
    -- the tenant's line in tenants.csv: moves are planned in the order of the files
    tenant_line         BIGINT        NOT NULL,
    user_principal_name VARCHAR(4096) NOT NULL,
    display_name        VARCHAR(4096),
    -- the licenses the user holds now: the embedded gateway's license state
    licenses            VARCHAR(4096),
    usage_location      VARCHAR(2),
    license_assignment  VARCHAR(8)    NOT NULL,
    disabled_plans      VARCHAR(4096),
    account_enabled     BOOLEAN       NOT NULL,
    -- whether the imported licenses included the tenant's source_sku (A counts these)
    holds_source        BOOLEAN       NOT NULL,
    PRIMARY KEY (migration_id, tenant_id, user_id)
);

CREATE INDEX e4_user_in_file_order ON e4_user (migration_id, tenant_line, line_number);

-- one row per user move: PLANNED by the plan step, then REASSIGNED or SKIPPED
CREATE TABLE e4_reassignment (
    migration_id        BIGINT        NOT NULL,
    tenant_id           VARCHAR(36)   NOT NULL,
    user_id             VARCHAR(36)   NOT NULL,
    user_principal_name VARCHAR(4096) NOT NULL,
    from_sku            VARCHAR(4096) NOT NULL,
    to_sku              VARCHAR(4096) NOT NULL,
    disabled_plans      VARCHAR(4096),
    status              VARCHAR(16)   NOT NULL,
    detail              VARCHAR(256),
    batch               INTEGER,
    -- where the user stands in the files: reassignments.csv follows it
    tenant_line         BIGINT        NOT NULL,
    user_line           BIGINT        NOT NULL,
    PRIMARY KEY (migration_id, tenant_id, user_id)
);

CREATE INDEX e4_reassignment_by_batch ON e4_reassignment (migration_id, status, batch, user_id);
CREATE INDEX e4_reassignment_in_file_order ON e4_reassignment (migration_id, tenant_line, user_line);

CREATE TABLE e4_cancellation (
    migration_id    BIGINT        NOT NULL,
    tenant_id       VARCHAR(36)   NOT NULL,
    subscription_id VARCHAR(4096) NOT NULL,
    sku             VARCHAR(4096) NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    detail          VARCHAR(256),
    PRIMARY KEY (migration_id, tenant_id)
);

CREATE TABLE e4_reject (
    migration_id BIGINT        NOT NULL,
    file_name    VARCHAR(64)   NOT NULL,
    line_number  BIGINT        NOT NULL,
    reason       VARCHAR(4096) NOT NULL,
    record       VARCHAR(8192),
    PRIMARY KEY (migration_id, file_name, line_number)
);
