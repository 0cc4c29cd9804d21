/**
 * memcached's operator commands on the text protocol ({@code shutdown}, {@code cache_memlimit},
 * {@code stats detail}, {@code stats cachedump}, {@code lru_crawler}), wrapped around the other
 * text dialects as {@link org.mlos.net.memcached.admin.OperatorCommands}.
 */
package org.mlos.net.memcached.admin;
