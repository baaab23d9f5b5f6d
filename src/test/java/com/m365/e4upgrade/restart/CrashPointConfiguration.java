package com.m365.e4upgrade.restart;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.m365.e4upgrade.testsupport.ChildJvm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.step.StepHolder;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ReflectionUtils;

/**
 * Test-only hooks on one chunk step of the real job, each active only with its system
 * property (component scanning of the application's package finds this class too: without
 * the properties it contributes nothing):
 *
 * <ul>
 * <li>{@code -Dcrash.step=NAME -Dcrash.when=inside|boundary -Dcrash.chunk=N}: ends the
 * process with {@code Runtime.halt(137)}, which skips every shutdown hook like
 * {@code kill -9}, either inside the N-th chunk of the step, after its writer ran and
 * before its transaction commits, or right after the N-th chunk committed. (In Spring
 * Batch 6, {@code ChunkListener.afterChunk} runs inside the chunk's transaction, so the
 * boundary crash is an after-commit synchronization registered there.)</li>
 * <li>{@code -Dslow.step=NAME -Dslow.millis=M}: every chunk of the step takes M ms
 * longer, one chunk at a time even when the step runs partitions on several threads, so
 * that a signal, a --stop-at or a second launch surely finds the run in that step.</li>
 * <li>{@code -Dhold.step=NAME -Dhold.until=FILE}: the step's first chunk waits, before
 * its commit, until the file exists (at most five minutes): the run is surely still going
 * until the test lets it go on.</li>
 * </ul>
 *
 * A step that runs partitions is hooked through its worker step, and its chunks are
 * counted over all partitions.
 */
@Configuration(proxyBeanMethods = false)
public class CrashPointConfiguration {

    /**
     * As a JVM killed by SIGKILL exits (a constant: inlined, so the child needs no
     * test-support class).
     */
    static final int HALT_STATUS = ChildJvm.KILLED;

    /**
     * What the hold logs once it holds the step: the run surely goes on until the test
     * lets it.
     */
    public static final String HOLDING = "Holding the first chunk until";

    private static final Logger log = LoggerFactory.getLogger(CrashPointConfiguration.class);

    enum When {

        INSIDE, BOUNDARY

    }

    @Bean
    @ConditionalOnProperty("crash.step")
    static BeanPostProcessor crashPoint(Environment environment) {
        String step = environment.getRequiredProperty("crash.step");
        When when = When.valueOf(environment.getProperty("crash.when", "inside").toUpperCase(Locale.ROOT));
        int chunk = environment.getProperty("crash.chunk", Integer.class, 1);
        return onStep(step, chunkStep -> {
            CrashPoint crash = new CrashPoint(step, when, chunk);
            chunkStep.registerChunkListener(crash);
            chunkStep.registerItemWriteListener(crash);
        });
    }

    @Bean
    @ConditionalOnProperty("slow.step")
    static BeanPostProcessor slowChunks(Environment environment) {
        long millis = environment.getProperty("slow.millis", Long.class, 20L);
        Object oneAtATime = new Object();
        return onStep(environment.getRequiredProperty("slow.step"),
                chunkStep -> chunkStep.registerChunkListener(new ChunkListener<Object, Object>() {
                    @Override
                    public void afterChunk(Chunk<Object> chunk) {
                        synchronized (oneAtATime) {
                            try {
                                Thread.sleep(millis);
                            }
                            catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                }));
    }

    @Bean
    @ConditionalOnProperty("hold.step")
    static BeanPostProcessor holdUntilReleased(Environment environment) {
        Path release = Path.of(environment.getRequiredProperty("hold.until"));
        AtomicBoolean held = new AtomicBoolean();
        return onStep(environment.getRequiredProperty("hold.step"),
                chunkStep -> chunkStep.registerChunkListener(new ChunkListener<Object, Object>() {
                    @Override
                    public void afterChunk(Chunk<Object> chunk) {
                        if (held.compareAndSet(false, true)) {
                            log.warn(HOLDING + " {} exists", release);
                            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                            while (!Files.exists(release) && System.nanoTime() < deadline) {
                                try {
                                    Thread.sleep(20);
                                }
                                catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                            }
                        }
                    }
                }));
    }

    @SuppressWarnings("unchecked")
    private static BeanPostProcessor onStep(String stepName, Consumer<ChunkOrientedStep<Object, Object>> hook) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (beanName.equals(stepName)) {
                    Object step = bean instanceof PartitionStep partitioned ? workerOf(partitioned) : bean;
                    if (!(step instanceof ChunkOrientedStep<?, ?> chunkStep)) {
                        throw new IllegalStateException(beanName + " is not a chunk-oriented step: " + bean);
                    }
                    hook.accept((ChunkOrientedStep<Object, Object>) chunkStep);
                }
                return bean;
            }
        };
    }

    private static Object workerOf(PartitionStep partitioned) {
        Method handler = ReflectionUtils.findMethod(PartitionStep.class, "getPartitionHandler");
        ReflectionUtils.makeAccessible(handler);
        Object partitionHandler = ReflectionUtils.invokeMethod(handler, partitioned);
        return partitionHandler instanceof StepHolder holder ? holder.getStep() : partitionHandler;
    }

    /** Counts the step's chunks in this process and halts at the chosen one. */
    private static final class CrashPoint implements ChunkListener<Object, Object>, ItemWriteListener<Object> {

        private final String step;

        private final When when;

        private final int chunk;

        private final AtomicInteger written = new AtomicInteger();

        private final AtomicInteger finished = new AtomicInteger();

        CrashPoint(String step, When when, int chunk) {
            this.step = step;
            this.when = when;
            this.chunk = chunk;
        }

        @Override
        public void afterWrite(Chunk<? extends Object> items) {
            if (when == When.INSIDE && written.incrementAndGet() == chunk) {
                halt("inside chunk " + chunk + " of " + step + ", after its writer ran, before the commit");
            }
        }

        @Override
        public void afterChunk(Chunk<Object> items) {
            if (when == When.BOUNDARY && finished.incrementAndGet() == chunk) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        halt("right after chunk " + chunk + " of " + step + " committed");
                    }
                });
            }
        }

        private static void halt(String where) {
            log.warn("Crash point reached: halting {}", where);
            Runtime.getRuntime().halt(HALT_STATUS);
        }

    }

}
