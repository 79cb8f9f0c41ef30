package dev.closeout.application.infrastructure.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.closeout.projections.alert.AlertFeed;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Webhook subscriptions, their deliveries, and the dispatcher that makes them. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    SubscriptionStore webhookSubscriptions(MongoDatabase database) {
        return new SubscriptionStore(database);
    }

    @Bean
    DeliveryStore webhookDeliveries(MongoDatabase database) {
        return new DeliveryStore(database);
    }

    @Bean
    WebhookAddressPolicy webhookAddressPolicy(WebhookProperties properties) {
        return properties.addressPolicy();
    }

    @Bean
    WebhookDispatcher webhookDispatcher(SubscriptionStore subscriptions, DeliveryStore deliveries, AlertFeed feed,
                                        ObjectMapper json, WebhookProperties properties,
                                        WebhookAddressPolicy addressPolicy, MeterRegistry registry) {
        return new WebhookDispatcher(subscriptions, deliveries, feed, new AlertCloudEvents(json),
                new HttpWebhookTransport(properties.connectTimeout(), properties.requestTimeout(), addressPolicy),
                properties, Clock.systemUTC(), DeliveryOutcomes.counted(registry));
    }
}
