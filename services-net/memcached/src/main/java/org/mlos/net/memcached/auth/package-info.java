/**
 * memcached's authentication ({@code -Y <file>}): text connections authenticate with a {@code set}
 * whose data is {@code <user> <password>}; binary connections, which memcached serves only with
 * SASL, are closed without an answer.
 */
package org.mlos.net.memcached.auth;
