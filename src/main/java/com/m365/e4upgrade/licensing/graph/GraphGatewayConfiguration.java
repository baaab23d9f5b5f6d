package com.m365.e4upgrade.licensing.graph;

import com.m365.e4upgrade.licensing.SkuCatalog;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Microsoft Graph gateway, present only with {@code --gateway=graph}; without it the job keeps
 * its embedded gateway. Settings are read when the context starts, so a missing client id or
 * secret stops the command before any step runs rather than at the first tenant.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway", havingValue = "graph")
public class GraphGatewayConfiguration {

    @Bean
    public GraphSettings graphSettings(Environment environment) {
        return GraphSettings.from(environment);
    }

    /**
     * One instance for the whole run (not step-scoped): its token cache and statistics outlive
     * every step and partition.
     */
    @Bean
    public GraphLicenseGateway graphLicenseGateway(GraphSettings graphSettings, SkuCatalog skuCatalog,
            ObjectProvider<JsonMapper> jsonMapper) {
        return new GraphLicenseGateway(graphSettings, skuCatalog, GraphLicenseGateway.newHttpClient(graphSettings),
                jsonMapper.getIfUnique(() -> JsonMapper.builder().build()));
    }
}
