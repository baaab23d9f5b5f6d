package com.m365.e4upgrade.cli;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A setting whose value cannot be bound, as one line naming the option: a value of the wrong type
 * ({@code --stop-at=25:00}), or one a settings record refuses ({@code --parallelism=0}).
 */
final class BadSetting {

    private BadSetting() {
    }

    /**
     * Binds a {@code @ConfigurationProperties} record the way Spring Boot will once it starts, so that
     * a bad value stops the command before anything is written.
     */
    static <T> T bind(ConfigurableEnvironment environment, Class<T> settings) throws CannotStartException {
        ConfigurationProperties annotation = AnnotationUtils.findAnnotation(settings, ConfigurationProperties.class);
        String prefix = annotation == null ? "" : annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
        try {
            return Binder.get(environment).bindOrCreate(prefix, Bindable.of(settings));
        } catch (BindException e) {
            throw new CannotStartException(describe(e));
        }
    }

    /** The one line for a failure to bind found among the causes, or null. */
    static String in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return describe(bind);
            }
        }
        return null;
    }

    private static String describe(BindException e) {
        // a record's own check names the option itself; a conversion failure names the property
        Throwable reason = e.getCause();
        while (reason != null && reason.getCause() != null && !(reason instanceof IllegalArgumentException)) {
            reason = reason.getCause();
        }
        if (reason instanceof IllegalArgumentException refused && refused.getMessage() != null
                && refused.getMessage().startsWith("--")) {
            return "option " + refused.getMessage();
        }
        String option = e.getProperty() != null ? "--" + e.getProperty().getName() + "=" + e.getProperty().getValue()
                : "--" + e.getName();
        return "option " + option + ": " + (reason == null ? "not a valid value" : "not a valid value ("
                + MigrationLauncher.rootMessage(reason) + ")");
    }
}
