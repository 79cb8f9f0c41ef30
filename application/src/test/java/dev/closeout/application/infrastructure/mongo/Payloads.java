package dev.closeout.application.infrastructure.mongo;

import java.util.Random;

/** Text for tests of the file's size: pages are compressed, so a repeated string would make those tests measure nothing. */
final class Payloads {

    private Payloads() {
    }

    /** {@code length} printable ASCII characters, drawn at random: as many bytes, which compress by nothing worth having. */
    static String incompressible(Random random, int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = (char) ('!' + random.nextInt('~' - '!' + 1));
        }
        return new String(text);
    }
}
