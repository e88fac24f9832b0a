package io.kotanihub;

import java.util.Arrays;

import io.kotanihub.sandbox.SandboxServer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The hub. The Kotani sandbox is a separate application (package {@code sandbox}) that this start-up wiring runs
 * beside the hub on its own port ({@link SandboxBootstrap}); the hub's own beans never see the sandbox's.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ConfigurationPropertiesScan("io.kotanihub")
@ComponentScan(basePackages = "io.kotanihub", excludeFilters = {
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.kotanihub\\.sandbox\\..*"),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class)})
public class KotaniHubApplication {

    public static void main(String[] args) {
        start(args);
    }

    /** The hub with its embedded sandbox, or with profile {@code sandbox} the sandbox alone. */
    public static ConfigurableApplicationContext start(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        if (Arrays.asList(environment.getActiveProfiles()).contains("sandbox")) {
            return SandboxServer.runStandalone(args);
        }
        return SpringApplication.run(KotaniHubApplication.class, args);
    }
}
