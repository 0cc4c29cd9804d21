package org.mlos.itests;

/** The cache profile (a cluster member) as users run it. */
class CacheNodeIT extends CacheNodeChecks {

    @Override
    String profile() {
        return "cache";
    }
}
