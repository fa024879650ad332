/**
 * Customer value models, pure and without store, broker or XML: the BG/NBD model of repeat purchasing and dropout,
 * the Gamma-Gamma model of spend per purchase, both fitted by maximum likelihood over a customer base, and the
 * lifetime value they predict. Time is in weeks throughout.
 */
package org.customerhub.value;
