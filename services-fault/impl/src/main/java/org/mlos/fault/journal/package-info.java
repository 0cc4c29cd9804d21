/** Implementations of the {@code Journal} kind and what they share: settings, durability, state transfer. */
package org.mlos.fault.journal;
