package io.kotanihub.support;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.BootstrapUtils;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Runs the test classes that use the same Spring test context one after the other (the set in
 * {@code junit-platform.properties}): plain classes first, by name, then the Spring classes grouped by their merged
 * context configuration (the key of Spring's context cache), each group where its first class comes by name.
 * <p>
 * A group's context is then used and done with before the next one starts, so that the context cache can stay small
 * ({@code spring.test.context.cache.maxSize} in {@code spring.properties}): a context that is no longer needed is
 * closed instead of keeping its sandbox, timers and pollers running beside the next ones.
 */
public class SpringContextOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        List<? extends ClassDescriptor> classes = context.getClassDescriptors();
        Map<ClassDescriptor, Object> keys = new HashMap<>();
        for (ClassDescriptor descriptor : classes) {
            keys.put(descriptor, key(descriptor.getTestClass()));
        }
        Map<Object, String> firstOfGroup = new HashMap<>();
        classes.stream().sorted(Comparator.comparing(d -> d.getTestClass().getName()))
                .forEach(d -> firstOfGroup.putIfAbsent(keys.get(d), d.getTestClass().getName()));
        Comparator<ClassDescriptor> order = Comparator
                .comparing((ClassDescriptor d) -> keys.get(d) != PLAIN)
                .thenComparing(d -> firstOfGroup.get(keys.get(d)))
                .thenComparing(d -> d.getTestClass().getName());
        classes.sort(order);
    }

    private static final Object PLAIN = new Object();

    /** The class's merged context configuration, or {@link #PLAIN} for a class without a Spring context. */
    private static Object key(Class<?> testClass) {
        if (!MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).isPresent(BootstrapWith.class)) {
            return PLAIN;
        }
        try {
            MergedContextConfiguration configuration =
                    BootstrapUtils.resolveTestContextBootstrapper(testClass).buildMergedContextConfiguration();
            return configuration;
        } catch (RuntimeException e) {
            return testClass.getName();
        }
    }
}
