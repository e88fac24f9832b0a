package io.kotanihub.sandbox;

import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * The Kotani sandbox as its own small Spring MVC application on its own port: the hub reaches it over real HTTP
 * exactly as it would reach Kotani. It shares no code with the hub's side of the conversation.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
        ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        MultipartAutoConfiguration.class})
@ComponentScan("io.kotanihub.sandbox")
public class SandboxServer {

    /** Binds {@code hub.sandbox.*} from any environment (config files, command line, HUB_SANDBOX_* variables). */
    public static SandboxProperties bind(Environment environment) {
        return Binder.get(environment).bind("hub.sandbox", SandboxProperties.class).orElseGet(SandboxProperties::new);
    }

    /**
     * Starts the sandbox with these settings (null: bind them from the sandbox's own environment);
     * {@link #port(ConfigurableApplicationContext)} tells the port it got.
     */
    public static ConfigurableApplicationContext start(SandboxProperties properties, String... args) {
        SpringApplication app = new SpringApplication(SandboxServer.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        app.setInitializers(List.of(context -> {
            ConfigurableEnvironment env = context.getEnvironment();
            SandboxProperties settings = properties != null ? properties : bind(env);
            context.getBeanFactory().registerSingleton("sandboxProperties", settings);
            env.getPropertySources().addFirst(new MapPropertySource("kotani-sandbox", Map.of(
                    "server.port", settings.getPort(),
                    "spring.main.banner-mode", "off",
                    "spring.application.name", "kotani-sandbox",
                    "spring.jackson.deserialization.use-big-decimal-for-floats", true,
                    "spring.jackson.serialization.write-dates-as-timestamps", false,
                    "spring.mvc.problemdetails.enabled", false,
                    "server.error.whitelabel.enabled", false)));
        }));
        app.setLogStartupInfo(false);
        return app.run(args);
    }

    public static int port(ConfigurableApplicationContext sandbox) {
        return ((WebServerApplicationContext) sandbox).getWebServer().getPort();
    }

    /** {@code --spring.profiles.active=sandbox}: serve only the sandbox. */
    public static ConfigurableApplicationContext runStandalone(String... args) {
        ConfigurableApplicationContext sandbox = start(null, args);
        sandbox.registerShutdownHook();
        return sandbox;
    }
}
