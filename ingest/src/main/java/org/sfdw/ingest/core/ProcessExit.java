package org.sfdw.ingest.core;

/** Ends the broker process (GET /kill, a failed component). */
public interface ProcessExit {

    /** Exits soon after the current HTTP answer has gone out; everything accepted is already on disk. */
    void exitSoon();

    /** Exits with {@code status} (non-zero: systemd's Restart=on-failure starts the broker again). */
    void fail(int status);

    /** The real one: System.exit on its own thread, so that an answer in progress is sent first. */
    static ProcessExit system() {
        return new ProcessExit() {
            @Override
            public void exitSoon() {
                exitLater(0);
            }

            @Override
            public void fail(int status) {
                exitLater(status);
            }

            private void exitLater(int status) {
                Thread exit = new Thread(() -> {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(status);
                }, "exit");
                exit.setDaemon(false);
                exit.start();
            }
        };
    }
}
