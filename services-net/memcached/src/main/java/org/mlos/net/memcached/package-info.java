/**
 * The memcached protocol over any {@link org.mlos.net.api.NetworkServer}, backed by the
 * {@link org.mlos.mem.api.KeyValueStore} kind through its handle, so the store can be swapped
 * while clients talk. The text protocol ({@code text}) and the binary protocol ({@code binary})
 * share the operations' semantics ({@link org.mlos.net.memcached.Operations}); a connection speaks
 * whichever its first byte says, as memcached decides. On a text connection the meta commands
 * ({@code meta}) and the operator commands ({@code admin}) are answered beside the text ones, each
 * dialect a parser wrapped around the next. This package knows no dialect: they plug in through
 * {@link org.mlos.net.memcached.Commands}, {@link org.mlos.net.memcached.SessionControl} and
 * {@link org.mlos.net.memcached.Dialects}, and {@code server} assembles them.
 */
package org.mlos.net.memcached;
