import { describe, expect, it } from "vitest";
import { frameSize, MAX_FRAME, rgbaToLuma } from "./luma";

function rgba(pixels: [number, number, number, number][]): Uint8ClampedArray {
  return new Uint8ClampedArray(pixels.flat());
}

/** BT.601 in floating point, the reference the integer weights approximate. */
const reference = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;

describe("camera pixels to luma", () => {
  it("every colour is within one level of BT.601 luma, whatever its alpha", () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    const pixels: [number, number, number, number][] = Array.from({ length: 5000 }, () => [next(), next(), next(), next()]);
    const luma = rgbaToLuma(rgba(pixels));
    expect(luma).toHaveLength(pixels.length);
    pixels.forEach(([r, g, b], i) => expect(Math.abs(luma[i]! - reference(r, g, b))).toBeLessThanOrEqual(1));
  });

  it("keeps the ends of the scale: black is 0 and white is 255, so printed codes keep their contrast", () => {
    expect([...rgbaToLuma(rgba([[0, 0, 0, 255], [255, 255, 255, 255], [255, 255, 255, 0]]))]).toEqual([0, 255, 255]);
  });

  it("a buffer that does not start on a 4-byte boundary gives the same luma", () => {
    const pixels = rgba([[10, 200, 30, 255], [250, 5, 90, 255], [128, 128, 128, 255]]);
    const shifted = new Uint8ClampedArray(pixels.length + 1);
    shifted.set(pixels, 1);
    expect(rgbaToLuma(shifted.subarray(1))).toEqual(rgbaToLuma(pixels));
  });

  it("writes into the buffer it is given", () => {
    const out = new Uint8Array(2);
    expect(rgbaToLuma(rgba([[255, 255, 255, 255], [0, 0, 0, 255]]), out)).toBe(out);
    expect([...out]).toEqual([255, 0]);
  });
});

describe("frame size", () => {
  it("keeps frames the decoder is tuned for as they are", () => {
    expect(frameSize(640, 480)).toEqual({ width: 640, height: 480 });
    expect(frameSize(1280, 720)).toEqual({ width: 1280, height: 720 });
    expect(frameSize(720, 1280)).toEqual({ width: 720, height: 1280 });
  });

  it("scales bigger cameras down to fit, keeping the shape", () => {
    const cases: [number, number][] = [[1920, 1080], [3840, 2160], [1280, 960], [1080, 1920]];
    for (const [w, h] of cases) {
      const { width, height } = frameSize(w, h);
      expect(Math.max(width, height)).toBeLessThanOrEqual(MAX_FRAME.long);
      expect(Math.min(width, height)).toBeLessThanOrEqual(MAX_FRAME.short);
      expect(Math.abs(width / height - w / h)).toBeLessThan(0.01);
      // as big as fits: one side is at its limit
      expect(Math.max(width, height) === MAX_FRAME.long || Math.min(width, height) === MAX_FRAME.short).toBe(true);
    }
  });

  it("a video with no picture yet has no frame", () => {
    expect(frameSize(0, 0)).toEqual({ width: 0, height: 0 });
  });
});
