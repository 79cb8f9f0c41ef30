package dev.closeout.projections.search;

import java.util.Arrays;

/** The items holding one word, as item numbers and how often the word occurs in each: 8 bytes an entry. */
final class Postings {

    /** The word, one copy shared by every item holding it. */
    final String word;
    private int[] items = new int[2];
    private int[] counts = new int[2];
    private int size;

    Postings(String word) {
        this.word = word;
    }

    void add(int item, int count) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        items[size] = item;
        counts[size] = count;
        size++;
    }

    void remove(int item) {
        for (int i = 0; i < size; i++) {
            if (items[i] == item) {
                size--;
                items[i] = items[size];
                counts[i] = counts[size];
                return;
            }
        }
    }

    int size() {
        return size;
    }

    int item(int i) {
        return items[i];
    }

    int count(int i) {
        return counts[i];
    }
}
