package dev.closeout.application.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * How Tomcat treats paths.
 *
 * <p>A ledger name is free text and travels as one path segment, percent-encoded by the client:
 * {@code x/y} as {@code x%2Fy}, {@code a\b} as {@code a%5Cb}. Tomcat refuses an encoded slash or
 * backslash by default; passed through undecoded, it stays inside its segment, Spring MVC matches
 * the raw path and decodes the variable afterwards, so the controller receives {@code x/y} and
 * {@code /api/ledgers/x%2Fy/entries} cannot be read as a different route.
 */
@Component
class ServletContainerConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
