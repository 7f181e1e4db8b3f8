// Package metrics is what an operator's Prometheus scrapes: request counts
// and latencies by route pattern, the database pool, River's queue and its
// failed jobs, the outbox's backlog and undelivered mail and webhooks,
// sign-in failures and throttles, and the feed cache.
//
// Counters that events drive (requests, sign-ins, feed cache) are
// process-wide and incremented where the event happens; figures that live in
// the database (queue, outbox) are read when scraped, from Sources the
// composition root hands to Handler, so every instance reports the shared
// figures the same way. Labels are bounded sets (a route pattern, a status,
// a job kind, a channel): never a record id, a path with ids, or a token.
//
// The handler is served on its own listener (LIAISON_METRICS_ADDR), never on
// the application's router; see the README's Metrics section for the alerts.
package metrics
