package org.customerhub.procurement;

/** A request the gateway answers with a cXML status other than 200; the detail goes to the sender, so it never
 *  carries a secret or a stack trace. */
public class CxmlRefusal extends Exception {
    private final CxmlStatus status;

    public CxmlRefusal(CxmlStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    public CxmlStatus status() {
        return status;
    }
}
