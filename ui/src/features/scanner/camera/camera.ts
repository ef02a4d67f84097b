//! Opening the webcam: the camera the rep chose last time (kept in localStorage under
//! `leadtrack.camera`, per machine like the scanner settings), and what went wrong in words
//! the rep can act on when it does not open.

export type CameraProblem = "unsupported" | "none" | "denied" | "busy" | "ended" | "failed";

/** A camera as the picker shows it. The label is kept too: it finds the camera again if its id changes. */
export type CameraChoice = { deviceId: string; label: string };

export const CHOICE_KEY = "leadtrack.camera";

/** Resolution asked for: what the decoder is tuned for. A camera gives what it can near it. */
const VIDEO: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };

export function cameraProblem(reason: unknown): CameraProblem {
  const name = reason instanceof Error || reason instanceof DOMException ? reason.name : "";
  if (name === "NotSupportedError" || name === "TypeError") return "unsupported";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "none";
  if (name === "NotReadableError" || name === "AbortError" || name === "TrackStartError") return "busy";
  return "failed";
}

export function loadCameraChoice(): CameraChoice | null {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(CHOICE_KEY) ?? "null");
    if (value && typeof value === "object" && "deviceId" in value && typeof value.deviceId === "string") {
      const label = "label" in value && typeof value.label === "string" ? value.label : "";
      return { deviceId: value.deviceId, label };
    }
  } catch {
    // a broken entry or no storage: the default camera
  }
  return null;
}

export function saveCameraChoice(choice: CameraChoice): void {
  try {
    window.localStorage.setItem(CHOICE_KEY, JSON.stringify(choice));
  } catch {
    // not fatal: the choice just won't be remembered
  }
}

export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** The camera a stream comes from. */
export function streamDeviceId(stream: MediaStream): string {
  return stream.getVideoTracks()[0]?.getSettings?.().deviceId ?? "";
}

async function getCamera(deviceId?: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ video: deviceId ? { ...VIDEO, deviceId: { exact: deviceId } } : VIDEO, audio: false });
}

/** The cameras on this computer (their names are known once one camera has been allowed). */
export async function listCameras(): Promise<CameraChoice[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === "videoinput" && d.deviceId).map((d) => ({ deviceId: d.deviceId, label: d.label }));
}

/**
 * Opens `choice`, or the default camera if it is gone; then, if the chosen camera is still
 * there under a new id (same name), switches to it. Rejects with the browser's error
 * (see `cameraProblem`).
 */
export async function openCamera(choice: CameraChoice | null): Promise<{ stream: MediaStream; cameras: CameraChoice[] }> {
  if (typeof navigator.mediaDevices?.getUserMedia !== "function") throw new DOMException("no camera API", "NotSupportedError");
  let stream: MediaStream;
  try {
    stream = await getCamera(choice?.deviceId);
  } catch (error) {
    const gone = choice && cameraProblem(error) === "none";
    if (!gone) throw error;
    stream = await getCamera();
  }
  let cameras: CameraChoice[] = [];
  try {
    cameras = await listCameras();
  } catch {
    // no list, no picker: the camera itself works
  }
  const current = streamDeviceId(stream);
  if (choice && current !== choice.deviceId && !cameras.some((c) => c.deviceId === choice.deviceId)) {
    const renamed = choice.label ? cameras.find((c) => c.label === choice.label && c.deviceId !== current) : undefined;
    if (renamed) {
      stopStream(stream);
      stream = await getCamera(renamed.deviceId);
      saveCameraChoice(renamed);
    }
  }
  return { stream, cameras };
}
