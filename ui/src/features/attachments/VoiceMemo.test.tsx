import { act, renderHook, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fake, samplePng, sampleEvent, sampleUsers } from "../../ipc/fake";
import { installMicrophone, type Microphone, WEBM_BYTES } from "../../test/media";
import { renderApp } from "../../test/render";
import { MAX_RECORDING_SECONDS, useVoiceRecorder } from "./useVoiceRecorder";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const input = (name: string) => document.querySelector<HTMLInputElement>(`[data-lead-form] [name="${name}"]`)!;

let mic: Microphone | null = null;

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

afterEach(() => {
  mic?.remove();
  mic = null;
  vi.useRealTimers();
});

describe("voice memo", () => {
  it("records with a red indicator and a running clock; Stop makes a pending audio item, releases the microphone, and it is saved as voice", async () => {
    mic = installMicrophone();
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme");
    await user.type(input("name"), "Li Na");

    await user.click(screen.getByTestId("record-voice"));
    const recording = await screen.findByTestId("voice-recording");
    expect(recording).toHaveTextContent("Recording");
    expect(within(recording).getByTestId("voice-elapsed")).toHaveTextContent("00:00 / 05:00");
    expect(mic.getUserMedia).toHaveBeenCalledWith({ audio: true });
    expect(mic.recorders[0]!.mimeType).toBe("audio/webm;codecs=opus");
    expect(mic.track.stop).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("stop-voice"));
    const item = await screen.findByTestId("pending-attachment");
    expect(item).toHaveAttribute("data-kind", "voice");
    expect(item).toHaveTextContent("Voice memo");
    const audio = item.querySelector("audio")!;
    expect(audio).toHaveAttribute("controls");
    expect(audio.getAttribute("src")).toMatch(/^blob:/);
    expect(mic.track.stop).toHaveBeenCalled();
    expect(screen.queryByTestId("voice-recording")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("save-lead"));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Li Na · 1 attachment");
    expect(fake.attachments.map((a) => [a.kind, a.mime, [...a.data]])).toEqual([["voice", "audio/webm", [...WEBM_BYTES]]]);
  });

  it("a refused microphone says so inline and loses nothing already picked", async () => {
    mic = installMicrophone({ refuse: "NotAllowedError" });
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme");
    await user.upload(screen.getByTestId("photo-input"), new File([new Uint8Array(samplePng())], "card.png", { type: "image/png" }));

    await user.click(screen.getByTestId("record-voice"));
    expect(await screen.findByTestId("voice-error")).toHaveTextContent("The microphone was refused.");
    expect(screen.getByTestId("record-voice")).toBeEnabled();
    expect(screen.getAllByTestId("pending-attachment")).toHaveLength(1);
    expect(input("company")).toHaveValue("Acme");
  });

  it("no microphone plugged in says so inline", async () => {
    mic = installMicrophone({ refuse: "NotFoundError" });
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("record-voice"));
    expect(await screen.findByTestId("voice-error")).toHaveTextContent("No microphone was found.");
  });

  it("stops by itself at 5 minutes and hands over the memo", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    mic = installMicrophone();
    const onRecorded = vi.fn();
    const { result } = renderHook(() => useVoiceRecorder(onRecorded));
    await act(() => result.current.start());
    expect(result.current.state).toBe("recording");

    act(() => {
      vi.advanceTimersByTime(61_000);
    });
    expect(result.current.elapsed).toBe(61);
    act(() => {
      vi.advanceTimersByTime(MAX_RECORDING_SECONDS * 1000);
    });
    await act(async () => {}); // the recorder's last data and `stop` come a microtask later
    expect(onRecorded).toHaveBeenCalledTimes(1);
    expect(onRecorded.mock.calls[0]![0]).toBeInstanceOf(Blob);
    expect(result.current.state).toBe("idle");
    expect(mic.recorders[0]!.state).toBe("inactive");
    expect(mic.track.stop).toHaveBeenCalled();
  });

  it("leaving the screen while recording releases the microphone and drops the half memo", async () => {
    mic = installMicrophone();
    const onRecorded = vi.fn();
    const { result, unmount } = renderHook(() => useVoiceRecorder(onRecorded));
    await act(() => result.current.start());
    unmount();
    expect(mic.track.stop).toHaveBeenCalled();
    await Promise.resolve();
    expect(onRecorded).not.toHaveBeenCalled();
  });
});

describe("saving while a memo records", () => {
  it("holds the save until the recording is stopped, so the memo is never left behind", async () => {
    mic = installMicrophone();
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme");
    await user.type(input("name"), "Li Na");
    await user.click(screen.getByTestId("record-voice"));
    await screen.findByTestId("voice-recording");
    await waitFor(() => expect(screen.getByTestId("save-lead")).toBeDisabled());
    expect(screen.getByText("Stop the recording to save it with the lead.")).toBeInTheDocument();

    await user.click(screen.getByTestId("stop-voice"));
    await screen.findByTestId("pending-attachment");
    await waitFor(() => expect(screen.getByTestId("save-lead")).toBeEnabled());
    await user.click(screen.getByTestId("save-lead"));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Li Na · 1 attachment");
  });
});
