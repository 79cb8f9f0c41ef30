package dev.closeout.application.web;

import dev.closeout.domain.common.InvalidValueException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Collection;
import java.util.Map;

/**
 * A query or form parameter that takes one value, sent more than once, is refused (400 naming it): Spring joined the
 * values of a text parameter with commas ({@code department=A&department=B} became {@code "A,B"}, matched nothing,
 * and answered an empty 200) and took the first of any other, so a client's mistake read as an answer. Parameters
 * that take several values (a list, a set) are left alone.
 */
@Configuration(proxyBeanMethods = false)
public class SingleValuedParameters implements WebMvcConfigurer, HandlerInterceptor {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            for (MethodParameter parameter : method.getMethodParameters()) {
                RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
                Class<?> type = parameter.getParameterType();
                if (param == null || type.isArray() || Collection.class.isAssignableFrom(type)
                        || Map.class.isAssignableFrom(type)) {
                    continue;
                }
                parameter.initParameterNameDiscovery(NAMES);
                String name = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value()
                        : parameter.getParameterName();
                String[] values = name == null ? null : request.getParameterValues(name);
                if (values != null && values.length > 1) {
                    throw new InvalidValueException(name, "is given " + values.length + " times; it takes one value");
                }
            }
        }
        return true;
    }
}
