package dev.closeout.application.web;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * How Tomcat treats paths and its own errors.
 *
 * <p>A ledger name is free text and travels as one path segment, percent-encoded by the client:
 * {@code x/y} as {@code x%2Fy}, {@code a\b} as {@code a%5Cb}. Tomcat refuses an encoded slash or
 * backslash by default; passed through undecoded, it stays inside its segment, Spring MVC matches
 * the raw path and decodes the variable afterwards, so the controller receives {@code x/y} and
 * {@code /api/ledgers/x%2Fy/entries} cannot be read as a different route.
 *
 * <p>A client that asks before sending a body ({@code Expect: 100-continue}, as curl does for large
 * ones) is told to go ahead only when the application starts reading it, not on arrival: a body
 * refused by its declared length ({@link RequestBodyLimit}) is then never sent at all.
 *
 * <p>Errors Tomcat raises before the application sees the request are written by
 * {@link ProblemErrorReportValve} instead of its HTML page. Spring Boot adds an HTML valve of its
 * own to the host; it is replaced, so that no request is ever answered in HTML. This customizer
 * runs after Spring Boot's, whose valve must exist before it can be removed.
 */
@Component
class ServletContainerConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
            }
        });
        factory.addContextCustomizers(context -> {
            Container host = context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            // Added here rather than loaded by name, and named so that the host adds no other at start.
            host.getPipeline().addValve(new ProblemErrorReportValve());
            ((StandardHost) host).setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
