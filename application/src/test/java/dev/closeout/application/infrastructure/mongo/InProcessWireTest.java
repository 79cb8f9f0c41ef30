package dev.closeout.application.infrastructure.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.closeout.application.support.Eventually;
import dev.closeout.application.support.TestMongo;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessWireTest {

    private static final int OP_MSG = 2013;

    @TempDir
    Path dataDir;

    private final CommitFencedBackend backend = new CommitFencedBackend(new MemoryBackend(), new MVStore.Builder().open());
    private final InProcessWire wire = InProcessWire.serve(backend);
    private final CountDownLatch commitMayEnd = new CountDownLatch(1);

    @AfterEach
    void stop() {
        commitMayEnd.countDown();
        wire.shutdownNow();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theEmbeddedServerListensOnNoPort() throws Exception {
        long pid = ProcessHandle.current().pid();
        Set<Integer> before = ProcessSockets.listeningPorts(pid);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             MongoClient client = MongoClients.create(server.clientSettings())) {
            MongoCollection<Document> complaints = client.getDatabase("closeout").getCollection("complaint_views");
            complaints.insertOne(new Document("_id", "c-1").append("complainantPhone", "13800000000"));
            assertThat(complaints.find(new Document("_id", "c-1")).first()).containsEntry("complainantPhone", "13800000000");

            assertThat(ProcessSockets.listeningPorts(pid)).as("ports this JVM listens on, beyond %s", before)
                    .isSubsetOf(before);
        }
    }

    /**
     * The sockets are the whole JVM's, so those of an application context cached in it from an earlier test
     * class are left out: its connections to the shared test server (opened as its load asks), and any socket
     * that closes again within seconds (a name looked up). A connection the client opened would stay open in
     * its pool as long as the client. The first command's own start-up is left out too (see below).
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void aClientTalksToTheServerWithoutOpeningAnySocket() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (MongoClient client = MongoClients.create(wire.clientSettings().build())) {
            MongoCollection<Document> collection = client.getDatabase("closeout").getCollection("tasks");
            // the JVM's first command initializes its cryptography, which reads files through a channel whose class
            // holds a socket pair for the JVM's whole life: counted before, as the JVM's, not as the connection's
            collection.countDocuments();
            Set<String> before = ProcessSockets.inodes(pid);
            for (int i = 0; i < 100; i++) {
                collection.insertOne(new Document("_id", i));
            }
            assertThat(collection.countDocuments()).isEqualTo(100);

            Set<String> opened = Eventually.until(Duration.ofSeconds(60), () -> socketsOpenedSince(pid, before),
                    Set::isEmpty);
            assertThat(opened).as("sockets this JVM holds, beyond %s and the test server's", before).isEmpty();
        }
    }

    /** The sockets this JVM holds and did not hold {@code before}, less its TCP connections to the test server. */
    private static Set<String> socketsOpenedSince(long pid, Set<String> before) {
        try {
            Set<String> opened = ProcessSockets.inodes(pid);
            opened.removeAll(before);
            if (!opened.isEmpty()) {
                opened.removeAll(tcpSocketsOnPorts(TestMongo.portsIfStarted()));
            }
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The inodes of the TCP sockets (of any process) whose local or remote port is one of {@code ports}. */
    private static Set<String> tcpSocketsOnPorts(Set<Integer> ports) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (ProcessSockets.TcpSocket socket : ProcessSockets.tcpSockets()) {
            if (ports.contains(socket.localPort()) || ports.contains(socket.remotePort())) {
                inodes.add(socket.inode());
            }
        }
        return inodes;
    }

    @Test
    void aDocumentSpanningManyBuffersMakesTheRoundTripWhole() {
        String payload = "挂账销号".repeat(1_000_000);
        try (MongoClient client = MongoClients.create(wire.clientSettings().build())) {
            MongoCollection<Document> collection = client.getDatabase("closeout").getCollection("large");
            collection.insertOne(new Document("_id", 1).append("payload", payload));

            assertThat(collection.find(new Document("_id", 1)).first().getString("payload")).isEqualTo(payload);
        }
    }

    /**
     * A commit holds off writes, not reads: while writes on many connections wait for it (more than the
     * server has cores), a read on another connection is answered, and the writes go through once the
     * commit ends.
     */
    @Test
    void aReadIsAnsweredWhileWritesOnOtherConnectionsWaitForACommit() throws Exception {
        int writers = 4 * Runtime.getRuntime().availableProcessors() + 1;
        ExecutorService clients = Executors.newFixedThreadPool(writers + 1, task -> new Thread(task, "client"));
        try (MongoClient client = MongoClients.create(wire.clientSettings()
                .applyToConnectionPoolSettings(pool -> pool.maxSize(writers + 1))
                .build())) {
            MongoCollection<Document> collection = client.getDatabase("closeout").getCollection("tasks");
            collection.insertOne(new Document("_id", "read-me"));
            holdTheCommitFence();
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int id = i;
                writes.add(clients.submit(() -> collection.insertOne(new Document("_id", id))));
            }
            Eventually.until(Duration.ofSeconds(30), () -> writersWaitingForAReply(), waiting -> waiting == writers);

            Future<Document> read = clients.submit(() -> collection.find(new Document("_id", "read-me")).first());
            assertThat(read.get(30, TimeUnit.SECONDS)).as("the read, while %d writes wait", writers)
                    .containsEntry("_id", "read-me");
            assertThat(writes).as("the writes still wait for the commit").noneMatch(Future::isDone);

            commitMayEnd.countDown();
            for (Future<?> write : writes) {
                write.get(30, TimeUnit.SECONDS);
            }
            assertThat(collection.countDocuments()).isEqualTo(writers + 1);
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Axon interrupts its processors' threads when it stops them. A request is served on the thread that sends
     * it, its interrupt flag put aside meanwhile: a write waiting for a commit when the interrupt comes goes
     * through once the commit ends, its reply arrives, and the thread is still interrupted.
     */
    @Test
    void aRequestWhoseThreadIsInterruptedWhileItWaitsForACommitIsStillServed() throws Exception {
        try (InProcessSocket socket = new InProcessSocket(wire)) {
            socket.connect(null, 10_000);
            holdTheCommitFence();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(opMsg(new Document("insert", "tasks")
                            .append("documents", List.of(new Document("_id", 1)))
                            .append("$db", "closeout")));
                    byte[] header = new byte[16];
                    new DataInputStream(socket.getInputStream()).readFully(header);
                    int opCode = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
                    outcome.set("opCode " + opCode + ", interrupted " + Thread.currentThread().isInterrupted());
                } catch (IOException e) {
                    outcome.set(e);
                }
            });
            writer.start();
            Eventually.until(Duration.ofSeconds(30), () -> waitsForAReply(writer), waiting -> waiting);

            writer.interrupt();
            commitMayEnd.countDown();
            writer.join(TimeUnit.SECONDS.toMillis(10));

            assertThat(outcome.get()).isEqualTo("opCode " + OP_MSG + ", interrupted true");
            try (MongoClient client = MongoClients.create(wire.clientSettings().build())) {
                assertThat(client.getDatabase("closeout").getCollection("tasks").countDocuments()).isEqualTo(1);
            }
        }
    }

    /** Write commands wait while a commit holds the fence, on the threads that sent them. */
    private void holdTheCommitFence() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread committer = new Thread(() -> backend.commitFenced(() -> {
            held.countDown();
            try {
                commitMayEnd.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), "holding-the-commit-fence");
        committer.setDaemon(true);
        committer.start();
        assertThat(held.await(10, TimeUnit.SECONDS)).as("the commit holds the fence").isTrue();
    }

    private static byte[] opMsg(Document command) {
        ByteBuffer body = new RawBsonDocument(command, new DocumentCodec()).getByteBuffer().asNIO();
        ByteBuffer message = ByteBuffer.allocate(21 + body.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(21 + body.remaining()).putInt(1).putInt(0).putInt(OP_MSG).putInt(0).put((byte) 0).put(body);
        return message.array();
    }

    private static long writersWaitingForAReply() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("client"))
                .filter(InProcessWireTest::waitsForAReply)
                .count();
    }

    private static boolean waitsForAReply(Thread thread) {
        return thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith(InProcessConnection.class.getName()));
    }
}
