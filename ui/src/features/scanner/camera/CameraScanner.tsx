//! "Scan with camera" on the capture screen: a live preview that reads badge codes by itself.
//! A few times a second (never more than one frame on its way) the current image becomes luma
//! (`grabber.ts`) and goes to `badges_scan_frame`, decoded off the UI thread; a code
//! found goes to the handheld scanner's path (`useSubmitScan`), so the beep, the "Badge
//! scanned" flash, the form filling, duplicates and held scans all behave the same. A badge
//! held in view counts once (`seen.ts`). The camera stops when the panel goes away (toggle
//! off, another screen); the chosen camera is remembered (`camera.ts`).
import { Box, Button, NativeSelect, Paper, Stack, Text } from "@mantine/core";
import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { describe } from "../../../components/errors";
import { commands } from "../../../ipc";
import { useSubmitScan } from "../ScannerProvider";
import { type CameraChoice, type CameraProblem, cameraProblem, loadCameraChoice, openCamera, saveCameraChoice, stopStream, streamDeviceId } from "./camera";
import { createFrameGrabber, type LumaFrame } from "./grabber";
import { SeenCodes } from "./seen";

/** One frame every 125 ms at most (8 a second): a badge is read well within a second, and a 2-core laptop keeps most of its time. */
export const FRAME_INTERVAL_MS = 125;
/** After a frame fails, wait this long before the next. */
const RETRY_MS = 1000;

type Status = { kind: "starting" } | { kind: "live"; stream: MediaStream; cameras: CameraChoice[] } | { kind: "problem"; problem: CameraProblem };

// Whether the rep left the camera on: coming back to Capture starts it again (per window, until the app closes).
const ON_KEY = "leadtrack.cameraOn";

/** The camera toggle's state, remembered for this session of the window. */
export function useCameraOn(): [boolean, () => void] {
  const [on, setOn] = useState(() => {
    try {
      return window.sessionStorage.getItem(ON_KEY) === "1";
    } catch {
      return false;
    }
  });
  const toggle = useCallback(() => {
    setOn((was) => {
      try {
        window.sessionStorage.setItem(ON_KEY, was ? "0" : "1");
      } catch {
        // not remembered, still toggled
      }
      return !was;
    });
  }, []);
  return [on, toggle];
}

export function CameraToggle({ on, onToggle }: { on: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <Button type="button" size="lg" mih={48} variant={on ? "filled" : "light"} aria-pressed={on} onClick={onToggle} data-testid="camera-toggle">
      {on ? t("camera.stop") : t("camera.start")}
    </Button>
  );
}

/** The last frame's size and timings on the panel's data attributes (diagnostics; the end-to-end test reads them). */
function recordTimings(panel: HTMLElement | null, frame: LumaFrame, scanMs: number): void {
  if (!panel) return;
  panel.dataset.frameSize = `${frame.width}x${frame.height}`;
  panel.dataset.lumaMs = frame.ms.toFixed(1);
  panel.dataset.scanMs = scanMs.toFixed(1);
}

