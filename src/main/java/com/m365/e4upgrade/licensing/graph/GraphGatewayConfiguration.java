package com.m365.e4upgrade.licensing.graph;

import java.util.Map;

import com.m365.e4upgrade.licensing.LicenseGateway;
import com.m365.e4upgrade.licensing.SkuCatalog;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The Microsoft Graph gateway, present only with {@code --gateway=graph}; without it the
 * job keeps its embedded gateway. The settings are bound when the context starts, so a
 * missing client id or secret stops the command before any step runs rather than at the
 * first tenant.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway", havingValue = "graph")
@EnableConfigurationProperties(GraphProperties.class)
public class GraphGatewayConfiguration {

    /**
     * Ahead of every other property source, so that none of them can give
     * {@code graph.client-secret}.
     */
    static final String CLIENT_SECRET_SOURCE = "graphClientSecretFromTheEnvironmentOnly";

    /**
     * The gateway of the whole run. Not step-scoped, although the embedded gateway is:
     * the token cache, the per-tenant write locks and the counters outlive every step,
     * and the job asks {@link LicenseGateway#batchesInFlight} while it is built and
     * {@link LicenseGateway#counters} once its steps are over, where a step-scoped bean
     * cannot be reached.
     */
    @Bean
    public LicenseGateway licenseGateway(GraphProperties graphProperties, SkuCatalog skuCatalog,
            ObjectProvider<JsonMapper> jsonMapper) {
        return new GraphLicenseGateway(graphProperties, skuCatalog, GraphLicenseGateway.newHttpClient(graphProperties),
                jsonMapper.getIfUnique(() -> JsonMapper.builder().build()));
    }

    /**
     * {@code graph.client-secret} is bound like every other setting, but from the
     * environment variable only: a secret given as {@code --graph.client-secret} would be
     * visible to every user of the machine ({@code ps}), so it is overridden here, as it
     * was always ignored. The value is a placeholder, resolved at binding like any
     * property, so the secret is not copied anywhere. Static, as post-processors must be:
     * it runs before the settings are bound.
     */
    @Bean
    static BeanFactoryPostProcessor clientSecretFromTheEnvironmentOnly(ConfigurableEnvironment environment) {
        return beanFactory -> environment.getPropertySources()
            .addFirst(new MapPropertySource(CLIENT_SECRET_SOURCE,
                    Map.of("graph.client-secret", "${" + GraphProperties.SECRET_VARIABLE + ":}")));
    }

    /**
     * A value that is not even of the option's type fails in one line naming the option,
     * too.
     */
    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor graphOptionErrors() {
        return new GraphOptionErrors();
    }

}
