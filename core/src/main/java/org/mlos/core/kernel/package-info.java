/**
 * The swap kernel itself, free of OSGi: kinds and their candidates ({@code KindSlot}), the swap
 * protocol ({@code SwapProtocol}), state negotiation and copying ({@code StatePlan},
 * {@code StateCopy}), how calls that bypassed the mediator are found ({@code Quiescence}), a
 * kind's configuration ({@code KindConfigurations}) and its restarts in place
 * ({@code InPlaceRestarts}).
 * The {@code osgi} package binds it to the service registry; plain-Java users and the benchmarks
 * use {@link org.mlos.core.kernel.SwapKernel} directly.
 */
package org.mlos.core.kernel;
