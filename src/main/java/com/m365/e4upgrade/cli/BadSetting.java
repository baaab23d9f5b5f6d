package com.m365.e4upgrade.cli;

import java.util.function.Supplier;

import com.m365.e4upgrade.licensing.LicenseGateway;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * A setting whose value cannot be bound, as one line naming the option: a value of the
 * wrong type ({@code --stop-at=25:00}), or one a settings record refuses
 * ({@code --parallelism=0}).
 */
final class BadSetting {

    private BadSetting() {
    }

    /**
     * Binds a {@code @ConfigurationProperties} record the way Spring Boot will once it
     * starts, so that a bad value stops the command before anything is written.
     */
    static <T> T bind(ConfigurableEnvironment environment, Class<T> settings) throws CannotStartException {
        ConfigurationProperties annotation = AnnotationUtils.findAnnotation(settings, ConfigurationProperties.class);
        String prefix = annotation == null ? ""
                : annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
        try {
            return Binder.get(environment).bindOrCreate(prefix, Bindable.of(settings));
        }
        catch (BindException e) {
            throw new CannotStartException(describe(e));
        }
    }

    /**
     * Runs a binding of settings, turning a bad value into the one line that names it.
     */
    static <T> T check(Supplier<T> binding) throws CannotStartException {
        try {
            return binding.get();
        }
        catch (BindException e) {
            throw new CannotStartException(describe(e));
        }
        catch (IllegalArgumentException e) {
            throw new CannotStartException("option " + e.getMessage());
        }
    }

    /**
     * The one line for a setting found among the causes of a failed start, or null: a
     * value a gateway's own settings refuse, or a --gateway that no gateway's
     * configuration answers to (no {@link LicenseGateway} then exists).
     */
    static String in(Throwable failure, String... args) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return describe(bind);
            }
            if (cause instanceof NoSuchBeanDefinitionException missing && missing.getBeanType() != null
                    && LicenseGateway.class.isAssignableFrom(missing.getBeanType())) {
                StandardEnvironment environment = new StandardEnvironment();
                environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
                return "option --gateway=" + environment.getProperty("gateway") + ": no gateway of that name";
            }
        }
        return null;
    }

    private static String describe(BindException e) {
        // a settings record's own check names the option in its message; a failed
        // conversion names
        // only the property, so the line is made from it
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? null : root.getMessage();
        if (message != null && message.contains("--")) {
            return "option " + message.substring(message.indexOf("--")).lines().findFirst().orElse(message);
        }
        String option = e.getProperty() != null ? "--" + e.getProperty().getName() + "=" + e.getProperty().getValue()
                : "--" + e.getName();
        return "option " + option + ": not a valid value" + (message == null ? "" : " (" + message + ")");
    }

}
