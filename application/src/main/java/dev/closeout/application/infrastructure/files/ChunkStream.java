package dev.closeout.application.infrastructure.files;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stored file's bytes, one chunk in memory at a time. Chunk {@code n} is found by the plain
 * document {@code {files_id, n}}: equality on exactly the full key of GridFS's unique chunk index,
 * the only query shape the embedded server answers from an index (any range or sort scans every
 * chunk in the bucket). Chunks are read in order until the file's length is reached, whatever chunk
 * size the file was written with; a chunk missing before then is an error, never a short file.
 */
final class ChunkStream extends InputStream {

    private final MongoCollection<Document> chunks;
    private final ObjectId fileId;
    private final long length;
    private long delivered;
    private int nextChunk;
    private byte[] chunk = new byte[0];
    private int position;

    ChunkStream(MongoCollection<Document> chunks, ObjectId fileId, long length) {
        this.chunks = chunks;
        this.fileId = fileId;
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (position == chunk.length) {
            if (delivered == length) {
                return -1;
            }
            loadNextChunk();
        }
        int n = Math.min(count, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        delivered += n;
        return n;
    }

    private void loadNextChunk() throws IOException {
        Document found = chunks.find(new Document("files_id", fileId).append("n", nextChunk)).first();
        if (found == null) {
            throw new IOException("File " + fileId + " has no chunk " + nextChunk + " after " + delivered
                    + " of its " + length + " bytes");
        }
        byte[] data = found.get("data", Binary.class).getData();
        if (data.length == 0 || delivered + data.length > length) {
            throw new IOException("File " + fileId + " has a chunk " + nextChunk + " of " + data.length
                    + " bytes, which does not fit its length of " + length + " bytes");
        }
        chunk = data;
        position = 0;
        nextChunk++;
    }
}
