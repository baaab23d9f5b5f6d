package com.m365.e4upgrade.licensing.embedded;

import com.m365.e4upgrade.input.TenantRepository;
import com.m365.e4upgrade.input.UserRepository;
import com.m365.e4upgrade.licensing.LicenseGateway;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code --gateway=embedded}, the default: the rehearsal on the job's own database. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedGatewayConfiguration {

    @Bean
    public LicenseGateway embeddedLicenseGateway(UserRepository users, TenantRepository tenants) {
        return new EmbeddedLicenseGateway(users, tenants);
    }

}
