// A stand-in microphone for jsdom (which has neither getUserMedia nor MediaRecorder):
// `installMicrophone()` puts both on window/navigator; `remove()` takes them away again.
import { vi } from "vitest";

/** Bytes the backend takes for a WebM recording. */
export const WEBM_BYTES = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);

export class FakeMediaRecorder {
  static instances: FakeMediaRecorder[] = [];
  static isTypeSupported = (type: string) => type.startsWith("audio/webm");
  state: "inactive" | "recording" = "inactive";
  readonly mimeType: string;
  ondataavailable: ((e: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  readonly stream: unknown;

  constructor(stream: unknown, options?: { mimeType?: string }) {
    this.stream = stream;
    this.mimeType = options?.mimeType ?? "audio/webm";
    FakeMediaRecorder.instances.push(this);
  }

  start(): void {
    this.state = "recording";
  }

  /** Like the real one: the last data and then `stop` arrive a moment later. */
  stop(): void {
    if (this.state === "inactive") return;
    this.state = "inactive";
    queueMicrotask(() => {
      this.ondataavailable?.({ data: new Blob([new Uint8Array(WEBM_BYTES)], { type: "audio/webm" }) });
      this.onstop?.();
    });
  }
}

export type Microphone = {
  getUserMedia: ReturnType<typeof vi.fn>;
  /** The audio track handed out; `stop` is how the microphone is released. */
  track: { kind: string; stop: ReturnType<typeof vi.fn> };
  recorders: FakeMediaRecorder[];
  remove: () => void;
};

/** `refuse` makes getUserMedia reject with that DOMException name (e.g. "NotAllowedError"). */
export function installMicrophone({ refuse }: { refuse?: string } = {}): Microphone {
  const track = { kind: "audio", stop: vi.fn() };
  const stream = { getTracks: () => [track] };
  const getUserMedia = vi.fn(() => (refuse ? Promise.reject(new DOMException("refused", refuse)) : Promise.resolve(stream)));
  FakeMediaRecorder.instances = [];
  Object.defineProperty(window, "MediaRecorder", { configurable: true, writable: true, value: FakeMediaRecorder });
  Object.defineProperty(navigator, "mediaDevices", { configurable: true, value: { getUserMedia } });
  return {
    getUserMedia,
    track,
    recorders: FakeMediaRecorder.instances,
    remove: () => {
      Reflect.deleteProperty(window, "MediaRecorder");
      Reflect.deleteProperty(navigator, "mediaDevices");
    },
  };
}
