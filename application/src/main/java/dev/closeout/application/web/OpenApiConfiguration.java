package dev.closeout.application.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's OpenAPI description, served at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI closeoutOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Closeout API").version("1")
                        .description("Task-ledger closure (挂账销号): register, claim, progress, extension, "
                                + "closure request, close, return, reopen, withdraw, escalate; the account-and-cancel "
                                + "ledger and each task's full history; complaints (信访件, 12345 work orders, public-"
                                + "supervision issues) from receipt to satisfied closure and the complaint ledger; the "
                                + "alert feed for consumers. Errors are application/problem+json."))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }
}
