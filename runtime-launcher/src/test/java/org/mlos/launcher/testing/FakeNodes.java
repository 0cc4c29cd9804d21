package org.mlos.launcher.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mlos.launcher.AnswerWait;

/**
 * The fake nodes of a test ({@link FakeNode#inControlDir}), closed after each, and how long a
 * node has to answer meanwhile ({@link AnswerWait#WITHIN_PROPERTY}): the scale tests each wrote
 * the same list, set-up and tear-down. Registered as a test's extension ({@code @RegisterExtension}).
 */
public final class FakeNodes implements BeforeEachCallback, AfterEachCallback {

    private final String answerSeconds;
    private final List<FakeNode> open = new CopyOnWriteArrayList<>();

    /**
     * @param answerSeconds how long a node has to answer during each test (a wait ends on it, not
     *        on the default 20 s); null: the default
     */
    public FakeNodes(String answerSeconds) {
        this.answerSeconds = answerSeconds;
    }

    /** {@code n}, closed after the test. */
    public FakeNode add(FakeNode n) {
        open.add(n);
        return n;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (answerSeconds != null) {
            System.setProperty(AnswerWait.WITHIN_PROPERTY, answerSeconds);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (answerSeconds != null) {
            System.clearProperty(AnswerWait.WITHIN_PROPERTY);
        }
        for (FakeNode n : open) {
            n.close();
        }
        open.clear();
    }
}
