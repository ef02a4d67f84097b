//! Grabs the camera's current image as a luma frame for `badges_scan_frame`: drawn on a reused
//! canvas kept in CPU memory (`willReadFrequently`, so reading it back is cheap), read back and
//! turned into luma (`luma.ts`).
//!
//! Why on the UI thread: measured in WebKitGTK 2.50 on a 1280×720 camera, this costs ~10 ms of
//! UI-thread time a frame (draw 4, read back 3, luma 3). Handing the image to a worker with
//! OffscreenCanvas costs more there, not less: `createImageBitmap(video)` copies the image
//! synchronously (~14 ms) and posting the bitmap another ~9 ms, ~23 ms in all.
import { frameSize, rgbaToLuma } from "./luma";

export type LumaFrame = {
  width: number;
  height: number;
  luma: Uint8Array;
  /** Time from the video to the luma bytes (ms), for the diagnostics. */
  ms: number;
};

export type FrameGrabber = {
  /** The video's current image as luma, or null while the video has no image yet. */
  grab: (video: HTMLVideoElement) => Promise<LumaFrame | null>;
  close: () => void;
};

export function createFrameGrabber(): FrameGrabber {
  let canvas: HTMLCanvasElement | null = document.createElement("canvas");
  let context: CanvasRenderingContext2D | null = null;
  return {
    grab: (video) => {
      // HAVE_CURRENT_DATA: there is an image to draw.
      const size = frameSize(video.videoWidth, video.videoHeight);
      if (!canvas || video.readyState < 2 || size.width === 0) return Promise.resolve(null);
      const start = performance.now();
      if (!context || canvas.width !== size.width || canvas.height !== size.height) {
        canvas.width = size.width;
        canvas.height = size.height;
        context = canvas.getContext("2d", { willReadFrequently: true });
        if (!context) return Promise.reject(new Error("This window cannot draw camera images."));
      }
      context.drawImage(video, 0, 0, size.width, size.height);
      // A new buffer each frame: the previous one may still be on its way to the backend.
      const luma = rgbaToLuma(context.getImageData(0, 0, size.width, size.height).data);
      return Promise.resolve({ ...size, luma, ms: performance.now() - start });
    },
    close: () => {
      // Let the canvas's pixels go now rather than with the component.
      if (canvas) canvas.width = canvas.height = 0;
      canvas = null;
      context = null;
    },
  };
}
