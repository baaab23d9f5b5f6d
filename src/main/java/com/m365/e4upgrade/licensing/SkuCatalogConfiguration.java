package com.m365.e4upgrade.licensing;

import com.m365.e4upgrade.batch.RunSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

/**
 * Microsoft's table of SKUs and service plans: the bundled copy, or the operator's newer
 * download.
 */
@Configuration(proxyBeanMethods = false)
public class SkuCatalogConfiguration {

    static final String BUNDLED = "catalog/product-names-and-service-plan-identifiers.csv";

    @Bean
    public SkuCatalog skuCatalog(RunSettings settings) {
        return SkuCatalog.load(settings.skuCatalog() == null ? new ClassPathResource(BUNDLED)
                : new FileSystemResource(settings.skuCatalog()));
    }

}
