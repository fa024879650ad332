package org.customerhub.xml;

/** Why a message went to its channel's dead-letter queue; the values of the HubErrorCode property. */
public enum RejectReason {
    EMPTY_MESSAGE,
    OVERSIZE,
    MALFORMED_XML,
    ENCODING_ERROR,
    DTD_FORBIDDEN,
    WRONG_NAMESPACE,
    WRONG_DOCUMENT_TYPE,
    SCHEMA_INVALID,
    MAPPING_FAILED,
    PROCESSING_FAILED
}
