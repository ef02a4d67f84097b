import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, FAKE_QR_MARKER, makeLead, sampleEvent, sampleUsers } from "../../../ipc/fake";
import { renderApp } from "../../../test/render";
import { CHOICE_KEY } from "./camera";

vi.mock("../../../ipc", () => import("../../../ipc/fake"));

// What the camera sees: the fake grabber turns it into a luma frame the fake backend reads
// (a frame holding FAKE_QR_MARKER + payload holds that QR code). jsdom has no canvas.
const view = vi.hoisted(() => ({ payload: null as string | null, grabs: 0, closed: 0 }));
vi.mock("./grabber", () => ({
  createFrameGrabber: () => ({
    grab: () => {
      view.grabs += 1;
      const width = 64;
      const height = 48;
      const luma = new Uint8Array(width * height);
      if (view.payload !== null) luma.set(new TextEncoder().encode(`LEADTRACK-FAKE-QR:${view.payload}`).subarray(0, luma.length));
      return Promise.resolve({ width, height, luma, ms: 0 });
    },
    close: () => {
      view.closed += 1;
    },
  }),
}));

const MECARD = "MECARD:N:Wang,Fang;ORG:Huaqiang Lighting;TEL:+8613800138000;EMAIL:fang.wang@example.cn;;";
const VCARD = "BEGIN:VCARD\nVERSION:3.0\nN:Ahmadi;Reza\nFN:Reza Ahmadi\nORG:Pars Roshanai\nEND:VCARD";

const input = (name: string) => document.querySelector<HTMLInputElement>(`[data-lead-form] [name="${name}"]`)!;

type FakeTrack = { kind: string; deviceId: string; stop: ReturnType<typeof vi.fn>; stopped: boolean };

/** Cameras for jsdom: `refuse` makes getUserMedia reject with that DOMException name. */
function installCameras(ids: string[], { refuse }: { refuse?: string } = {}) {
  const tracks: FakeTrack[] = [];
  const getUserMedia = vi.fn((constraints: MediaStreamConstraints) => {
    if (refuse) return Promise.reject(new DOMException("refused", refuse));
    const video = constraints.video as MediaTrackConstraints;
    const wanted = (video.deviceId as { exact?: string } | undefined)?.exact;
    if (wanted && !ids.includes(wanted)) return Promise.reject(new DOMException("gone", "OverconstrainedError"));
    const track: FakeTrack = { kind: "video", deviceId: wanted ?? ids[0]!, stopped: false, stop: vi.fn() };
    track.stop.mockImplementation(() => {
      track.stopped = true;
    });
    tracks.push(track);
    const asTrack = { ...track, getSettings: () => ({ deviceId: track.deviceId }), addEventListener: vi.fn(), removeEventListener: vi.fn(), stop: track.stop };
    return Promise.resolve({ getTracks: () => [asTrack], getVideoTracks: () => [asTrack] });
  });
  const enumerateDevices = vi.fn(() =>
    Promise.resolve([
      { kind: "audioinput", deviceId: "mic", label: "Microphone", groupId: "" },
      ...ids.map((id, i) => ({ kind: "videoinput", deviceId: id, label: `Webcam ${i + 1}`, groupId: "" })),
    ]),
  );
  Object.defineProperty(navigator, "mediaDevices", { configurable: true, value: { getUserMedia, enumerateDevices } });
  return { getUserMedia, tracks, live: () => tracks.filter((t) => !t.stopped) };
}

/** Lets the camera loop read `n` more frames. */
async function frames(n: number) {
  const target = view.grabs + n;
  await waitFor(() => expect(view.grabs).toBeGreaterThanOrEqual(target), { timeout: 5000 });
}

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
  Object.assign(view, { payload: null, grabs: 0, closed: 0 });
  // jsdom does not play media.
  vi.spyOn(HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
});

afterEach(() => {
  Reflect.deleteProperty(navigator, "mediaDevices");
  window.sessionStorage.clear();
});

