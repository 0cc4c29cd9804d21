package org.mlos.core.remote;

/**
 * One method of a remote-capable kind, as generated stubs describe it to their transport.
 *
 * @param kind    the kind's simple name, for messages
 * @param name    the method's name
 * @param id      its number on the wire (position in the kind's sorted method list)
 * @param mutates whether it is marked {@code @Mutates}: only methods that are not may be retried
 */
public record RemoteMethod(String kind, String name, int id, boolean mutates) {

    @Override
    public String toString() {
        return kind + "." + name;
    }
}
