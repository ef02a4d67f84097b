import { describe, expect, it } from "vitest";
import { QUIET_MS, SeenCodes } from "./seen";

describe("codes seen by the camera", () => {
  it("a badge held in view frame after frame counts once, however long it stays", () => {
    const seen = new SeenCodes();
    expect(seen.pick(["A"], 0)).toBe("A");
    const later: (string | null)[] = [];
    for (let t = 125; t <= 3 * QUIET_MS; t += 125) later.push(seen.pick(["A"], t));
    expect(later.every((x) => x === null)).toBe(true);
  });

  it("a few frames that miss the badge while it is in view do not make it count again", () => {
    const seen = new SeenCodes();
    seen.pick(["A"], 0);
    expect(seen.pick([], 500)).toBeNull();
    expect(seen.pick(["A"], QUIET_MS - 1)).toBeNull();
  });

  it("the same badge counts again once it has been out of sight for a while", () => {
    const seen = new SeenCodes();
    seen.pick(["A"], 1000);
    expect(seen.pick(["A"], 1000 + QUIET_MS + 1)).toBe("A");
  });

  it("a different badge counts at once", () => {
    const seen = new SeenCodes();
    expect(seen.pick(["A"], 0)).toBe("A");
    expect(seen.pick(["B"], 125)).toBe("B");
    expect(seen.pick(["B"], 250)).toBeNull();
  });

  it("two codes in one frame count as one scan, and the second does not fire next", () => {
    const seen = new SeenCodes();
    expect(seen.pick(["qr", "barcode"], 0)).toBe("qr");
    expect(seen.pick(["barcode"], 125)).toBeNull();
    expect(seen.pick(["barcode", "C"], 250)).toBe("C");
  });

  it("an empty read is never a scan", () => {
    expect(new SeenCodes().pick(["", ""], 0)).toBeNull();
  });
});