describe("scanning with the camera", () => {
  it("a badge held up to the camera fills the form once, as a handheld scan would, and is saved as a rep scan", async () => {
    const camera = installCameras(["cam-a"]);
    const parse = vi.spyOn(commands, "badgesParse");
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    const toggle = await screen.findByRole("button", { name: "Scan with camera" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    expect(camera.getUserMedia).not.toHaveBeenCalled();

    await user.click(toggle);
    expect(await screen.findByTestId("camera-hint")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Stop camera" })).toHaveAttribute("aria-pressed", "true");
    expect(camera.getUserMedia).toHaveBeenCalledWith({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    // one camera: nothing to pick
    expect(screen.queryByTestId("camera-picker")).not.toBeInTheDocument();
    await frames(2);
    expect(parse).not.toHaveBeenCalled();

    view.payload = MECARD;
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(input("name")).toHaveValue("Fang Wang");
    expect(screen.getByTestId("scan-flash")).toHaveTextContent("Badge scanned");
    expect(screen.getByTestId("camera-found")).toBeInTheDocument();
    expect(screen.getByTestId("scan-note")).toHaveTextContent("Badge read as MECARD");

    // still in view, frame after frame: one scan
    await frames(4);
    expect(parse).toHaveBeenCalledTimes(1);

    // the next visitor's badge counts at once; the first visitor is kept as a draft
    view.payload = VCARD;
    await waitFor(() => expect(input("company")).toHaveValue("Pars Roshanai"));
    expect(parse).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId("scan-previous")).toHaveTextContent("Previous visitor kept in drafts — Fang Wang");

    await user.click(screen.getByTestId("grade-B"));
    await user.click(screen.getByTestId("save-lead"));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Reza Ahmadi");
    expect(create.mock.calls.at(-1)![0]).toMatchObject({ source: "rep_scan", badge_raw: VCARD, badge_format: "vcard", draft: false });
  });

  it("reads frames one at a time, only while the window is shown", async () => {
    installCameras(["cam-a"]);
    let inFlight = 0;
    let most = 0;
    const scan = vi.spyOn(commands, "badgesScanFrame").mockImplementation(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 300));
      inFlight -= 1;
      return [];
    });
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("camera-toggle"));
    await waitFor(() => expect(scan).toHaveBeenCalledTimes(3), { timeout: 3000 });
    expect(most).toBe(1);
    const [width, height, luma] = scan.mock.calls[0]!;
    expect(luma).toHaveLength(width * height);

    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    const hidden = view.grabs;
    await act(() => new Promise((resolve) => setTimeout(resolve, 600)));
    expect(view.grabs).toBe(hidden);
    visibility.mockRestore();
    await frames(1);
  });

  it("the camera is released when turned off and when the rep leaves the capture screen, and comes back on with it", async () => {
    const camera = installCameras(["cam-a"]);
    const { user, router } = renderApp("/capture");
    await user.click(await screen.findByTestId("camera-toggle"));
    await frames(1);
    expect(camera.live()).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Stop camera" }));
    expect(screen.queryByTestId("camera-panel")).not.toBeInTheDocument();
    expect(camera.live()).toHaveLength(0);
    expect(view.closed).toBe(1);
    const grabs = view.grabs;
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    expect(view.grabs).toBe(grabs);

    await user.click(screen.getByTestId("camera-toggle"));
    await frames(1);
    expect(camera.live()).toHaveLength(1);
    await act(() => router.navigate("/leads"));
    await screen.findByTestId("lead-search");
    expect(camera.live()).toHaveLength(0);

    // left on: back on Capture, the camera starts again
    await act(() => router.navigate("/capture"));
    await screen.findByTestId("camera-hint");
    expect(camera.live()).toHaveLength(1);
  });

  it("with two cameras the rep picks one, and it is the one used next time", async () => {
    const camera = installCameras(["cam-a", "cam-b"]);
    const { user, unmount } = renderApp("/capture");
    await user.click(await screen.findByTestId("camera-toggle"));
    const picker = await screen.findByRole("combobox", { name: "Camera" });
    expect(picker).toHaveValue("cam-a");
    expect([...picker.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["Webcam 1", "Webcam 2"]);

    await user.selectOptions(picker, "cam-b");
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Camera" })).toHaveValue("cam-b"));
    expect(camera.getUserMedia.mock.lastCall![0]).toMatchObject({ video: { deviceId: { exact: "cam-b" } }, audio: false });
    expect(camera.live().map((t) => t.deviceId)).toEqual(["cam-b"]);
    expect(JSON.parse(window.localStorage.getItem(CHOICE_KEY)!)).toEqual({ deviceId: "cam-b", label: "Webcam 2" });
    unmount();
    window.sessionStorage.clear();

    camera.getUserMedia.mockClear();
    const again = renderApp("/capture");
    await again.user.click(await screen.findByTestId("camera-toggle"));
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Camera" })).toHaveValue("cam-b"));
    expect(camera.getUserMedia).toHaveBeenCalledTimes(1);
    expect(camera.getUserMedia.mock.calls[0]![0]).toMatchObject({ video: { deviceId: { exact: "cam-b" } } });
  });

  it("a remembered camera that is gone falls back to the one that is there", async () => {
    window.localStorage.setItem(CHOICE_KEY, JSON.stringify({ deviceId: "unplugged", label: "Old webcam" }));
    const camera = installCameras(["cam-a"]);
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("camera-toggle"));
    await screen.findByTestId("camera-hint");
    expect(camera.live().map((t) => t.deviceId)).toEqual(["cam-a"]);
  });

  it.each([
    ["NotAllowedError", "denied", "LeadTrack is not allowed to use the camera"],
    ["NotFoundError", "none", "No camera found"],
    ["NotReadableError", "busy", "The camera is in use by another program"],
  ])("a camera that cannot open (%s) says why and offers to try again", async (name, problem, text) => {
    const camera = installCameras(["cam-a"], { refuse: name });
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("camera-toggle"));
    const alert = await screen.findByTestId("camera-problem");
    expect(alert).toHaveAttribute("data-problem", problem);
    expect(alert).toHaveTextContent(text);
    expect(screen.getByTestId("camera-preview").closest("[hidden]")).not.toBeNull();

    await user.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(camera.getUserMedia).toHaveBeenCalledTimes(2));
    expect(await screen.findByTestId("camera-problem")).toBeInTheDocument();
  });

  it("without any camera API the panel says so", async () => {
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("camera-toggle"));
    expect(await screen.findByTestId("camera-problem")).toHaveAttribute("data-problem", "unsupported");
    expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
  });

  it("a badge this show already has opens its lead, as with the handheld scanner", async () => {
    const existing = makeLead({ id: "lead-wang", event_id: sampleEvent.id, name: "Fang Wang", company: "Huaqiang Lighting", badge_raw: MECARD, badge_format: "mecard" });
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan", leads: [existing] });
    const camera = installCameras(["cam-a"]);
    const { user, router } = renderApp("/capture");
    await user.click(await screen.findByTestId("camera-toggle"));
    view.payload = MECARD;
    await waitFor(() => expect(router.state.location.pathname).toBe("/leads/lead-wang"));
    expect(fake.leads).toHaveLength(1);
    // leaving Capture released the camera
    await waitFor(() => expect(camera.live()).toHaveLength(0));
  });

  it("the fake backend refuses a frame whose bytes do not match its size, like the real one", async () => {
    await expect(commands.badgesScanFrame(10, 10, new Uint8Array(99))).rejects.toMatchObject({ kind: "validation", fields: [{ field: "frame", code: "bad_frame" }] });
    const frame = new Uint8Array(100);
    frame.set(new TextEncoder().encode(`${FAKE_QR_MARKER}ABCD\0`));
    expect((await commands.badgesScanFrame(10, 10, frame)).map((s) => s.text)).toEqual(["ABCD"]);
  });
});
