package com.m365.e4upgrade.licensing;

import com.m365.e4upgrade.batch.JobMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Wraps every {@link LicenseGateway} bean, whichever configuration declared it, in a
 * {@link MeteredLicenseGateway}: a new gateway is metered without a line of its own.
 */
@Component
class GatewayMetering implements BeanPostProcessor {

    private final ObjectProvider<JobMetrics> metrics;

    GatewayMetering(ObjectProvider<JobMetrics> metrics) {
        this.metrics = metrics;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof LicenseGateway gateway && !(bean instanceof MeteredLicenseGateway)) {
            return new MeteredLicenseGateway(gateway, this.metrics.getObject());
        }
        return bean;
    }

}
