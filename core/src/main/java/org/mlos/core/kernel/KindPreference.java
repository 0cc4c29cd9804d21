package org.mlos.core.kernel;

/**
 * One kind's configuration.
 *
 * @param impl       preferred implementation, or null to keep the profile default
 * @param waitMillis how long callers wait for an implementation when none is installed;
 *                   negative to keep the kernel default
 * @param countCalls count calls through the handle, or null to keep the kernel default
 */
public record KindPreference(String impl, long waitMillis, Boolean countCalls) {
}
