/**
 * memcached 1.6's meta commands ({@code mg ms md ma mn me}) as a dialect of the text protocol:
 * {@link org.mlos.net.memcached.meta.MetaCommands} answers the lines that are meta commands and
 * passes every other request to the text parser it wraps. Over the same operations as text and
 * binary; what memcached keeps in an item's header for them and the store does not (stale, win
 * token, fetched, base64 key) is kept beside the store, tied to the item's CAS. The fetched bit,
 * which every read sets in memcached, text and binary ones too, is the operations'
 * ({@link org.mlos.net.memcached.FetchedMarks}), taken on the first meta command: reads mark it
 * from then on.
 */
package org.mlos.net.memcached.meta;
