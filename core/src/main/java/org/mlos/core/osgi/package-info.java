/**
 * Binds the swap kernel to OSGi: implementations are tracked as services carrying
 * {@code mlos.impl}, handles are registered as services carrying {@code mlos.handle=true},
 * implementations are hidden from ordinary lookups, kinds are configured through Configuration
 * Admin (factory PID {@code org.mlos.kind}), and the Gogo commands live in scope {@code mlos}.
 */
package org.mlos.core.osgi;
