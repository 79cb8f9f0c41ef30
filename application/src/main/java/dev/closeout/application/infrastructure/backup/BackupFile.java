package dev.closeout.application.infrastructure.backup;

import org.bson.RawBsonDocument;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The backup file: one gzip stream holding a header, then every document as its collection's name and
 * its BSON bytes, then an end record with the number of documents. A file cut short (a full disk, a
 * backup interrupted) has no end record; {@link StoreRestore} reads the whole file once before it
 * writes anything, so such a file restores nothing.
 */
final class BackupFile {

    static final String MAGIC = "closeout-backup";
    static final int VERSION = 1;
    private static final int BUFFER = 64 * 1024;
    private static final byte DOCUMENT = 1;
    private static final byte END = 0;

    private BackupFile() {
    }

    /** Receives the documents of a backup in the order they were written. */
    interface Visitor {
        void document(String collection, RawBsonDocument document) throws IOException;
    }

    static final class Writer {

        private final GZIPOutputStream gzip;
        private final DataOutputStream out;
        private long documents;

        Writer(OutputStream target) throws IOException {
            this.gzip = new GZIPOutputStream(target, BUFFER);
            this.out = new DataOutputStream(new BufferedOutputStream(gzip, BUFFER));
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
        }

        void write(String collection, RawBsonDocument document) throws IOException {
            byte[] bytes = document.getByteBuffer().array();
            int length = document.getByteBuffer().remaining();
            int offset = document.getByteBuffer().arrayOffset() + document.getByteBuffer().position();
            out.writeByte(DOCUMENT);
            out.writeUTF(collection);
            out.writeInt(length);
            out.write(bytes, offset, length);
            documents++;
        }

        long documents() {
            return documents;
        }

        /** Writes the end record and the gzip trailer; the target stays open. */
        void finish() throws IOException {
            out.writeByte(END);
            out.writeLong(documents);
            out.flush();
            gzip.finish();
        }
    }

    /** Reads a whole backup, handing each document to {@code visitor}; returns the number of documents. */
    static long read(InputStream source, Visitor visitor) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source, BUFFER), BUFFER));
        try {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a Closeout backup");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("a Closeout backup of format " + version + ", this version reads format " + VERSION);
            }
            long documents = 0;
            while (in.readByte() == DOCUMENT) {
                String collection = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                visitor.document(collection, new RawBsonDocument(bytes));
                documents++;
            }
            long written = in.readLong();
            if (written != documents) {
                throw new IOException("the backup says it holds " + written + " documents, " + documents + " were read");
            }
            return documents;
        } catch (EOFException | java.util.zip.ZipException e) {
            throw new IOException("the backup is incomplete or damaged (" + e.getMessage() + ")", e);
        }
    }
}
