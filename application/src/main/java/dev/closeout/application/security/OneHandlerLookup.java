package dev.closeout.application.security;

import java.util.List;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityConfiguration;

/**
 * One look-up of a request's handler, by the dispatcher, instead of two.
 *
 * <p>With Spring MVC present, Spring Security wraps its filter chain in one that first runs
 * {@code HandlerMappingIntrospector}'s cache filter: it finds the request's handler before the
 * security filters run, for request matchers and CORS settings that ask Spring MVC (MVC request
 * matchers, {@code cors()} without a source of its own). This application uses neither: its rules
 * match paths ({@link AccessRules}, {@code PathPatternRequestMatcher}) and it answers no CORS
 * requests. The look-up was wasted, and costly: a path with a variable ({@code /api/tasks/{id}/claim})
 * is tried against every mapping of every controller. A Flight Recorder profile of the county
 * benchmark's progress reports counted 9.5 % of the HTTP threads' samples, about 3.5 % of the application's,
 * in that look-up (docs/measurements.md, session 29).
 *
 * <p>This restores the filter chain Spring Security built, unwrapped. Should a later rule need the
 * introspector, it still works without the cache, looking the handler up itself, and Spring MVC
 * says so in its log ("Cache miss for REQUEST dispatch").
 */
@Configuration
class OneHandlerLookup {

    /** The bean Spring Security registers its filter chain as, and wraps. */
    static final String FILTER_CHAIN = "springSecurityFilterChain";
    /** The wrapper's class, not public: {@code WebMvcSecurityConfiguration.CompositeFilterChainProxy}. */
    private static final String WRAPPER = WebSecurityConfiguration.class.getPackageName()
            + ".WebMvcSecurityConfiguration$CompositeFilterChainProxy";

    /**
     * Runs after every registry post-processor, Spring Security's among them, so the wrapper is there to
     * take off. What it wraps is Spring Security's own wrapper, which parses the request's path for the
     * path matchers before the chain runs, and stays. Static, as a factory post-processor's bean method must be.
     */
    @Bean
    static BeanFactoryPostProcessor unwrappedSecurityFilterChain() {
        return beanFactory -> {
            if (!(beanFactory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(FILTER_CHAIN)) {
                return;
            }
            BeanDefinition wrapper = registry.getBeanDefinition(FILTER_CHAIN);
            if (!WRAPPER.equals(wrapper.getBeanClassName())) {
                return;
            }
            ValueHolder filters = wrapper.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
            // [the introspector's cache filter, the filter chain as Spring Security built it]
            if (filters != null && filters.getValue() instanceof List<?> list && list.size() == 2
                    && list.get(1) instanceof BeanDefinition chain) {
                registry.removeBeanDefinition(FILTER_CHAIN);
                registry.registerBeanDefinition(FILTER_CHAIN, chain);
            } else {
                throw new IllegalStateException("Spring Security's filter chain is wrapped in a way this version does "
                        + "not know: " + wrapper);
            }
        };
    }
}
