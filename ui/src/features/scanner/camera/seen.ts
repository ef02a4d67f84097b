//! Which codes the camera has just seen. A badge held in front of the camera is read in frame
//! after frame; it must count as one scan, while a different badge counts at once.

/** How long a code must be out of sight before it counts again (ms). */
export const QUIET_MS = 3000;

export class SeenCodes {
  private readonly lastSeen = new Map<string, number>();
  private readonly quietMs: number;

  constructor(quietMs = QUIET_MS) {
    this.quietMs = quietMs;
  }

  /**
   * The codes read in one frame (at `now`, ms): the first one not seen in the last `quietMs`,
   * or null. Every code in the frame counts as seen, so a second code on the same badge (or
   * a neighbour's badge in the corner) does not fire right after the first.
   */
  pick(texts: readonly string[], now: number): string | null {
    for (const [text, at] of this.lastSeen) {
      if (now - at > this.quietMs) this.lastSeen.delete(text);
    }
    let fresh: string | null = null;
    for (const text of texts) {
      if (text === "") continue;
      if (fresh === null && !this.lastSeen.has(text)) fresh = text;
      this.lastSeen.set(text, now);
    }
    return fresh;
  }
}
