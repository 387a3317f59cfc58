package org.sfdw.workers.core;

/**
 * This writer's sending of a request was overtaken: a later sending wrote the file, or another writer took this
 * one's temporary file for abandoned. The writer stands down, without a file or an {@code .err}.
 */
public class SupersededException extends RuntimeException {

    public SupersededException(String message) {
        super(message);
    }
}
