import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import en from "../i18n/en.json";
import zhCN from "../i18n/zh-CN.json";
import { type Event, fake, sampleEvent } from "../ipc/fake";
import { sampleKioskForm } from "../ipc/fakeKiosk";
import { KioskApp } from "./KioskApp";

vi.mock("../ipc", () => import("../ipc/fake"));
// pdf.js needs a real canvas: the loop's handling of a PDF slide is what is tested here.
const rendered: number[] = [];
vi.mock("../features/materials/pdf", () => ({
  openPdf: () =>
    Promise.resolve({
      pages: 3,
      render: (n: number) => {
        rendered.push(n);
        return Promise.resolve();
      },
      destroy: () => {},
    }),
}));

const kioskEvent: Event = { ...sampleEvent, form: { ...sampleEvent.form, kiosk: sampleKioskForm } };
const FORM_IDLE_MS = sampleKioskForm.idle_seconds * 1000;
const LOOP_IDLE_S = 20;

// jsdom plays nothing: a video "starts" when the loop calls play().
const play = vi.fn(() => Promise.resolve());

beforeEach(() => {
  rendered.length = 0;
  play.mockClear();
  HTMLMediaElement.prototype.play = play;
  fake.reset({ events: [kioskEvent], kiosk: { eventId: kioskEvent.id, pin: "2580" } });
  fake.phone.reset();
  fake.materials.seed();
  fake.materials.setPlaylist(kioskEvent.id, {
    idle_seconds: LOOP_IDLE_S,
    items: [
      { material_id: "photo", seconds: 5 },
      { material_id: "about-zh", seconds: 4 },
      { material_id: "demo-video", seconds: 3 },
      { material_id: "brochure", seconds: 6 },
    ],
  });
  vi.useFakeTimers({ shouldAdvanceTime: true });
});
afterEach(() => {
  vi.useRealTimers();
});

function advance(ms: number) {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

async function flush() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

function renderKiosk() {
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
  render(<KioskApp env="test" />);
  return { user };
}

const item = () => screen.queryByTestId("kiosk-playlist")?.dataset.item ?? null;

describe("the kiosk's attract loop", () => {
  it("starts after the show's idle time and plays each item for its seconds, a video to its end, round and round", async () => {
    renderKiosk();
    await flush();
    advance(LOOP_IDLE_S * 1000 - 500);
    expect(item()).toBeNull();
    advance(500);
    expect(item()).toBe("photo");
    expect(screen.getByRole("img", { name: "HX-200 at the booth" })).toHaveAttribute("src", expect.stringContaining("leadtrack-content://"));
    advance(5000);
    expect(item()).toBe("about-zh");
    expect(screen.getByTestId("kiosk-playlist")).toHaveTextContent("液压泵");
    // Nobody chose a language: the prompt speaks the page's.
    expect(screen.getByTestId("kiosk-playlist")).toHaveTextContent(zhCN.kiosk.attract.prompt);
    advance(4000);
    expect(item()).toBe("demo-video");
    const video = screen.getByTestId<HTMLVideoElement>("kiosk-playlist-video");
    expect(video.muted).toBe(true);
    expect(play).toHaveBeenCalledTimes(1);
    advance(30_000);
    expect(item()).toBe("demo-video");
    fireEvent.ended(video);
    expect(item()).toBe("brochure");
    await flush();
    expect(rendered).toEqual([1]);
    expect(screen.getByTestId("kiosk-playlist-pdf")).toHaveAttribute("data-page", "1");
    advance(6000);
    expect(item()).toBe("photo");
  });

  it("ends at the first touch, which does not also start the form", async () => {
    renderKiosk();
    await flush();
    advance(LOOP_IDLE_S * 1000);
    expect(item()).toBe("photo");
    fireEvent.pointerDown(screen.getByTestId("kiosk-playlist"));
    expect(item()).toBeNull();
    fireEvent.click(screen.getByTestId("kiosk-attract"));
    expect(screen.getByTestId("kiosk-attract")).toBeInTheDocument();
    expect(screen.queryByTestId("kiosk-form")).toBeNull();
    // And it comes back after the next idle time.
    advance(LOOP_IDLE_S * 1000);
    expect(item()).toBe("photo");
  });

  it("keeps what a visitor typed, and gives way to the idle countdown", async () => {
    const { user } = renderKiosk();
    await flush();
    await user.click(await screen.findByTestId("kiosk-start"));
    await user.type(screen.getByTestId("kiosk-field-name"), "Half Filled");
    advance(LOOP_IDLE_S * 1000);
    expect(item()).toBe("photo");
    fireEvent.keyDown(document.body, { key: "Shift" });
    expect(item()).toBeNull();
    expect(screen.getByTestId("kiosk-field-name")).toHaveValue("Half Filled");

    advance(LOOP_IDLE_S * 1000);
    expect(item()).toBe("photo");
    advance(FORM_IDLE_MS - LOOP_IDLE_S * 1000);
    expect(screen.getByTestId("kiosk-idle")).toHaveTextContent(en.kiosk.idle.title);
    expect(item()).toBeNull();
    await user.click(screen.getByTestId("kiosk-idle-continue"));
    expect(screen.getByTestId("kiosk-field-name")).toHaveValue("Half Filled");
  });

  it("moves on from a video that stalls once its length and a grace time have passed", async () => {
    fake.materials.setPlaylist(kioskEvent.id, { idle_seconds: LOOP_IDLE_S, items: [{ material_id: "demo-video", seconds: 3 }, { material_id: "photo", seconds: 5 }] });
    renderKiosk();
    await flush();
    advance(LOOP_IDLE_S * 1000);
    const video = screen.getByTestId<HTMLVideoElement>("kiosk-playlist-video");
    Object.defineProperty(video, "duration", { value: 9 });
    fireEvent.loadedMetadata(video);
    advance(9000 + 4900);
    expect(item()).toBe("demo-video");
    advance(100);
    expect(item()).toBe("photo");
  });

  it("never starts without a playlist", async () => {
    fake.materials.setPlaylist(kioskEvent.id, { idle_seconds: LOOP_IDLE_S, items: [] });
    renderKiosk();
    await flush();
    advance(LOOP_IDLE_S * 5000);
    expect(item()).toBeNull();
    expect(screen.getByTestId("kiosk-attract")).toBeInTheDocument();
  });
});
