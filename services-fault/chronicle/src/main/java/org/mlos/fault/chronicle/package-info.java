/** The {@code chronicle} implementation of the {@code Journal} kind, on Chronicle Queue embedded in this bundle. */
package org.mlos.fault.chronicle;
