/**
 * The ports a worker listens on, apart from `Worker` so the CLI can show the default without loading
 * the cluster.
 */

/** The default worker-to-worker port. */
export const defaultPort = 34431
