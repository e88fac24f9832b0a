package io.kotanihub.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test against the real RabbitMQ and Mosquitto (see {@link Brokers}). Where they cannot be reached the class is
 * skipped with a clear message, except under {@code CI=true}, where a missing broker fails the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BrokersAvailable.class)
public @interface BrokersTest {
}
