/**
 * Idle-time heap trimming for the standalone server.
 *
 * V8 grows its young generation (up to --max-semi-space-size, two semi-spaces)
 * while a load is running, and keeps those pages committed afterwards; it only
 * gives them back in a full collection that runs while little is being
 * allocated. A store that was loaded and then sits idle would therefore keep
 * tens of megabytes of empty young-generation pages resident, next to data
 * that needs less. V8's own memory reducer never sees the process as idle here
 * (the server's cron timer keeps calling into JavaScript), so the server asks
 * for that collection itself:
 *
 *  - every second, look at the command counter; the server is quiet when fewer
 *    than QUIET_COMMANDS ran in the last QUIET_SECONDS seconds (V8 measures
 *    allocation throughput over about five seconds and shrinks the young
 *    generation only when it is low);
 *  - when quiet and the heap holds noticeably more committed memory than right
 *    after the previous trim, run one full collection, then wait for the heap
 *    to grow again before the next one.
 *
 * A full collection of a large heap pauses the server (tens to a few hundred
 * milliseconds for gigabytes), but only once per burst of activity and only
 * after seconds of near silence. Enabled by the CLI; embedders opt in with
 * `startServer({ idleGc: true })` since it runs collections in the host process.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

const QUIET_SECONDS = 7;
const QUIET_COMMANDS = 50;
/** Grow this much (bytes of committed heap) above the post-trim level before trimming again. */
const MIN_GROWTH = 8 * 1024 * 1024;

type GcFn = () => void;
let gcFn: GcFn | null | undefined;

/** The engine's gc() function, obtained once (null when the runtime refuses it). */
function getGc(): GcFn | null {
  if (gcFn !== undefined) return gcFn;
  try {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as GcFn;
  } catch {
    gcFn = null;
  }
  return gcFn;
}

function committedHeap(): number {
  return v8.getHeapStatistics().total_physical_size;
}

function youngGeneration(): number {
  for (const sp of v8.getHeapSpaceStatistics()) if (sp.space_name === 'new_space') return sp.physical_space_size;
  return 0;
}

/** Young generation still this large after a trim: V8 kept it (allocation looked busy), try again later. */
const YOUNG_KEPT = 4 * 1024 * 1024;
/**
 * Further tries (every ~6 quiet seconds) before settling for the current heap
 * size. V8 shrinks the young generation in a full collection when the
 * allocation rate it measured over its last ~5 s of samples is low, so a retry
 * sooner than that still sees the end of the load and keeps it.
 */
const MAX_RETRIES = 10;

export class IdleGc {
  /** Command counter at each of the last QUIET_SECONDS + 1 checks. */
  private history: number[] = [];
  private baseline = committedHeap();
  private retries = 0;
  trims = 0;

  /** Called once a second with the server's total command count; returns true when it trimmed. */
  tick(totalCommands: number): boolean {
    const h = this.history;
    h.push(totalCommands);
    if (h.length > QUIET_SECONDS + 1) h.shift();
    if (h.length <= QUIET_SECONDS || totalCommands - h[0] >= QUIET_COMMANDS) return false;
    if (committedHeap() < this.baseline + MIN_GROWTH) return false;
    const gc = getGc();
    if (gc === null) return false;
    // gc() with no argument: this V8 (11.3) reads an options object only for
    // type 'minor' / execution 'async' and otherwise treats any truthy
    // argument as "minor", so gc({ type: 'major' }) would only scavenge and
    // leave the load's dead large objects and old-space garbage resident.
    // Compaction is forced for this one collection so fragmented old-space
    // pages are given back too.
    v8.setFlagsFromString('--compact-on-every-full-gc');
    gc();
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
    this.trims++;
    if (youngGeneration() > YOUNG_KEPT && this.retries < MAX_RETRIES) {
      this.retries++;
      // V8 still saw recent allocation: look again after a few quiet seconds
      h.splice(0, h.length - (QUIET_SECONDS - 5)); // next check in 6 s
    } else {
      this.retries = 0;
      this.baseline = committedHeap();
    }
    return true;
  }
}
