/**
 * The assembled memcached server: the DS component that listens and the choice of dialects. The
 * only package that knows every dialect, so the others depend one way: dialects on the session
 * machinery, never the reverse.
 */
package org.mlos.net.memcached.server;
