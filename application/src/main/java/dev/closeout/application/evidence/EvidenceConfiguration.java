package dev.closeout.application.evidence;

import dev.closeout.application.web.LargerBody;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Uploads of evidence may carry up to {@code max-files} files of {@code max-file-size} each in one body. */
@Configuration(proxyBeanMethods = false)
class EvidenceConfiguration {

    static final String UPLOAD_PATH = "/api/tasks/{id}/evidence";

    @Bean
    LargerBody evidenceUploads(EvidenceProperties limits) {
        return new LargerBody("POST", UPLOAD_PATH, limits.maxRequestSize(), EvidenceProperties.PROPERTIES);
    }
}
