package io.kotanihub.sandbox.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class SandboxWebConfig implements WebMvcConfigurer {

    private final ApiGuard apiGuard;

    public SandboxWebConfig(ApiGuard apiGuard) {
        this.apiGuard = apiGuard;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(apiGuard).addPathPatterns("/api/v3/**", "/payment-links/**");
    }
}
