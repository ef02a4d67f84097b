// The real wrapper (not the fake): rejections become LeadTrackError, events are forwarded.
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
const listen = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) as unknown }));
vi.mock("@tauri-apps/api/event", () => ({ listen: (...args: unknown[]) => listen(...args) as unknown }));

const { commands, onLeadsChanged, LeadTrackError } = await import("./index");

beforeEach(() => {
  invoke.mockReset();
  listen.mockReset();
});

describe("ipc wrapper", () => {
  it("passes arguments through and returns the result", async () => {
    invoke.mockResolvedValueOnce([{ id: "l-1" }]);
    const query = { text: "acme", event_id: null, grade: null, status: null, captured_by: null, limit: 10 };
    await expect(commands.leadsSearch(query)).resolves.toEqual([{ id: "l-1" }]);
    expect(invoke).toHaveBeenCalledWith("leads_search", { query });
  });

  it("turns an IpcError rejection into a thrown LeadTrackError with kind, message and fields", async () => {
    const fields = [{ field: "company", code: "required", message: "company is required." }];
    invoke.mockRejectedValueOnce({ kind: "validation", message: "company is required.", fields });
    const err: unknown = await commands.leadsUpdate("l-1", {} as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeadTrackError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ kind: "validation", message: "company is required.", fields });
    expect(invoke).toHaveBeenCalledWith("leads_update", { id: "l-1", input: {} });
  });

  it("turns a bare string rejection (Tauri's own errors) into an internal LeadTrackError", async () => {
    invoke.mockRejectedValueOnce("command leads_get not allowed");
    await expect(commands.leadsGet("x")).rejects.toMatchObject({ kind: "internal", message: "command leads_get not allowed", fields: [] });
  });

  it("attachmentsAdd sends the bytes as the raw body with the lead and kind as headers", async () => {
    const attachment = { id: "a-1", lead_id: "l-1", kind: "card", mime: "image/png", sha256: "ab", bytes: 3, created_at: 1 };
    invoke.mockResolvedValueOnce(attachment);
    const data = new Uint8Array([0x89, 0x50, 0x4e]);
    await expect(commands.attachmentsAdd("l-1", "card", data)).resolves.toEqual(attachment);
    expect(invoke).toHaveBeenCalledWith("attachments_add", data, { headers: { "x-lead-id": "l-1", "x-kind": "card" } });
  });

  it("a refused attachment throws a LeadTrackError carrying the field code", async () => {
    const fields = [{ field: "attachment", code: "unsupported_file", message: "This file is not a JPEG…" }];
    invoke.mockRejectedValueOnce({ kind: "validation", message: "This file is not a JPEG…", fields });
    await expect(commands.attachmentsAdd("l-1", "person", new Uint8Array([1]))).rejects.toMatchObject({ kind: "validation", fields });
  });

  it("attachmentsList and attachmentsGet pass the id through; the bytes come back as an ArrayBuffer", async () => {
    invoke.mockResolvedValueOnce([]);
    await expect(commands.attachmentsList("l-1")).resolves.toEqual([]);
    expect(invoke).toHaveBeenCalledWith("attachments_list", { id: "l-1" });
    const buffer = new Uint8Array([1, 2]).buffer;
    invoke.mockResolvedValueOnce(buffer);
    await expect(commands.attachmentsGet("a-1")).resolves.toBe(buffer);
    expect(invoke).toHaveBeenLastCalledWith("attachments_get", { id: "a-1" });
  });

  it("badgesParse sends the payload as typed and returns the parsed badge", async () => {
    const parsed = { format: "bare_id", fields: {}, attendee_id: "000123", raw: "000123\n", warnings: [] };
    invoke.mockResolvedValueOnce(parsed);
    await expect(commands.badgesParse("000123\n")).resolves.toBe(parsed);
    expect(invoke).toHaveBeenCalledWith("badges_parse", { payload: "000123\n" });
    invoke.mockRejectedValueOnce("command badges_parse not allowed");
    await expect(commands.badgesParse("x")).rejects.toMatchObject({ kind: "internal" });
  });

  it("onLeadsChanged listens to leads://changed, forwards the payload and unlistens", async () => {
    const unlisten = vi.fn();
    let handler: ((e: { payload: { id: string } }) => void) | undefined;
    listen.mockImplementation((name: string, cb: typeof handler) => {
      expect(name).toBe("leads://changed");
      handler = cb;
      return Promise.resolve(unlisten);
    });
    const cb = vi.fn();
    const stop = onLeadsChanged(cb);
    await vi.waitFor(() => expect(handler).toBeDefined());
    handler!({ payload: { id: "l-9" } });
    expect(cb).toHaveBeenCalledWith({ id: "l-9" });
    await Promise.resolve();
    stop();
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it("stopping before the listener is attached still unlistens once it is", async () => {
    const unlisten = vi.fn();
    let resolve: (fn: () => void) => void = () => {};
    listen.mockReturnValueOnce(new Promise<() => void>((r) => (resolve = r)));
    const stop = onLeadsChanged(vi.fn());
    stop();
    resolve(unlisten);
    await vi.waitFor(() => expect(unlisten).toHaveBeenCalledTimes(1));
  });
});
