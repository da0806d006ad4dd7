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
/**
 * Key signals: a hook on key changes (server.addKeyHook) is only called
 * while its bit is set in server.keySignals, which its owner keeps up to
 * date with server.setKeySignal(bit, active) whenever its state changes
 * (somebody WATCHes, a client blocks with a wake-on-delete, a string
 * carries an encoding override, client tracking is in use). With no bit
 * set, a write pays one test instead of a call per hook.
 */
export const KEY_WATCH = 1, KEY_BLOCKED = 2, KEY_STRFLAGS = 4, KEY_TRACKING = 8;

export const GATE_MULTI = 1, GATE_PUBSUB = 2, GATE_TRACKING = 4, GATE_PAUSE = 8, GATE_BUSY = 16, GATE_READY = 32;
