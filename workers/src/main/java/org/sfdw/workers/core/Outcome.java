package org.sfdw.workers.core;

/** How a write request ended at this writer. */
public enum Outcome { WRITTEN, FAILED, SKIPPED }
