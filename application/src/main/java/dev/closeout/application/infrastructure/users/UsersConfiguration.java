package dev.closeout.application.infrastructure.users;

import com.mongodb.client.MongoDatabase;
import dev.closeout.application.security.UserStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class UsersConfiguration {

    @Bean
    UserStore userStore(MongoDatabase database) {
        return new MongoUsers(database);
    }
}
