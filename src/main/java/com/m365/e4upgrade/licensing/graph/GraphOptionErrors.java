package com.m365.e4upgrade.licensing.graph;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Turns a {@code --graph.*} value Spring Boot cannot convert into the operator's one
 * line. The launcher prints the root cause of a startup failure, and left alone that is
 * the converter's own complaint ({@code For input string: "many"}), which names neither
 * the option nor what it takes. Values the conversion accepts are checked by
 * {@link GraphProperties} itself.
 */
final class GraphOptionErrors implements ConfigurationPropertiesBindHandlerAdvisor {

    private static final ConfigurationPropertyName GRAPH = ConfigurationPropertyName.of("graph");

    private static final ConfigurationPropertyName CLIENT_SECRET = ConfigurationPropertyName.of("graph.client-secret");

    @Override
    public BindHandler apply(BindHandler bindHandler) {
        return new AbstractBindHandler(bindHandler) {

            @Override
            public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                    Exception error) throws Exception {
                ConfigurationProperty given = context.getConfigurationProperty();
                // a BindException is an option's failure already reported on its way up
                // to "graph"
                if (GRAPH.isAncestorOf(name) && given != null && !(error instanceof BindException)) {
                    // no cause attached: the root cause's message is what the operator
                    // reads
                    throw new IllegalStateException("--" + name + "=" + shown(name, given) + ": expected "
                            + expected(name, target.getType().resolve(Object.class)));
                }
                return super.onFailure(name, target, context, error);
            }
        };
    }

    /** Any value but the secret's is shown as given: it is the operator's own typing. */
    private static Object shown(ConfigurationPropertyName name, ConfigurationProperty given) {
        return name.equals(CLIENT_SECRET) ? "****" : given.getValue();
    }

    private static String expected(ConfigurationPropertyName name, Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == Duration.class) {
            return "a duration such as 500ms, 2s or 1m";
        }
        if (type == URI.class) {
            return "an absolute URL such as "
                    + (name.getLastElement(ConfigurationPropertyName.Form.DASHED).equals("authority")
                            ? GraphProperties.DEFAULT_AUTHORITY : GraphProperties.DEFAULT_BASE_URL);
        }
        return "a " + type.getSimpleName();
    }

}
