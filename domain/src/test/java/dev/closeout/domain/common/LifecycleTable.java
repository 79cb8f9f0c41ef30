package dev.closeout.domain.common;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A lifecycle written as a table, for parameterized tests: the first line names the actions, each
 * further line a status and, under each action, {@code yes} where the status allows it.
 */
public final class LifecycleTable {

    private LifecycleTable() {
    }

    /** One {@code (status, action, allowed)} argument set per cell. */
    public static <S extends Enum<S>, A extends Enum<A>> Stream<Arguments> cells(String table, Class<S> statuses,
                                                                              Class<A> actions) {
        List<String> lines = table.lines().toList();
        String[] header = lines.get(0).trim().split("\\s+");
        List<Arguments> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cell = line.trim().split("\\s+");
            for (int i = 1; i < header.length; i++) {
                cells.add(Arguments.of(Enum.valueOf(statuses, cell[0]), Enum.valueOf(actions, header[i]),
                        cell[i].equals("yes")));
            }
        }
        return cells.stream();
    }
}
