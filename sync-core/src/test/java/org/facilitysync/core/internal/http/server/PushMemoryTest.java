package org.facilitysync.core.internal.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.facilitysync.core.internal.engine.LocalNode;
import org.facilitysync.core.internal.exchange.BufferRecord;
import org.facilitysync.core.internal.exchange.RecordMaxCounterBufferEntry;
import org.facilitysync.core.internal.storage.Database;
import org.facilitysync.core.internal.storage.DatabaseStartup;
import org.facilitysync.core.internal.storage.SqliteDialect;
import org.facilitysync.core.internal.wire.BufferChunk;
import org.facilitysync.facility.data.FacilityDataGenerator;
import org.facilitysync.facility.internal.FacilityDataProfile;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * A push of a 64 MiB chunk (just under the default body limit) through real HTTP on loopback, to a server
 * in a JVM of its own whose whole heap is {@value #HEAP}: less than two bodies. The chunk is generated
 * as a stream on this side (never held here either) and sent chunked.
 *
 * <p>What it proves: the server reads such a body to its end, every record parsed (the answer, 404 for
 * the unknown transfer session, comes only after the last record was read), with less heap than two
 * copies of the body take — so it holds no second copy (the old path held the bytes, a copy of them, and
 * the text, and may have parsed twice). What it does not prove: that the records themselves take less
 * than the body (they are kept until the chunk is stored, as all-or-nothing needs), nor what storing
 * them costs (the transfer session is unknown, so nothing is stored). The server's peak heap, reported
 * by its memory pools, is printed for the record; it includes garbage not yet collected.
 */
class PushMemoryTest {

    static final String HEAP = "-Xmx120m";
    private static final long BODY_BYTES = MorangoApiServlet.DEFAULT_MAX_BODY_BYTES - 64 * 1024;

    @Test
    void aPushOf64MiBIsReadInOnePassByAServerWithLessHeapThanTwoBodies() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "push-memory"));
        Path database = Files.createTempFile(folder, "hub-", ".sqlite");
        Files.delete(database);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process server = new ProcessBuilder(java, HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", classpath,
                ServerSide.class.getName(), database.toString())
                .redirectError(folder.resolve("server.log").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("PORT "), "the server did not start: " + first + "\n"
                    + Files.readString(folder.resolve("server.log")));
            int port = Integer.parseInt(first.substring(5).trim());

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest push = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/morango/v1/buffers/"))
                    .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> chunk(BODY_BYTES))).build();
            long start = System.nanoTime();
            HttpResponse<String> answer = client.send(push, HttpResponse.BodyHandlers.ofString());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            server.getOutputStream().close(); // the server side reports its peak heap and ends
            String peak = out.readLine();
            System.out.println("push of " + BODY_BYTES + " bytes answered in " + millis + " ms; server " + HEAP + ", "
                    + peak);
            assertEquals(404, answer.statusCode(), answer.body() + "\n" + Files.readString(folder.resolve("server.log")));
            assertTrue(answer.body().contains("no active transfer session"), answer.body());
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server side ends");
            assertEquals(0, server.exitValue(), Files.readString(folder.resolve("server.log")));
        } finally {
            server.destroyForcibly();
        }
    }

    /** {@code [record, record, ...]} of {@code size} bytes at most, made as it is read. */
    static InputStream chunk(long size) {
        byte[] record = record().getBytes(StandardCharsets.UTF_8);
        long count = (size - 2) / (record.length + 1);
        return new InputStream() {
            private long written;
            private InputStream current = new ByteArrayInputStream(new byte[] {'['});

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                while (true) {
                    int n = current.read(into, offset, length);
                    if (n > 0) {
                        return n;
                    }
                    if (written > count) {
                        return -1;
                    }
                    written++;
                    if (written > count) {
                        current = new ByteArrayInputStream(new byte[] {']'});
                    } else {
                        current = new ByteArrayInputStream(record);
                        if (written > 1) {
                            current = new java.io.SequenceInputStream(new ByteArrayInputStream(new byte[] {','}), current);
                        }
                    }
                }
            }
        };
    }

    /** One buffer record of a few KiB, as a client writes it: serialized data is JSON in a JSON string. */
    private static String record() {
        StringBuilder serialized = new StringBuilder("{\"id\": \"5f0c8e8a8e3c4a7e9b1d2c3f4a5b6c7d\"");
        for (int i = 0; i < 60; i++) {
            serialized.append(", \"field_").append(i).append("\": \"value of field ").append(i)
                    .append(" in a learner's record\"");
        }
        serialized.append('}');
        String session = "0123456789abcdef0123456789abcdef";
        String model = "5f0c8e8a8e3c4a7e9b1d2c3f4a5b6c7d";
        BufferRecord record = new BufferRecord(serialized.toString(), false, "aaaabbbbccccddddeeeeffff00001111", 7,
                false, "facility:partition:" + model, "source-" + model, "kolibriauth.facilityuser", "", model,
                session, "facilitydata", List.of(new RecordMaxCounterBufferEntry(session, model,
                        "aaaabbbbccccddddeeeeffff00001111", 7)), "");
        String list = BufferChunk.json(List.of(record));
        return list.substring(1, list.length() - 1);
    }

    /** The server: a hub node's API on a fresh SQLite file; prints its port, and its peak heap when told to end. */
    public static final class ServerSide {
        public static void main(String[] args) throws Exception {
            SQLiteDataSource dataSource = new SQLiteDataSource();
            dataSource.setUrl(SqliteDialect.jdbcUrl(Path.of(args[0])));
            Database database = DatabaseStartup.open(dataSource, new SqliteDialect(), args[0],
                    DatabaseStartup.SQLITE_POOL_SIZE);
            LocalNode node = new LocalNode("hub", database, FacilityDataGenerator.PROFILE, new FacilityDataProfile());
            try (ApiTestServer server = new ApiTestServer(node)) {
                System.out.println("PORT " + URI.create(server.baseUrl()).getPort());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // until the test closes our input
                }
                long peak = 0;
                List<String> pools = new ArrayList<>();
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                        pools.add(pool.getName() + " " + pool.getPeakUsage().getUsed() / (1024 * 1024) + " MiB");
                    }
                }
                System.out.println("peak heap " + peak / (1024 * 1024) + " MiB (sum of the pools' peaks: " + pools + ")");
                System.out.flush();
            }
            database.close();
            System.exit(0);
        }
    }
}
