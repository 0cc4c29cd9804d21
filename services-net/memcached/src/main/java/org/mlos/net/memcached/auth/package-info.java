/**
 * memcached's authentication ({@code -Y <file>}): text connections authenticate with a {@code set}
 * whose data is {@code <user> <password>} ({@link org.mlos.net.memcached.auth.AuthenticatedText});
 * binary ones with SASL PLAIN against the same file ({@link org.mlos.net.memcached.auth.BinarySasl}).
 */
package org.mlos.net.memcached.auth;
