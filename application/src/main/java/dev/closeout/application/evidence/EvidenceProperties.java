package dev.closeout.application.evidence;

import dev.closeout.domain.common.Limits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.util.EnumSet;
import java.util.Set;

/**
 * Bounds of evidence uploads: {@code closeout.evidence.max-file-size} (default 10 MB, a phone photo
 * or a scanned report), {@code closeout.evidence.max-files} a request (default 5, at most
 * {@link Limits#EVIDENCE_FILES}, what one closure request may name) and
 * {@code closeout.evidence.types} (default JPEG, PNG and PDF; see {@link FileType}).
 */
@ConfigurationProperties("closeout.evidence")
public record EvidenceProperties(DataSize maxFileSize, Integer maxFiles, Set<FileType> types) {

    public static final String PROPERTIES = "closeout.evidence.max-file-size, closeout.evidence.max-files";
    /** Room for each part's headers and the boundaries around it, beyond the file's own bytes. */
    private static final DataSize PART_OVERHEAD = DataSize.ofKilobytes(8);
    /** The embedded store keeps every file in one H2 file; a file of gigabytes has no place in a ledger. */
    private static final DataSize LARGEST_FILE = DataSize.ofMegabytes(100);

    public EvidenceProperties {
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(10) : maxFileSize;
        if (maxFileSize.toBytes() < 1 || maxFileSize.compareTo(LARGEST_FILE) > 0) {
            throw new IllegalArgumentException("closeout.evidence.max-file-size must be between 1 byte and "
                    + LARGEST_FILE.toMegabytes() + " MB, was " + maxFileSize);
        }
        maxFiles = maxFiles == null ? 5 : maxFiles;
        if (maxFiles < 1 || maxFiles > Limits.EVIDENCE_FILES) {
            throw new IllegalArgumentException("closeout.evidence.max-files must be between 1 and "
                    + Limits.EVIDENCE_FILES + ", was " + maxFiles);
        }
        types = types == null || types.isEmpty() ? EnumSet.allOf(FileType.class) : EnumSet.copyOf(types);
    }

    /** The largest upload request: every file at its largest, with its part's headers. */
    public DataSize maxRequestSize() {
        return DataSize.ofBytes(maxFiles * (maxFileSize.toBytes() + PART_OVERHEAD.toBytes())
                + PART_OVERHEAD.toBytes());
    }
}
