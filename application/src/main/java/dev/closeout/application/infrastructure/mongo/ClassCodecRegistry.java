package dev.closeout.application.infrastructure.mongo;

import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;

import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's codecs, found once per class: a codec this registry hands out looks up the codecs of the values
 * it encodes here too.
 *
 * <p>The driver's own registry finds a codec through a cycle-detecting child registry made for each lookup, and
 * a cache key hashed for each: for every value of every document written. A document inside a document is a
 * "cycle" to it, so each nested document also gets a lazy codec of its own, which looks up again from the top.
 * In a rebuild those lookups were 4 % of the samples (docs/measurements.md, session 23). Here the codec of a
 * class is built by the same providers, with this registry as the one they look up in, and kept per class: a
 * nested document is encoded by the same codec as its parent, found by one read.
 *
 * <p>The driver wraps a client's registry in one of its own before a collection uses it, and asks this one as a
 * provider, for a codec built for the wrapper; until session 28 it got one, and every value of every document was
 * looked up through the wrapper again: this registry's codecs were never used. It now gets the codec kept here.
 * The client's UUID representation is applied to the registries this one builds with
 * ({@link MongoConfiguration}), since the wrapper's no longer reaches the values.
 *
 * <p>A provider that looks up the codec of the class it is building (the document codec does, for the documents
 * it decodes; so does a record naming its own type) is given a stand-in that finds the finished codec here when it
 * is first used (until session 28 it was given the driver's, and {@code ClassValue} kept that one).
 */
final class ClassCodecRegistry implements CodecRegistry {

    private final CodecRegistry providers;
    private final ThreadLocal<Set<Class<?>>> building = ThreadLocal.withInitial(HashSet::new);
    private final Map<Class<?>, Codec<?>> codecs = new ConcurrentHashMap<>();

    /** @param providers the registry whose providers build the codecs (the driver's default one) */
    ClassCodecRegistry(CodecRegistry providers) {
        this.providers = providers;
    }

    @Override
    public <T> Codec<T> get(Class<T> type) {
        Codec<T> codec = find(type);
        // none of the providers has one: the driver's own registry says so in its words
        return codec != null ? codec : providers.get(type);
    }

    /**
     * As a provider, to the registry the driver wraps a client's registry in (for the client's UUID representation)
     * before any collection sees it: the codec kept here, whichever registry asks. Handing out a codec built for the
     * asking registry would send every value's look-up back through the driver's.
     */
    @Override
    public <T> Codec<T> get(Class<T> type, CodecRegistry registry) {
        return find(type);
    }

    @SuppressWarnings("unchecked")
    private <T> Codec<T> find(Class<T> type) {
        Codec<?> codec = codecs.get(type);
        if (codec != null) {
            return (Codec<T>) codec;
        }
        Set<Class<?>> inProgress = building.get();
        if (!inProgress.add(type)) {
            // its provider asks for it while building it
            return new Finished<>(type);
        }
        try {
            Codec<T> built = providers.get(type, this);
            if (built == null) {
                return null;
            }
            Codec<?> kept = codecs.putIfAbsent(type, built);
            return (Codec<T>) (kept != null ? kept : built);
        } finally {
            inProgress.remove(type);
        }
    }

    @Override
    public <T> Codec<T> get(Class<T> type, List<Type> typeArguments) {
        return providers.get(type, typeArguments);
    }

    /** As {@link #get(Class, CodecRegistry)} for a class with no type arguments, the way the driver's wrapper asks. */
    @Override
    public <T> Codec<T> get(Class<T> type, List<Type> typeArguments, CodecRegistry registry) {
        return typeArguments.isEmpty() ? find(type) : providers.get(type, typeArguments, registry);
    }

    /** The codec of a class still being built when it was asked for: the one kept here, found at its first use. */
    private final class Finished<T> implements Codec<T> {

        private final Class<T> type;
        private volatile Codec<T> codec;

        Finished(Class<T> type) {
            this.type = type;
        }

        private Codec<T> codec() {
            Codec<T> found = codec;
            if (found == null) {
                found = get(type);
                codec = found;
            }
            return found;
        }

        @Override
        public T decode(BsonReader reader, DecoderContext context) {
            return codec().decode(reader, context);
        }

        @Override
        public void encode(BsonWriter writer, T value, EncoderContext context) {
            codec().encode(writer, value, context);
        }

        @Override
        public Class<T> getEncoderClass() {
            return type;
        }
    }
}
