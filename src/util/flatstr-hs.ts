/**
 * ownString(s): a flat, self-contained copy of s. String.prototype.slice
 * returns a "sliced string" that keeps its whole parent alive; compact
 * collections keep their blob across commands, so a blob produced by a
 * single slice is copied to drop the reference to the previous blob.
 */
let scratch = Buffer.allocUnsafe(4096);

export function ownString(s: string): string {
  const n = s.length;
  if (n < 13) return s; // V8 copies short slices anyway
  if (n > scratch.length) scratch = Buffer.allocUnsafe(Math.max(n, scratch.length * 2));
  scratch.latin1Write(s, 0);
  return scratch.latin1Slice(0, n);
}
