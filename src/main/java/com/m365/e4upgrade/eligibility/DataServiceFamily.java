package com.m365.e4upgrade.eligibility;

import com.m365.e4upgrade.licensing.ServicePlan;
import com.m365.e4upgrade.licensing.Sku;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The services whose data users would lose if the new plan had a lesser version of them
 * (eligibility-rules.md, "Data-related services"). Each family lists its service plans
 * from the lowest level to the highest.
 */
public enum DataServiceFamily {

    EXCHANGE_ONLINE_MAILBOX("EXCHANGE_S_DESKLESS", "EXCHANGE_S_STANDARD", "EXCHANGE_S_ENTERPRISE"),
    SHAREPOINT_ONLINE("SHAREPOINTDESKLESS", "SHAREPOINTSTANDARD", "SHAREPOINTENTERPRISE");

    // Cloud-specific editions of a plan carry the same data as the plan itself.
    private static final List<String> EDITION_SUFFIXES = List.of("_GOV", "_EDU", "_MIDMARKET");

    private final List<String> plansByLevel;

    DataServiceFamily(String... plansByLevel) {
        this.plansByLevel = List.of(plansByLevel);
    }

    /**
     * The level (0 = lowest) of that service plan in this family, empty if the plan is
     * not of this family.
     */
    public OptionalInt levelOf(String servicePlanName) {
        int level = plansByLevel.indexOf(basePlan(servicePlanName));
        return level < 0 ? OptionalInt.empty() : OptionalInt.of(level);
    }

    /**
     * The highest level of this family among the SKU's plans, empty if the SKU has none
     * of them.
     */
    public OptionalInt levelIn(Sku sku) {
        return sku.servicePlans()
            .stream()
            .map(ServicePlan::name)
            .map(this::levelOf)
            .filter(OptionalInt::isPresent)
            .mapToInt(OptionalInt::getAsInt)
            .max();
    }

    /**
     * The families in which the source has a plan and the target has none at the same
     * level or higher: empty when moving users from source to target loses no data.
     */
    public static List<DataServiceFamily> lostMoving(Sku source, Sku target) {
        return Arrays.stream(values())
            .filter(family -> family.levelIn(source).isPresent())
            .filter(family -> family.levelIn(target).orElse(-1) < family.levelIn(source).getAsInt())
            .toList();
    }

    /**
     * Whether the target keeps every data-related service of the source at the same level
     * or higher.
     */
    public static boolean keepsData(Sku source, Sku target) {
        return lostMoving(source, target).isEmpty();
    }

    private static String basePlan(String servicePlanName) {
        String name = servicePlanName == null ? "" : servicePlanName.strip().toUpperCase(Locale.ROOT);
        return EDITION_SUFFIXES.stream()
            .filter(name::endsWith)
            .findFirst()
            .map(suffix -> name.substring(0, name.length() - suffix.length()))
            .orElse(name);
    }

}
