/** The network server kind on Eclipse Vert.x. Private to its bundle. */
package org.mlos.net.vertx;
