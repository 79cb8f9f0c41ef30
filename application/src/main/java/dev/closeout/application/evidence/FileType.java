package dev.closeout.application.evidence;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of evidence file accepted, each known by its leading bytes ("magic number"), never by
 * the name or the {@code Content-Type} a client sends: a program renamed {@code .png} or a web page
 * sent as {@code image/png} is still refused, and a file is served back only as what it is.
 */
public enum FileType {
    /** A photo: JPEG's start-of-image marker followed by any segment marker. */
    JPEG("image/jpeg", "ffd8ff", ".jpg", ".jpeg"),
    /** A screenshot or scan: PNG's eight-byte signature. */
    PNG("image/png", "89504e470d0a1a0a", ".png"),
    /** A scanned document or report: {@code %PDF-} at the very start. */
    PDF("application/pdf", "255044462d", ".pdf");

    /** The most leading bytes any type needs to be recognised. */
    static final int SIGNATURE_BYTES = 8;

    private final String contentType;
    private final byte[] signature;
    private final List<String> extensions;

    FileType(String contentType, String signature, String... extensions) {
        this.contentType = contentType;
        this.signature = HexFormat.of().parseHex(signature);
        this.extensions = List.of(extensions);
    }

    public String contentType() {
        return contentType;
    }

    /**
     * The endings such a file's name usually has, for a file input's {@code accept} (which only helps the
     * picker: the type is still judged by the content).
     */
    public List<String> extensions() {
        return extensions;
    }

    /** The type whose signature {@code head} starts with, if any. */
    static Optional<FileType> of(byte[] head) {
        return Arrays.stream(values())
                .filter(type -> head.length >= type.signature.length
                        && Arrays.equals(head, 0, type.signature.length, type.signature, 0, type.signature.length))
                .findFirst();
    }
}
