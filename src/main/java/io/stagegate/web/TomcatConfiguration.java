package io.stagegate.web;

import jakarta.servlet.Filter;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.filters.FailedRequestFilter;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Problem details even for what Tomcat refuses before Spring (see {@link ProblemErrorReportValve}), and a request
 * whose parameters Tomcat could not parse completely (more than {@code server.tomcat.max-parameter-count}, broken
 * encoding) is refused with 400 instead of reaching a controller with some of its parameters silently dropped.
 */
@Configuration
class TomcatConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    FilterRegistrationBean<Filter> refuseUnparsableParameters() {
        FailedRequestFilter failed = new FailedRequestFilter();
        // uploads keep their own limits and answers (413 from the multipart resolver); parsing them here would not
        Filter parameters = (request, response, chain) -> {
            String type = request.getContentType();
            if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
                chain.doFilter(request, response);
            } else {
                failed.doFilter(request, response, chain);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(parameters);
        registration.addUrlPatterns("/api/*");
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
