package dev.tributary.cli;

/** Entry point of the {@code tributary} command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
