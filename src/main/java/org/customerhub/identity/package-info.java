/**
 * Who is who across the channels. The matching pieces (evidence normalisation, blocking keys, Fellegi–Sunter style
 * scoring) are pure and storage-free, keep no static mutable state and are thread-safe once constructed; the
 * profile update applies a channel record to the store through them and tracks what it changed.
 */
package org.customerhub.identity;
