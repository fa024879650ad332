/**
 * Probabilistic person matching across the retail channels: evidence normalisation, blocking keys and
 * Fellegi–Sunter style scoring. A pure, storage-free lower layer: it depends on no other
 * {@code org.customerhub} package, keeps no static mutable state and is thread-safe once constructed.
 */
package org.customerhub.identity;
