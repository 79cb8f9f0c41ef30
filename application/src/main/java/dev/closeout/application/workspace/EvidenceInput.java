package dev.closeout.application.workspace;

import dev.closeout.application.evidence.EvidenceProperties;
import dev.closeout.application.evidence.FileType;

import java.util.stream.Collectors;

/**
 * The closure-request form's file input, from the evidence limits the service applies
 * ({@code closeout.evidence.*}): what the picker offers ({@code accept}) and what the hint beside it
 * says. Neither is a rule: a file the picker lets through is still judged by the service.
 *
 * @param accept      the input's {@code accept}, e.g. {@code .jpg,.jpeg,.png,.pdf}
 * @param types       the accepted types as the hint names them, e.g. {@code JPEG, PNG, PDF}
 * @param maxFileSize the most one file may hold, as people read it, e.g. {@code 10 MB}
 * @param maxFiles    how many files one request may carry
 * @param maxFileBytes the most one file may hold, in bytes, for the page's script to check before sending
 */
record EvidenceInput(String accept, String types, String maxFileSize, int maxFiles, long maxFileBytes) {

    static EvidenceInput of(EvidenceProperties limits, Timeline sizes) {
        return new EvidenceInput(
                limits.types().stream().flatMap(type -> type.extensions().stream()).collect(Collectors.joining(",")),
                limits.types().stream().map(FileType::name).collect(Collectors.joining(", ")),
                sizes.size(limits.maxFileSize().toBytes()), limits.maxFiles(), limits.maxFileSize().toBytes());
    }
}
