package com.m365.e4upgrade.eligibility;

import com.m365.e4upgrade.input.Tenant;

/**
 * What the eligibility processor decides on: a tenant and A, the number of its accepted
 * users whose licenses include the tenant's source_sku.
 */
public record TenantToDecide(Tenant tenant, int sourceUsers) {
}
