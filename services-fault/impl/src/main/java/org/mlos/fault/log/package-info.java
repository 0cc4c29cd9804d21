/** The segment-file journal underneath the {@code segments} journal and the durable store: no dependency but the JDK. */
package org.mlos.fault.log;
