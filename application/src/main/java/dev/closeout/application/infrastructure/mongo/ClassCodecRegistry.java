package dev.closeout.application.infrastructure.mongo;

import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecRegistry;

import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The driver's codecs, found once per class: a codec this registry hands out looks up the codecs of the values
 * it encodes here too.
 *
 * <p>The driver's own registry finds a codec through a cycle-detecting child registry made for each lookup, and
 * a cache key hashed for each: for every value of every document written. A document inside a document is a
 * "cycle" to it, so each nested document also gets a lazy codec of its own, which looks up again from the top.
 * In a rebuild those lookups were 4 % of the samples (docs/measurements.md, session 23). Here the codec of a
 * class is built by the same providers, with this registry as the one they look up in, and kept per class
 * ({@link ClassValue}): a nested document is encoded by the same codec as its parent, found by one read.
 *
 * <p>A codec whose provider looks up the codec of its own class while it is being built (a record naming its
 * own type) gets the driver's, with its cycle detection, rather than recursing here.
 */
final class ClassCodecRegistry implements CodecRegistry {

    private final CodecRegistry providers;
    private final ThreadLocal<Set<Class<?>>> building = ThreadLocal.withInitial(HashSet::new);
    private final ClassValue<Codec<?>> codecs = new ClassValue<>() {
        @Override
        protected Codec<?> computeValue(Class<?> type) {
            Set<Class<?>> inProgress = building.get();
            if (!inProgress.add(type)) {
                // its provider asks for it while building it: the driver's codec, which breaks the cycle lazily
                return providers.get(type);
            }
            try {
                Codec<?> codec = providers.get(type, ClassCodecRegistry.this);
                // none of the providers has one: the driver's own registry says so in its words
                return codec != null ? codec : providers.get(type);
            } finally {
                inProgress.remove(type);
            }
        }
    };

    /** @param providers the registry whose providers build the codecs (the driver's default one) */
    ClassCodecRegistry(CodecRegistry providers) {
        this.providers = providers;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Codec<T> get(Class<T> type) {
        return (Codec<T>) codecs.get(type);
    }

    @Override
    public <T> Codec<T> get(Class<T> type, List<Type> typeArguments) {
        return providers.get(type, typeArguments);
    }

    @Override
    public <T> Codec<T> get(Class<T> type, CodecRegistry registry) {
        return providers.get(type, registry);
    }

    @Override
    public <T> Codec<T> get(Class<T> type, List<Type> typeArguments, CodecRegistry registry) {
        return providers.get(type, typeArguments, registry);
    }
}
