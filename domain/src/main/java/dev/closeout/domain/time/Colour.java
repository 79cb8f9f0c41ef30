package dev.closeout.domain.time;

/**
 * The three colours of 红黄蓝 dynamic control (seeds 001, 003). Declared from mildest to worst:
 * an item shows the worst colour any rule gives it, and that is the highest ordinal.
 */
public enum Colour {
    /** On track. */
    BLUE("蓝"),
    /** Deadline near, or the work is lagging: a warning. */
    YELLOW("黄"),
    /** Overdue. */
    RED("红");

    private final String label;

    Colour(String label) {
        this.label = label;
    }

    /** The word shown on the board. */
    public String label() {
        return label;
    }

    /** The worse of the two. */
    public Colour worse(Colour other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
