package dev.closeout.application.infrastructure.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deliveries over {@link HttpClient} with a bounded connect time and a bounded time for the whole
 * request, so a dead or slow endpoint costs its own subscription at most that long per attempt.
 * HTTP/1.1 because receivers are often small servers that mishandle the HTTP/2 upgrade; redirects
 * are not followed because the signature was made for the subscribed URL's owner.
 */
class HttpWebhookTransport implements WebhookTransport {

    private final HttpClient http;
    private final Duration requestTimeout;
    private final WebhookAddressPolicy addressPolicy;

    HttpWebhookTransport(Duration connectTimeout, Duration requestTimeout, WebhookAddressPolicy addressPolicy) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
        this.addressPolicy = addressPolicy;
    }

    @Override
    public Result send(URI url, Map<String, String> headers, byte[] body) {
        // Checked again here, not only at subscription: the host may resolve elsewhere by now (DNS
        // rebinding). The client resolves once more when it connects, so a name that flips within
        // that moment is not caught (see the README's known limits); one lookup per attempt is cheap.
        Optional<String> refusal = addressPolicy.refusal(url);
        if (refusal.isPresent()) {
            return Result.failed("address not allowed: " + refusal.get());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        // The request timeout only covers the wait for the response headers; an endpoint that then
        // drips its body would hold the attempt for ever, so the whole exchange gets one deadline.
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            int status = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status / 100 == 2 ? Result.ok() : Result.failed("HTTP " + status);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return Result.failed("HttpTimeoutException: no complete answer within " + requestTimeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Result.failed(cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return Result.failed("interrupted: the application is stopping");
        }
    }
}
