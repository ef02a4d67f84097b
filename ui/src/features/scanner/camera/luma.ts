//! Camera pixels → the 8-bit luma the decoder reads (`badges_scan_frame`): a quarter of the
//! bytes to send, and no colour work left for the backend.

/** The largest frame sent, long side × short side: the decoder is tuned for 1280×720 frames,
 * and its time grows with the pixels, so bigger cameras are scaled down to fit. */
export const MAX_FRAME = { long: 1280, short: 720 } as const;

/** The size to grab a `videoWidth` × `videoHeight` camera image at: as is, or scaled down to fit `MAX_FRAME`. */
export function frameSize(videoWidth: number, videoHeight: number): { width: number; height: number } {
  if (videoWidth <= 0 || videoHeight <= 0) return { width: 0, height: 0 };
  const long = Math.max(videoWidth, videoHeight);
  const short = Math.min(videoWidth, videoHeight);
  const scale = Math.min(1, MAX_FRAME.long / long, MAX_FRAME.short / short);
  return { width: Math.max(1, Math.round(videoWidth * scale)), height: Math.max(1, Math.round(videoHeight * scale)) };
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * BT.601 luma of RGBA pixels (as `getImageData` gives them), alpha ignored: integer weights
 * 77/150/29 out of 256, within one level of 0.299 R + 0.587 G + 0.114 B. One 32-bit read per
 * pixel where the buffer allows it: ~1 M pixels a frame, several times a second.
 */
export function rgbaToLuma(rgba: Uint8ClampedArray | Uint8Array, out: Uint8Array = new Uint8Array(rgba.length >> 2)): Uint8Array {
  const n = Math.min(rgba.length >> 2, out.length);
  if (rgba.byteOffset % 4 === 0 && littleEndian) {
    const px = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const p = px[i]!;
      out[i] = ((p & 0xff) * 77 + ((p >>> 8) & 0xff) * 150 + ((p >>> 16) & 0xff) * 29 + 128) >>> 8;
    }
  } else {
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      out[i] = (rgba[j]! * 77 + rgba[j + 1]! * 150 + rgba[j + 2]! * 29 + 128) >>> 8;
    }
  }
  return out;
}
