package com.m365.e4upgrade.batch;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Writes a step execution's context to the job repository only when something was put in
 * it since it was last written, as Spring Batch's {@code TaskletStep} does: Spring Batch
 * 6's {@code ChunkOrientedStep} serializes and writes it after every chunk, changed or
 * not. The moves' partitions keep no position there (the moves stored are their
 * position), so at a million users each of their 50,000 chunks wrote the same few keys
 * again: about 6 % of the moves' time (issue 15).
 *
 * <p>
 * A context is always written the first time it is offered for a step execution (a
 * restarted step's inherited position, written at its start by
 * {@link RestartPositionSaver}), and whenever it is dirty: the repository then holds what
 * the step holds at every commit, as before. The job repository clears the dirty flag of
 * a context it writes.
 */
public class ContextWrittenWhenChanged implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof JobRepository)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.addAdvice(new SkipUnchangedContexts());
        return proxy.getProxy();
    }

    static final class SkipUnchangedContexts implements MethodInterceptor {

        /** The step executions whose context was written once; forgotten with them. */
        private final Set<StepExecution> written = Collections
            .synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

        @Override
        public Object invoke(MethodInvocation invocation) throws Throwable {
            Object[] arguments = invocation.getArguments();
            if (!invocation.getMethod().getName().equals("updateExecutionContext") || arguments.length != 1
                    || !(arguments[0] instanceof StepExecution step)) {
                return invocation.proceed();
            }
            if (!step.getExecutionContext().isDirty() && this.written.contains(step)) {
                return null;
            }
            Object result = invocation.proceed();
            this.written.add(step);
            return result;
        }

    }

}
