package org.sfdw.ingest.core;

/** Ends the broker process (GET /kill). */
public interface ProcessExit {

    /** Exits soon after the current HTTP answer has gone out; everything accepted is already on disk. */
    void exitSoon();

    /** The real one: System.exit(0) on its own thread, so that the empty answer is sent first. */
    static ProcessExit system() {
        return () -> {
            Thread exit = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.exit(0);
            }, "kill");
            exit.setDaemon(false);
            exit.start();
        };
    }
}
