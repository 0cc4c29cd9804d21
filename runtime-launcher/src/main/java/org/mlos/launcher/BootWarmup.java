package org.mlos.launcher;

import java.io.ByteArrayInputStream;

import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.helpers.DefaultHandler;

/**
 * Work the node will need anyway, done on the otherwise idle second core while the framework
 * initialises: Declarative Services parses every bundle's component XML with the JDK's SAX
 * parser, whose first use (factory lookup, configuration, parser classes) costs tens of
 * milliseconds on the boot path.
 */
final class BootWarmup extends Thread {

    private static final byte[] COMPONENT = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"warmup\">"
            + "<implementation class=\"warmup\"/></scr:component>").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    BootWarmup() {
        super("mlos-boot-warmup");
        setDaemon(true);
    }

    @Override
    public void run() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.newSAXParser().parse(new ByteArrayInputStream(COMPONENT), new DefaultHandler());
        } catch (Exception | LinkageError e) {
            // only a head start: the node works the same without it
        }
    }
}
