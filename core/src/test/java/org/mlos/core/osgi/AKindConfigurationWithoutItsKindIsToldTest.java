package org.mlos.core.osgi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;

/**
 * A factory configuration of org.mlos.kind with an impl and no kind (an embedder's first try)
 * ended on a NullPointerException from DS, not on the message that says what the configuration
 * lacks: the kind attribute has no default, so an absent one is null.
 */
class AKindConfigurationWithoutItsKindIsToldTest {

    private static KindConfiguration.Config config(String kind) {
        return new KindConfiguration.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return KindConfiguration.Config.class;
            }

            @Override
            public String kind() {
                return kind;
            }

            @Override
            public String impl() {
                return "lru";
            }

            @Override
            public long wait_ms() {
                return -1;
            }

            @Override
            public String count_calls() {
                return "";
            }
        };
    }

    @Test
    void anAbsentOrBlankKindIsRefusedSayingWhatToSet() {
        for (String kind : new String[] {null, " "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KindConfiguration().apply(config(kind)));
            assertTrue(e.getMessage().contains("needs a 'kind' property") && e.getMessage().contains("kind=KeyValueStore"),
                    e.getMessage());
        }
    }
}
