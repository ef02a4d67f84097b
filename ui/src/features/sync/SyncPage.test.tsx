import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8S1Rkpi1aVE=";

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

describe("sync page", () => {
  it("saves the endpoint and secret, never shows the secret again, and says where it is kept", async () => {
    const set = vi.spyOn(commands, "syncSetSettings");
    const { user } = renderApp("/sync");
    const form = await screen.findByTestId("sync-settings");
    expect(screen.getByTestId("sync-device-id")).toHaveValue("");
    expect(screen.getByTestId("sync-secret-storage")).toHaveAttribute("data-storage", "none");
    expect(screen.getByTestId("sync-not-configured")).toBeInTheDocument();

    await user.type(screen.getByTestId("sync-endpoint"), "https://leads.example.com");
    await user.type(screen.getByTestId("sync-device-id"), "dev_booth1");
    await user.click(screen.getByTestId("sync-secret"));
    await user.paste(SECRET);
    await user.click(screen.getByTestId("sync-save"));

    expect(await screen.findByTestId("sync-settings-saved")).toBeInTheDocument();
    expect(set).toHaveBeenCalledWith("https://leads.example.com", "dev_booth1", SECRET);
    expect(fake.sync.secret).toBe(SECRET);
    // The field is emptied and nothing on screen (or in any input) holds the secret.
    expect(screen.getByTestId("sync-secret")).toHaveValue("");
    expect(document.body.innerHTML).not.toContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8S1Rkpi1aVE");
    const storage = screen.getByTestId("sync-secret-storage");
    expect(storage).toHaveAttribute("data-storage", "keychain");
    expect(storage).toHaveTextContent("stored in the system keychain");
    expect(within(form).getByTestId("sync-endpoint")).toHaveValue("https://leads.example.com/");
    expect(screen.queryByTestId("sync-not-configured")).not.toBeInTheDocument();

    // Saving again with the secret field empty keeps the secret.
    await user.click(screen.getByTestId("sync-save"));
    await waitFor(() => expect(set).toHaveBeenLastCalledWith("https://leads.example.com/", "dev_booth1", null));
    expect(fake.sync.secret).toBe(SECRET);
  });

  it("takes the admin's whole JSON in the secret field and fills the device id from it", async () => {
    const { user } = renderApp("/sync");
    await user.type(await screen.findByTestId("sync-endpoint"), "https://leads.example.com");
    await user.click(screen.getByTestId("sync-secret"));
    await user.paste(JSON.stringify({ device_id: "dev_from_json", name: "booth laptop", secret: SECRET }));
    await user.click(screen.getByTestId("sync-save"));
    await waitFor(() => expect(screen.getByTestId("sync-device-id")).toHaveValue("dev_from_json"));
    expect(fake.sync.secret).toBe(SECRET);
    expect(document.body.innerHTML).not.toContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8S1Rkpi1aVE");
  });

  it("warns plainly when no keychain exists and the secret went to a file", async () => {
    fake.sync.withoutKeychain();
    const { user } = renderApp("/sync");
    await user.type(await screen.findByTestId("sync-endpoint"), "http://127.0.0.1:8080");
    await user.type(screen.getByTestId("sync-device-id"), "dev_booth1");
    await user.click(screen.getByTestId("sync-secret"));
    await user.paste(SECRET);
    await user.click(screen.getByTestId("sync-save"));
    const storage = await screen.findByTestId("sync-secret-storage");
    await waitFor(() => expect(storage).toHaveAttribute("data-storage", "file"));
    expect(storage).toHaveTextContent("readable only by you because no system keychain is available");
  });

  it("refuses a plain-http endpoint and a malformed secret under their fields", async () => {
    const { user } = renderApp("/sync");
    await user.type(await screen.findByTestId("sync-endpoint"), "http://leads.example.com");
    await user.click(screen.getByTestId("sync-save"));
    await waitFor(() => expect(screen.getByTestId("sync-endpoint")).toHaveAccessibleDescription(/Use an https:\/\/ address/));
    expect(fake.sync.secret).toBeNull();

    await user.clear(screen.getByTestId("sync-endpoint"));
    await user.type(screen.getByTestId("sync-endpoint"), "https://leads.example.com");
    await user.type(screen.getByTestId("sync-device-id"), "dev_booth1");
    await user.type(screen.getByTestId("sync-secret"), "hunter2");
    await user.click(screen.getByTestId("sync-save"));
    await waitFor(() => expect(screen.getByTestId("sync-secret")).toHaveAccessibleDescription(/not a device secret/));
    expect(fake.sync.secret).toBeNull();
  });

  it("shows the backlog and follows sync://status live, in the page and the header chip", async () => {
    fake.sync.configure("https://leads.example.com/", "dev_booth1", SECRET);
    renderApp("/sync");
    const pending = await screen.findByTestId("sync-pending");
    await waitFor(() => expect(pending).toHaveTextContent("0"));
    expect(screen.getByTestId("sync-last-success")).toHaveTextContent("Never");
    expect(screen.getByTestId("sync-chip")).toHaveAccessibleName("All uploaded");
    expect(screen.getByTestId("sync-chip")).toHaveAttribute("data-state", "ok");

    act(() => fake.sync.setStatus({ pending: 3, inflight: 1 }));
    await waitFor(() => expect(pending).toHaveTextContent("4"));
    expect(screen.getByTestId("sync-chip")).toHaveTextContent("4");
    expect(screen.getByTestId("sync-chip")).toHaveAccessibleName("4 to upload");
    expect(screen.getByTestId("sync-chip")).toHaveAttribute("data-state", "pending");

    act(() => fake.sync.setStatus({ last_error: "connection refused", last_error_at: Date.now() - 60_000, online: false }));
    expect(await screen.findByTestId("sync-last-error")).toHaveTextContent("connection refused");
    expect(screen.getByTestId("sync-chip")).toHaveAttribute("data-state", "error");
    expect(screen.getByTestId("sync-chip")).toHaveAccessibleName("4 to upload · connection refused");

    act(() => fake.sync.setStatus({ pending: 0, inflight: 0, last_error: null, online: true, last_success_at: Date.now() - 3 * 60_000 }));
    await waitFor(() => expect(screen.getByTestId("sync-last-success")).toHaveTextContent("3 minutes ago"));
    expect(screen.queryByTestId("sync-last-error")).not.toBeInTheDocument();
    expect(screen.getByTestId("sync-online")).toHaveTextContent("Reaching the endpoint");
    expect(screen.getByTestId("sync-chip")).toHaveAttribute("data-state", "ok");
  });

  it("lists parked versions with their reasons", async () => {
    fake.sync.setParked([
      { lead_id: "lead-7", label: "Wang Wei · Acme Pumps", version: 2, reason: "rejected: invalid_email", saved_at: Date.UTC(2026, 3, 15, 10) },
    ]);
    renderApp("/sync");
    const item = await screen.findByTestId("sync-parked-lead-7");
    expect(item).toHaveTextContent("Wang Wei · Acme Pumps");
    expect(item).toHaveTextContent("version 2");
    expect(item).toHaveTextContent("rejected: invalid_email");
    expect(screen.getByTestId("sync-parked-count")).toHaveTextContent("1");
    expect(screen.getByTestId("sync-chip")).toHaveAttribute("data-state", "error");
    expect(screen.getByTestId("sync-chip").getAttribute("aria-label")).toContain("1 parked");
  });

  it("uploads everything with a live progress bar and ends with 0 missing", async () => {
    fake.sync.configure("https://leads.example.com/", "dev_booth1", SECRET);
    fake.sync.setStatus({ pending: 10 });
    const release = fake.sync.holdUpload();
    const { user } = renderApp("/sync");
    await waitFor(() => expect(screen.getByTestId("sync-upload-all")).toBeEnabled());
    await user.click(screen.getByTestId("sync-upload-all"));

    const bar = await screen.findByTestId("sync-upload-progress");
    await waitFor(() => expect(bar).toHaveAttribute("data-value", "50"));
    expect(screen.getByTestId("sync-upload-count")).toHaveTextContent("5 of 10 sent");

    act(() => release());
    const report = await screen.findByTestId("sync-report");
    expect(report).toHaveAttribute("data-missing", "0");
    expect(report).toHaveTextContent("0 missing");
    expect(report).toHaveTextContent("The endpoint has all 10 leads of this device.");
    await waitFor(() => expect(screen.getByTestId("sync-pending")).toHaveTextContent("0"));
  });

  it("lists exactly what is still missing after an upload, and why", async () => {
    fake.sync.configure("https://leads.example.com/", "dev_booth1", SECRET);
    fake.sync.setMissing([
      { lead_id: "lead-3", version: 2, kind: "missing", reason: "parked: invalid_email" },
      { lead_id: "lead-9", version: 4, kind: "older", reason: "sent, not yet answered" },
    ]);
    const { user } = renderApp("/sync");
    await waitFor(() => expect(screen.getByTestId("sync-upload-all")).toBeEnabled());
    await user.click(screen.getByTestId("sync-upload-all"));
    const report = await screen.findByTestId("sync-report");
    expect(report).toHaveAttribute("data-missing", "2");
    expect(report).toHaveTextContent("2 missing");
    expect(within(report).getByTestId("sync-missing-lead-3")).toHaveTextContent("not on the endpoint (version 2): parked: invalid_email");
    expect(within(report).getByTestId("sync-missing-lead-9")).toHaveTextContent("the endpoint has a version older than 4: sent, not yet answered");
  });

  it("cannot start an upload before the endpoint is set", async () => {
    renderApp("/sync");
    expect(await screen.findByTestId("sync-upload-all")).toBeDisabled();
  });
});
