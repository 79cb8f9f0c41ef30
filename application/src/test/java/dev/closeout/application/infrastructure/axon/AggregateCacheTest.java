package dev.closeout.application.infrastructure.axon;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateCacheTest {

    @Test
    void holds_at_most_its_capacity_and_lets_the_least_recently_used_go_first() {
        AggregateCache cache = new AggregateCache(2);
        cache.put("task-a", "A");
        cache.put("task-b", "B");
        assertThat((String) cache.get("task-a")).isEqualTo("A");

        cache.put("task-c", "C");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.containsKey("task-b")).as("least recently used").isFalse();
        assertThat(cache.containsKey("task-a")).isTrue();
        assertThat(cache.containsKey("task-c")).isTrue();
    }

    @Test
    void tells_its_listeners_what_was_created_updated_read_removed_and_let_go() {
        AggregateCache cache = new AggregateCache(1);
        List<String> told = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                told.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                told.add("updated " + key);
            }

            @Override
            public void onEntryRead(Object key, Object value) {
                told.add("read " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                told.add("removed " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                told.add("expired " + key);
            }
        });

        cache.put("a", 1);
        cache.put("a", 2);
        cache.get("a");
        assertThat(cache.putIfAbsent("a", 3)).isFalse();
        assertThat(cache.putIfAbsent("b", 4)).isTrue();
        cache.remove("b");
        cache.remove("b");

        assertThat(told).containsExactly("created a", "updated a", "read a", "created b", "expired a", "removed b");
    }

    /** A task's and a complaint's repository share the capacity, never an entry: one kind's id finds nothing of another. */
    @Test
    void each_kind_holds_its_own_items_under_their_ids_within_the_shared_capacity() {
        AggregateCache cache = new AggregateCache(3);
        Cache tasks = cache.of(String.class);
        Cache complaints = cache.of(Integer.class);
        List<String> toldTasks = new ArrayList<>();
        tasks.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                toldTasks.add("created " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                toldTasks.add("expired " + key);
            }
        });

        tasks.put("x", "task x");
        complaints.put("x", "complaint x");

        assertThat((String) tasks.get("x")).isEqualTo("task x");
        assertThat((String) complaints.get("x")).isEqualTo("complaint x");
        assertThat(cache.containsKey("x")).as("held under its kind, not its id alone").isFalse();
        tasks.put("y", "task y");
        complaints.put("z", "complaint z");
        assertThat(cache.size()).isEqualTo(3);
        assertThat(tasks.containsKey("x")).as("least recently used of all kinds").isFalse();

        complaints.removeAll();
        assertThat(complaints.containsKey("x")).isFalse();
        assertThat(tasks.containsKey("y")).isTrue();
        assertThat(toldTasks).containsExactly("created x", "created y", "expired x");
    }

    @Test
    void a_capacity_below_one_is_refused() {
        assertThatThrownBy(() -> new AggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