export function CameraScanner() {
  const { t } = useTranslation();
  const submit = useSubmitScan();
  const video = useRef<HTMLVideoElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [choice, setChoice] = useState<CameraChoice | null>(loadCameraChoice);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<Status>({ kind: "starting" });
  const [frameError, setFrameError] = useState<unknown>(null);
  const [found, setFound] = useState(0);

  // Open the camera; close it when the choice changes or the panel goes away.
  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    openCamera(choice).then(
      ({ stream, cameras }) => {
        if (cancelled) {
          stopStream(stream);
          return;
        }
        opened = stream;
        setStatus({ kind: "live", stream, cameras });
      },
      (error: unknown) => {
        if (!cancelled) setStatus({ kind: "problem", problem: cameraProblem(error) });
      },
    );
    return () => {
      cancelled = true;
      if (opened) stopStream(opened);
    };
  }, [choice, attempt]);

  const stream = status.kind === "live" ? status.stream : null;

  // Show it, and notice when the camera goes away (unplugged, taken by the system).
  useEffect(() => {
    const el = video.current;
    if (!el || !stream) return;
    el.srcObject = stream;
    el.play?.()?.catch(() => undefined);
    const track = stream.getVideoTracks()[0];
    const ended = () => setStatus({ kind: "problem", problem: "ended" });
    track?.addEventListener("ended", ended);
    return () => {
      track?.removeEventListener("ended", ended);
      el.srcObject = null;
    };
  }, [stream]);

  const onCode = useEffectEvent((text: string) => {
    submit(text);
    setFound((n) => n + 1);
  });

  // Read frames while the camera is live and the window is shown.
  useEffect(() => {
    const el = video.current;
    if (!el || !stream) return;
    const grabber = createFrameGrabber();
    const seen = new SeenCodes();
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const started = performance.now();
      let wait = FRAME_INTERVAL_MS;
      if (document.visibilityState !== "hidden") {
        try {
          const frame = await grabber.grab(el);
          if (frame && !stopped) {
            const sent = performance.now();
            const symbols = await commands.badgesScanFrame(frame.width, frame.height, frame.luma);
            if (stopped) return;
            recordTimings(panel.current, frame, performance.now() - sent);
            setFrameError(null);
            const text = seen.pick(
              symbols.map((s) => s.text),
              performance.now(),
            );
            if (text !== null) onCode(text);
          }
        } catch (error) {
          if (stopped) return;
          setFrameError(error);
          wait = RETRY_MS;
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), Math.max(0, wait - (performance.now() - started)));
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      grabber.close();
    };
  }, [stream]);

  const retry = () => {
    setStatus({ kind: "starting" });
    setAttempt((n) => n + 1);
  };
  const pick = (deviceId: string) => {
    const camera = status.kind === "live" ? status.cameras.find((c) => c.deviceId === deviceId) : undefined;
    if (!camera) return;
    saveCameraChoice(camera);
    setStatus({ kind: "starting" });
    setFrameError(null);
    setChoice(camera);
  };

  return (
    <Paper withBorder radius="md" p="sm" className="camera-panel" data-testid="camera-panel" ref={panel} aria-label={t("camera.title")} component="section">
      <Stack gap="sm">
        <Box className="camera-frame" hidden={status.kind === "problem"}>
          <video ref={video} className="camera-video" data-testid="camera-preview" aria-label={t("camera.preview")} autoPlay muted playsInline />
          {found > 0 && <div key={found} className="camera-found" data-testid="camera-found" aria-hidden />}
        </Box>
        {status.kind === "starting" && (
          <Text role="status" data-testid="camera-starting">
            {t("camera.starting")}
          </Text>
        )}
        {status.kind === "live" && (
          <Text size="sm" c="dimmed" data-testid="camera-hint">
            {t("camera.hint")}
          </Text>
        )}
        {status.kind === "problem" && (
          <Stack gap="xs" role="alert" data-testid="camera-problem" data-problem={status.problem}>
            <Text fw={700} c="red.8">
              {t(`camera.problem.${status.problem}`)}
            </Text>
            {status.problem !== "unsupported" && (
              <Button type="button" variant="default" mih={48} onClick={retry} data-testid="camera-retry" w="fit-content">
                {t("camera.retry")}
              </Button>
            )}
          </Stack>
        )}
        {!!frameError && (
          <Text c="red.8" size="sm" role="alert" data-testid="camera-frame-error">
            {t("camera.frameFailed", { message: describe(t, frameError) })}
          </Text>
        )}
        {status.kind === "live" && status.cameras.length > 1 && (
          <NativeSelect
            label={t("camera.picker")}
            size="lg"
            data-testid="camera-picker"
            value={streamDeviceId(status.stream)}
            onChange={(e) => pick(e.currentTarget.value)}
            data={status.cameras.map((c, i) => ({ value: c.deviceId, label: c.label || t("camera.unnamed", { n: i + 1 }) }))}
          />
        )}
      </Stack>
    </Paper>
  );
}
