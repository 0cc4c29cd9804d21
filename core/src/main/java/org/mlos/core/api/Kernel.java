package org.mlos.core.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The swap kernel: it keeps one handle per {@link Kind}, decides which implementation is active,
 * and swaps implementations while callers keep calling.
 *
 * <p>Kinds are named by their interface's fully qualified name, as {@link Class#getName()} gives it
 * ({@code Outer$Inner} for a kind nested in a class; "fully qualified name" in this API means that);
 * every method that takes a kind name also accepts the simple name when it is unambiguous.
 */
@ProviderType
public interface Kernel {

    /** Service property naming an implementation of a kind, for example {@code mlos.impl=slab}. */
    String IMPL = "mlos.impl";

    /**
     * Service property of an implementation whose calls leave this node's memory, naming where they
     * go (the cluster-wide store: {@code mlos.where=cluster}; a durable store, through a journal:
     * {@code mlos.where=disk}); absent on one that runs here. A remote candidate ({@code impl@node})
     * is elsewhere by its name. The swap supervisor judges a swap between two places by its
     * failures alone: its speed against what served before is no measure (a network hop, a synced
     * write, is slower by design).
     */
    String WHERE = "mlos.where";

    /** Service property present (value {@code true}) on handle services only. */
    String HANDLE = "mlos.handle";

    /** Service property on handle services: the kind's fully qualified interface name. */
    String KIND = "mlos.kind";

    /**
     * Framework property prefix for a profile's default implementation of a kind:
     * {@code mlos.kind.<kind>=<impl>}, where kind is the fully qualified or the simple name.
     */
    String DEFAULT_IMPL_PREFIX = "mlos.kind.";

    /**
     * After {@value #DEFAULT_IMPL_PREFIX}{@code <kind>}, the framework property saying whether
     * another implementation serves the kind until its default one arrives ({@code true}, the
     * default: the first registered serves, and the kernel swaps to the default with the state) or
     * none does ({@code false}: its handle is published once the default serves; a durable store,
     * or a journal on disk, must not be preceded by a memory one whose state would be swapped in).
     */
    String STANDIN_SUFFIX = ".standin";

    /**
     * Swaps the active implementation of a kind, waiting until the swap has completed or rolled
     * back.
     *
     * @param kind the kind's interface name (fully qualified or simple)
     * @param impl the {@value #IMPL} name of the implementation to activate
     * @return the report; its outcome says whether the swap completed, and if not, why
     * @throws IllegalArgumentException if there is no such kind or implementation
     */
    SwapReport swap(String kind, String impl);

    /**
     * {@link #swap(String, String)}, with the trigger the report names (a supervisor's
     * {@code probation-failed}, say) instead of {@code request}. A kernel that does not record
     * triggers swaps as {@link #swap(String, String)} does.
     *
     * @since 1.3
     */
    default SwapReport swap(String kind, String impl, String trigger) {
        return swap(kind, impl);
    }

    /**
     * {@link #swap(String, String, String)} that its requester can stop until the new
     * implementation is checked. The swap asks {@code stop} every 1,024 entries or keys it copies
     * (every 256 when its copy is paced), between live-copy rounds, before it holds callers and
     * before the check ({@code SwapAware.beforeServing}); a reason (non-null) stops it, and it
     * rolls back as a failed swap does: the old implementation keeps serving with its state and
     * the report names the reason. A stop that throws rolls it back too, naming the exception.
     * After that last ask it is too late: the swap completes. A state moved in one load (a
     * direct format) is asked before and after its load, not during it. A cluster-wide atomic swap stops a
     * node's swap when its coordinator left, so that the node does not switch only to go back.
     * A kernel that cannot stop a swap swaps as {@link #swap(String, String, String)} does.
     *
     * @param stop asked from the swapping thread: null to go on, else why to stop; it must be
     *             cheap and must not block; null: never stopped
     * @since 1.6
     */
    default SwapReport swap(String kind, String impl, String trigger, Supplier<String> stop) {
        return swap(kind, impl, trigger);
    }

    /**
     * Whether {@link #swap} to {@code impl} would go ahead now, changing nothing: empty if it would
     * (or if {@code impl} is already active), else why it would be refused (no such kind or
     * implementation, no state format the two share...). A cluster-wide atomic swap asks every
     * node this before any node swaps.
     */
    Optional<String> checkSwap(String kind, String impl);

    /** Every kind the kernel knows, sorted by name. */
    List<KindInfo> kinds();

    /** One kind by name, fully qualified or simple. */
    Optional<KindInfo> kind(String kind);

    /** The most recent swaps, oldest first (a bounded history). */
    List<SwapReport> history();

    /**
     * A kind's call figures (calls, failures, time in calls), when the kernel counts its calls
     * (configuration {@code countCalls}; counting mediates every call); empty otherwise, or for a
     * kind not installed.
     */
    default Optional<CallFigures> callFigures(String kind) {
        return Optional.empty();
    }

    /**
     * The swaps running now, each as far as it has got (phase, entries moved so far, time): what
     * {@code mlos swap} prints while it waits for a large swap. Empty when none runs. Costs the
     * callers of a kind nothing: the swapping thread records where it is, readers take a copy.
     *
     * @since 1.5
     */
    default List<SwapProgress> swapsInFlight() {
        return List.of();
    }

    /**
     * Lets {@code kinds} restart in place until the returned handle is closed, as an update whose
     * operator let them restart does ({@code mlos rollout --restart-kinds}): the active
     * implementation of one going leaves the kind without any (callers wait as configured, or are
     * told none serves) instead of the kernel swapping its state into another, and the one that
     * served serves again as it comes back, empty (or with what its own disk recovers); no
     * {@code preferred-arrived} swap meanwhile. Closed, a kind still without an implementation
     * gets the kernel's own pick, without state. A cache node's local store going had been swapped
     * into the cluster's map, its items merged into every other node's, and back with all of
     * theirs. Names that are no kind here are skipped. A kernel without it changes nothing.
     *
     * @since 1.12
     */
    default InPlace restartInPlace(java.util.Collection<String> kinds) {
        return () -> { };
    }

    /** The kernel's restart in place of some kinds, ended by {@link #close()}. @since 1.12 */
    interface InPlace extends AutoCloseable {
        @Override
        void close();
    }
}
