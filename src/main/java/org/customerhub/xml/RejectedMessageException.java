package org.customerhub.xml;

/** The message itself is at fault: it is dead-lettered at once, never retried. */
public final class RejectedMessageException extends Exception {
    private final RejectReason reason;

    public RejectedMessageException(RejectReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RejectedMessageException(RejectReason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
