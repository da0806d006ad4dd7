/**
 * Gates: pre-dispatch filters and after-command hooks only matter in a few
 * states (a transaction is open, a RESP2 client is subscribed, tracking is
 * on, clients are paused, a script is busy, blocked clients may be ready).
 * Families set their bit in `client.gate` or `server.gate` when such a state
 * begins; a filter or hook registered with a bit runs only while that bit is
 * set on the server or on the client, so with both words zero a command
 * skips them all. A filter
 * or hook that finds its state over may clear its own bit (a bit left set
 * only costs time, a bit missing would skip a filter: set it eagerly).
 */
export const GATE_MULTI = 1, GATE_PUBSUB = 2, GATE_TRACKING = 4, GATE_PAUSE = 8, GATE_BUSY = 16, GATE_READY = 32;
