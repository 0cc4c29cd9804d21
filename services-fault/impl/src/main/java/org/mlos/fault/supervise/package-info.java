/** Supervision of swaps: probation after a completed swap, health checks, automatic swap-back, restart intensity. */
package org.mlos.fault.supervise;
