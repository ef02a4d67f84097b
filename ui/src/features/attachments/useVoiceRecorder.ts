//! Records a voice memo with getUserMedia + MediaRecorder. The microphone is released as
//! soon as recording stops (or the screen goes away); a memo stops by itself at 5 minutes.
import { useCallback, useEffect, useRef, useState } from "react";

export const MAX_RECORDING_SECONDS = 5 * 60;

/** Types we ask for, best first; the backend keeps WebM, Ogg, MP4 and WAV. */
const PREFERRED_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/ogg", "audio/mp4"];

export type RecorderError = "denied" | "no_device" | "busy" | "failed";
export type RecorderState = "idle" | "starting" | "recording";

/** False when this webview has no microphone API or cannot record (then the button is disabled). */
export function canRecord(): boolean {
  return (
    typeof navigator !== "undefined" &&
    typeof navigator.mediaDevices?.getUserMedia === "function" &&
    typeof window.MediaRecorder === "function"
  );
}

function errorKind(reason: unknown): RecorderError {
  const name = reason instanceof Error || reason instanceof DOMException ? reason.name : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "no_device";
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") return "busy";
  return "failed";
}

function supportedType(): string | undefined {
  const Recorder = window.MediaRecorder;
  return typeof Recorder.isTypeSupported === "function" ? PREFERRED_TYPES.find((t) => Recorder.isTypeSupported(t)) : undefined;
}

type Session = {
  recorder: MediaRecorder | null;
  stream: MediaStream | null;
  timer: ReturnType<typeof setInterval> | undefined;
  /** Set when the screen goes away: stop without delivering the memo. */
  discard: boolean;
};

function release(session: Session): void {
  clearInterval(session.timer);
  session.timer = undefined;
  for (const track of session.stream?.getTracks() ?? []) track.stop();
  session.stream = null;
}

/**
 * `start()` asks for the microphone and records; `stop()` ends the memo and hands it to
 * `onRecorded` as one Blob. Errors (refused, no microphone, busy) land in `error`; nothing
 * already picked is touched.
 */
export function useVoiceRecorder(onRecorded: (memo: Blob) => void) {
  const [state, setState] = useState<RecorderState>("idle");
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<RecorderError | null>(null);
  const session = useRef<Session | null>(null);
  const deliver = useRef(onRecorded);
  useEffect(() => {
    deliver.current = onRecorded;
  }, [onRecorded]);

  const stop = useCallback(() => {
    const current = session.current;
    if (!current) return;
    clearInterval(current.timer);
    if (current.recorder) {
      // onstop (a moment later) delivers the memo and releases the microphone.
      if (current.recorder.state !== "inactive") current.recorder.stop();
    } else {
      current.discard = true; // still waiting for the microphone: give it back when it comes
      release(current);
      session.current = null;
      setState("idle");
    }
  }, []);

  const start = useCallback(async () => {
    if (session.current || !canRecord()) return;
    const current: Session = { recorder: null, stream: null, timer: undefined, discard: false };
    session.current = current;
    setError(null);
    setElapsed(0);
    setState("starting");
    try {
      current.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      if (current.discard) {
        release(current); // the screen went away while the permission prompt was open
        return;
      }
      const mimeType = supportedType();
      const recorder = new window.MediaRecorder(current.stream, mimeType ? { mimeType } : undefined);
      current.recorder = recorder;
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e: BlobEvent) => {
        if (e.data.size > 0) chunks.push(e.data);
      };
      recorder.onstop = () => {
        release(current);
        if (session.current === current) session.current = null;
        if (current.discard) return;
        setState("idle");
        if (chunks.length > 0) {
          deliver.current(new Blob(chunks, { type: recorder.mimeType || mimeType || chunks[0]?.type || "audio/webm" }));
        } else {
          setError("failed");
        }
      };
      recorder.start(1000);
      const startedAt = Date.now();
      current.timer = setInterval(() => {
        const seconds = Math.min(MAX_RECORDING_SECONDS, Math.floor((Date.now() - startedAt) / 1000));
        setElapsed(seconds);
        if (seconds >= MAX_RECORDING_SECONDS) stop();
      }, 250);
      setState("recording");
    } catch (reason) {
      release(current);
      if (session.current === current) session.current = null;
      if (current.discard) return;
      setError(errorKind(reason));
      setState("idle");
    }
  }, [stop]);

  // Leaving the screen: stop recording, drop the half memo, let go of the microphone.
  useEffect(
    () => () => {
      const current = session.current;
      if (!current) return;
      current.discard = true;
      if (current.recorder && current.recorder.state !== "inactive") current.recorder.stop();
      release(current);
      session.current = null;
    },
    [],
  );

  return { supported: canRecord(), state, elapsed, error, start, stop, clearError: () => setError(null) };
}
