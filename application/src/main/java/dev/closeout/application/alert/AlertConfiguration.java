package dev.closeout.application.alert;

import com.mongodb.client.MongoDatabase;
import dev.closeout.projections.alert.AlertFeed;
import dev.closeout.projections.alert.AlertProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The alert feed's projection (found by Axon among the beans) and its reader. */
@Configuration(proxyBeanMethods = false)
public class AlertConfiguration {

    @Bean
    AlertProjection alertProjection(MongoDatabase database) {
        return new AlertProjection(database);
    }

    @Bean
    AlertFeed alertFeed(MongoDatabase database) {
        return new AlertFeed(database);
    }
}
