package dev.closeout.application.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Deliveries over {@link HttpClient} with a bounded connect time and a bounded time for the whole
 * request, so a dead or slow endpoint costs its own subscription at most that long per attempt.
 * HTTP/1.1 because receivers are often small servers that mishandle the HTTP/2 upgrade; redirects
 * are not followed because the signature was made for the subscribed URL's owner.
 */
class HttpWebhookTransport implements WebhookTransport {

    private final HttpClient http;
    private final Duration requestTimeout;

    HttpWebhookTransport(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Result send(URI url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? Result.ok() : Result.failed("HTTP " + status);
        } catch (IOException e) {
            return Result.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted: the application is stopping");
        }
    }
}
