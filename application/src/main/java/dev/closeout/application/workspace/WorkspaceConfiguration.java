package dev.closeout.application.workspace;

import dev.closeout.application.evidence.EvidenceProperties;
import dev.closeout.application.web.LargerBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The pages' language: Chinese first, English on request. {@code ?lang=zh|en} (the switch in every
 * page's header) chooses and is remembered in a cookie; without one, the browser's
 * {@code Accept-Language} decides between the two, and anything else gets Chinese. And the one page
 * form that may carry more than the general body limit, the closure request with its files.
 */
@Configuration
class WorkspaceConfiguration implements WebMvcConfigurer {

    static final List<Locale> LANGUAGES = List.of(Locale.CHINESE, Locale.ENGLISH);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("closeout-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(WorkspaceConfiguration::accepted);
        return resolver;
    }

    /** The first of the browser's languages that the pages speak; Chinese if none (or no header). */
    private static Locale accepted(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return Locale.CHINESE;
        }
        for (Locale wanted : Collections.list(request.getLocales())) {
            for (Locale spoken : LANGUAGES) {
                if (spoken.getLanguage().equals(wanted.getLanguage())) {
                    return spoken;
                }
            }
        }
        return Locale.CHINESE;
    }

    /** The closure-request form carries its evidence files: as large a body as the API's upload. */
    @Bean
    LargerBody closureRequestBodies(EvidenceProperties limits) {
        return new LargerBody("POST", PageController.CLOSURE_REQUEST_PATH, limits.maxRequestSize(),
                EvidenceProperties.PROPERTIES);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        // the public board is bilingual and cached by proxies: a language cookie there would be served to others
        registry.addInterceptor(change).excludePathPatterns("/api/**", "/actuator/**", "/v3/**", "/public", "/public/**");
    }
}
