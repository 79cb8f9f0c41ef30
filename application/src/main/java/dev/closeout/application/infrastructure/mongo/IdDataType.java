package dev.closeout.application.infrastructure.mongo;

import de.bwaldvogel.mongo.backend.ValueComparator;

import java.util.Comparator;

/**
 * Keys of a collection's document map in the embedded store: {@code _id} values, written as
 * {@link BsonDataType} writes them and ordered as MongoDB orders values (mongo-java-server's
 * {@code ValueComparator}, the order of its unique indexes). The map then finds a document by the
 * normalized {@code _id} a query or a uniqueness check gives ({@code 5}, {@code 5L} and {@code 5.0}
 * are one {@code _id}), and serves as the collection's {@code _id} index ({@link IdIndex}). H2's
 * default order, which these maps had before, sorts by Java type first and compares documents by
 * their serialized bytes; {@link BsonH2Database} reorders a map written in it once, if it must.
 */
final class IdDataType extends BsonDataType {

    private static final Comparator<Object> VALUES = ValueComparator.ascWithoutListHandling();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof String left && b instanceof String right) {
            return left.compareTo(right);
        }
        if (a instanceof Long left && b instanceof Long right) {
            return Long.compare(left, right);
        }
        try {
            return VALUES.compare(a, b);
        } catch (UnsupportedOperationException notAMongoValue) {
            return super.compare(a, b);
        }
    }
}
