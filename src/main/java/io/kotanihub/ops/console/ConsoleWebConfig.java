package io.kotanihub.ops.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link ConsoleAuth} in front of every console path except the sign-in page and its style sheet. */
@Configuration
public class ConsoleWebConfig implements WebMvcConfigurer {

    private final ConsoleAuth auth;

    public ConsoleWebConfig(ConsoleAuth auth) {
        this.auth = auth;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(auth).addPathPatterns("/console", "/console/**")
                .excludePathPatterns(ConsoleAuth.LOGIN, "/console/assets/console.css");
    }
}
