package dev.closeout.application.infrastructure.webhook;

import dev.closeout.application.infrastructure.mongo.Durability;
import dev.closeout.application.security.CloseoutUser;
import dev.closeout.application.web.NotFoundException;
import dev.closeout.domain.common.CommandRefusedException;
import dev.closeout.domain.common.InvalidValueException;
import dev.closeout.domain.common.Role;
import dev.closeout.projections.alert.Alert;
import dev.closeout.projections.alert.AlertFeed;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Webhook subscriptions. Supervisors manage every subscription and retry parked deliveries; an
 * alert consumer creates, reads and deletes its own subscriptions (they are the systems it runs)
 * and sees no one else's: another's subscription is answered 404, not 403, so ids of other
 * consumers' endpoints are not confirmed. Auditors read all. The signing secret is shown once,
 * in the answer that created it.
 */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    private static final int MAX_LIMIT = 500;

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final AlertFeed feed;
    private final WebhookDispatcher dispatcher;
    private final WebhookAddressPolicy addressPolicy;
    private final int maxSubscriptionsPerUser;
    private final Durability durability;

    WebhookController(SubscriptionStore subscriptions, DeliveryStore deliveries, AlertFeed feed,
                      WebhookDispatcher dispatcher, WebhookAddressPolicy addressPolicy, WebhookProperties properties,
                      Durability durability) {
        this.durability = durability;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.feed = feed;
        this.dispatcher = dispatcher;
        this.addressPolicy = addressPolicy;
        this.maxSubscriptionsPerUser = properties.maxSubscriptionsPerUser();
    }

    record CreateSubscription(String url, String secret, List<String> types, List<String> departments) {
    }

    record SubscriptionResponse(String id, String url, String secret, Set<Alert.AlertType> types,
                                Set<String> departments, String owner, Instant createdAt) {

        /**
         * The subscription as its readers see it: the secret, and the address past its host and first path segment,
         * where IM gateways keep their tokens ({@code ?access_token=…}, {@code /bot/v2/hook/<token>},
         * {@code /services/T/B/<secret>}), only in the answer to its creation; every later answer, which supervisors
         * and auditors read too, shows {@code /…} and {@code ?…} in their place.
         */
        static SubscriptionResponse of(Subscription s, boolean withSecret) {
            return new SubscriptionResponse(s.id(), withSecret ? s.url().toString() : DeliveryAttempts.shown(s.url(), true),
                    withSecret ? s.secret().value() : null, s.types(), s.departments(), s.owner(), s.createdAt());
        }
    }

    /** A delivery as its subscriber's operators see it; {@code alertId} is the {@code webhook-id} header. */
    record DeliveryResponse(String id, String alertId, long sequence, Delivery.Status status, int attempts,
                            Instant lastAttemptAt, Instant nextAttemptAt, String lastError, Instant deliveredAt) {

        static DeliveryResponse of(Delivery d) {
            return new DeliveryResponse(d.id(), d.alertId(), d.sequence(), d.status(), d.attempts(), d.lastAttemptAt(),
                    d.nextAttemptAt(), d.lastError(), d.deliveredAt());
        }
    }

    record DeliveryPage(List<DeliveryResponse> deliveries, long next) {
    }

    @PostMapping
    ResponseEntity<SubscriptionResponse> create(@RequestBody CreateSubscription body,
                                                @AuthenticationPrincipal CloseoutUser user) {
        URI url = url(body.url());
        WebhookSecret secret = body.secret() == null ? WebhookSecret.generate() : new WebhookSecret(body.secret());
        long head = feed.head();
        Subscription subscription = new Subscription(UUID.randomUUID().toString(), url, secret, types(body.types()),
                departments(body.departments()), user.username(), dispatcher.now(), head, head, Map.of(), null, null, null);
        if (!subscriptions.create(subscription, maxSubscriptionsPerUser)) {
            throw CommandRefusedException.state(user.username() + " has " + maxSubscriptionsPerUser + " webhook "
                    + "subscriptions, the most one user may have (closeout.webhooks.max-subscriptions-per-user); "
                    + "delete one first");
        }
        // its secret is shown once, in this answer: the subscription it signs for is on disk before it
        durability.awaitDurable();
        return ResponseEntity.created(URI.create("/api/webhooks/" + subscription.id()))
                .body(SubscriptionResponse.of(subscription, true));
    }

    @GetMapping
    List<SubscriptionResponse> list(@AuthenticationPrincipal CloseoutUser user) {
        return subscriptions.all().stream().filter(s -> visible(s, user))
                .sorted(Comparator.comparing(Subscription::createdAt))
                .map(s -> SubscriptionResponse.of(s, false)).toList();
    }

    @GetMapping("/{id}")
    SubscriptionResponse get(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        return SubscriptionResponse.of(subscription(id, user), false);
    }

    /** Stops deliveries; the subscription's delivery records go with it. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, @AuthenticationPrincipal CloseoutUser user) {
        subscription(id, user);
        dispatcher.delete(id);
        // acknowledged means on disk: a subscription deleted and then back after a crash would post to an address its
        // owner retired
        durability.awaitDurable();
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    DeliveryPage deliveries(@PathVariable String id, @RequestParam(required = false) Delivery.Status status,
                            @RequestParam(defaultValue = "0") long after,
                            @RequestParam(defaultValue = "100") int limit,
                            @AuthenticationPrincipal CloseoutUser user) {
        if (after < 0) {
            throw new InvalidValueException("after", "must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        DeliveryStore.Page page = deliveries.page(subscription(id, user), after, limit, status);
        return new DeliveryPage(page.deliveries().stream().map(DeliveryResponse::of).toList(), page.next());
    }

    /** A parked delivery is tried again at once, with a fresh give-up horizon (supervisors only, see the security rules). */
    @PostMapping("/{id}/deliveries/{deliveryId}/retry")
    DeliveryResponse retry(@PathVariable String id, @PathVariable String deliveryId,
                           @AuthenticationPrincipal CloseoutUser user) {
        Subscription subscription = subscription(id, user);
        Delivery delivery = deliveries.find(deliveryId).filter(d -> d.subscriptionId().equals(id))
                .orElseThrow(() -> new NotFoundException("No delivery " + deliveryId + " for webhook " + id));
        // put back to pending but never listed as due (a crash or a failed write between a retry's two writes):
        // retrying lists it, rather than leave it waiting for nothing
        boolean stranded = delivery.status() == Delivery.Status.PENDING
                && !subscription.pending().containsKey(delivery.sequence());
        if (delivery.status() != Delivery.Status.PARKED && !stranded) {
            throw CommandRefusedException.state("Only a parked delivery can be retried; this one is "
                    + delivery.status());
        }
        Instant now = dispatcher.now();
        if (!stranded && !deliveries.retry(delivery, now)) {
            throw CommandRefusedException.state("The delivery changed while it was being retried; read it again");
        }
        subscriptions.schedule(subscription.id(), delivery.sequence(), now);
        durability.awaitDurable();
        dispatcher.wake(subscription.id());
        return DeliveryResponse.of(deliveries.find(deliveryId).orElseThrow());
    }

    private Subscription subscription(String id, CloseoutUser user) {
        return subscriptions.find(id).filter(s -> visible(s, user))
                .orElseThrow(() -> new NotFoundException("No webhook with id " + id));
    }

    private static boolean visible(Subscription s, CloseoutUser user) {
        return user.role() != Role.ALERT_CONSUMER || s.owner().equals(user.username());
    }

    private URI url(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("url", "is required");
        }
        try {
            URI url = new URI(value);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new InvalidValueException("url", "must be an absolute http or https URL");
            }
            if (url.getRawUserInfo() != null) {
                // Credentials in the URL would be stored, logged and shown to auditors in the clear.
                throw new InvalidValueException("url", "must not contain a user name or password; "
                        + "the signature authenticates deliveries");
            }
            addressPolicy.refusal(url).ifPresent(why -> {
                throw new InvalidValueException("url", "is not allowed: " + why);
            });
            return url;
        } catch (URISyntaxException e) {
            throw new InvalidValueException("url", "is not a URL: " + e.getReason());
        }
    }

    private static Set<Alert.AlertType> types(List<String> names) {
        Set<Alert.AlertType> types = new LinkedHashSet<>();
        for (String name : names == null ? List.<String>of() : names) {
            try {
                types.add(Alert.AlertType.valueOf(String.valueOf(name).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("types", "must be WARNING, OVERDUE, ESCALATED or REPORT, not " + name);
            }
        }
        return types;
    }

    private static Set<String> departments(List<String> names) {
        Set<String> departments = new LinkedHashSet<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (name == null || name.isBlank()) {
                throw new InvalidValueException("departments", "must not contain a blank name");
            }
            departments.add(name.strip());
        }
        return departments;
    }
}
