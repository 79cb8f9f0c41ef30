package dev.closeout.application.infrastructure.webhook;

import java.net.URI;
import java.util.Map;

/** Sends one signed delivery to a subscriber's endpoint; the dispatcher decides what happens after. */
interface WebhookTransport {

    /** What one attempt came to: delivered (a 2xx answer), or why not. */
    record Result(boolean delivered, String error) {

        static Result ok() {
            return new Result(true, null);
        }

        static Result failed(String error) {
            return new Result(false, error);
        }
    }

    /** Never throws for the endpoint's faults (refused, timed out, non-2xx): those are a failed result. */
    Result send(URI url, Map<String, String> headers, byte[] body);
}
