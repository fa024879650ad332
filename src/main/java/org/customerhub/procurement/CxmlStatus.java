package org.customerhub.procurement;

/** The cXML status codes the gateway answers with, and their texts as the cXML User's Guide defines them. */
public enum CxmlStatus {
    OK(200, "OK"),
    BAD_REQUEST(400, "Bad Request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_ACCEPTABLE(406, "Not Acceptable"),
    CONFLICT(409, "Conflict"),
    NOT_IMPLEMENTED(450, "Not Implemented"),
    INTERNAL_SERVER_ERROR(500, "Internal Server Error");

    private final int code;
    private final String text;

    CxmlStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }
}
