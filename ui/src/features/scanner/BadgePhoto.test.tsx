import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { commands, fake, FAKE_QR_MARKER, sampleEvent, samplePng, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const MECARD = "MECARD:N:Wang,Fang;ORG:Huaqiang Lighting;TITLE:Buyer;TEL:+8613800138000;EMAIL:fang.wang@example.cn;;";

const input = (name: string) => document.querySelector<HTMLInputElement>(`[data-lead-form] [name="${name}"]`)!;

/** A PNG the fake reads as holding a QR code with `payload` (or no code when there is none). */
function badgePhoto(payload?: string, name = "badge.png"): File {
  const tail = payload === undefined ? new Uint8Array() : new TextEncoder().encode(`${FAKE_QR_MARKER}${payload}`);
  return new File([new Uint8Array(samplePng()), tail], name, { type: "image/png" });
}

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("badge from a photo", () => {
  it("a badge photo dropped on the capture form reads like a picked one", async () => {
    renderApp("/capture");
    const form = await screen.findByTestId("lead-form");
    const file = badgePhoto(MECARD);
    const dataTransfer = { files: [file], types: ["Files"] };
    fireEvent.dragOver(form, { dataTransfer });
    fireEvent.drop(form, { dataTransfer });
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(await screen.findAllByTestId("pending-attachment")).toHaveLength(1);
  });

  it("a photo with a badge code fills the form like a scan and is saved with the lead as its card photo", async () => {
    const scan = vi.spyOn(commands, "badgesScanImage");
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    const picker = await screen.findByTestId("badge-photo-input");
    expect(picker).toHaveAttribute("accept", "image/jpeg,image/png");
    expect(picker).toHaveAccessibleName("Read badge from photo");

    await user.upload(picker, badgePhoto(MECARD));

    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(scan).toHaveBeenCalledTimes(1);
    expect(input("name")).toHaveValue("Fang Wang");
    expect(input("title")).toHaveValue("Buyer");
    expect(input("email")).toHaveValue("fang.wang@example.cn");
    expect(screen.getByTestId("scan-note")).toHaveTextContent("Badge read as MECARD");
    const pending = await screen.findAllByTestId("pending-attachment");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toHaveAttribute("data-kind", "card");
    expect(screen.queryByTestId("badge-photo-none")).not.toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("save-lead"));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Fang Wang · 1 attachment");
    expect(create.mock.calls[0]![0]).toMatchObject({ source: "rep_scan", badge_raw: MECARD, badge_format: "mecard", draft: false });
    const lead = fake.leads[0]!;
    expect(fake.attachments.map((a) => [a.lead_id, a.kind, a.mime])).toEqual([[lead.id, "card", "image/png"]]);
    expect(screen.queryAllByTestId("pending-attachment")).toHaveLength(0);
  });

  it("a visitor already on the form is kept as a draft, with their photo, before the badge photo fills it", async () => {
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /name/i }), "Li Na");
    await user.upload(screen.getByTestId("photo-input"), new File([new Uint8Array(samplePng())], "li-na.png", { type: "image/png" }));

    await user.upload(screen.getByTestId("badge-photo-input"), badgePhoto(MECARD));

    await waitFor(() => expect(input("name")).toHaveValue("Fang Wang"));
    const draft = fake.leads.find((l) => l.name === "Li Na")!;
    expect(draft.status).toBe("draft");
    expect(fake.attachments.map((a) => [a.lead_id, a.kind])).toEqual([[draft.id, "card"]]);
    expect(screen.getByTestId("scan-previous")).toHaveTextContent("Previous visitor kept in drafts — Li Na");
    // only the badge photo is left, waiting for the new lead
    const pending = await screen.findAllByTestId("pending-attachment");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toHaveTextContent("badge.png");
  });

  it("a photo with no code says so, fills nothing and is still kept as a card photo", async () => {
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme Pumps");
    await user.type(input("name"), "Li Na");

    await user.upload(screen.getByTestId("badge-photo-input"), badgePhoto(undefined, "card.png"));

    expect(await screen.findByTestId("badge-photo-none")).toHaveTextContent("No badge code found in this photo — it was added as a card photo");
    const pending = screen.getAllByTestId("pending-attachment");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toHaveAttribute("data-kind", "card");
    expect(input("company")).toHaveValue("Acme Pumps");
    expect(screen.queryByTestId("scan-note")).not.toBeInTheDocument();
    expect(fake.leads).toHaveLength(0);

    await user.click(screen.getByTestId("save-lead"));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Li Na · 1 attachment");
    expect(fake.leads[0]).toMatchObject({ source: "manual", badge_raw: null });
    expect(fake.attachments.map((a) => a.kind)).toEqual(["card"]);
    expect(screen.queryByTestId("badge-photo-none")).not.toBeInTheDocument();
  });

  it("a file that is not a photo is refused with the reason, and nothing is added", async () => {
    const { user } = renderApp("/capture");
    const junk = new File([new TextEncoder().encode("just some notes")], "notes.png", { type: "image/png" });

    await user.upload(await screen.findByTestId("badge-photo-input"), junk);

    expect(await screen.findByTestId("badge-photo-error")).toHaveTextContent("This file is not a readable PNG or JPEG photo.");
    expect(screen.queryByTestId("pending-attachment")).not.toBeInTheDocument();
    expect(input("company")).toHaveValue("");

    // translated by its code, like the control and the no-code note
    await act(() => i18n.changeLanguage("zh-CN"));
    expect(screen.getByTestId("badge-photo-error")).toHaveTextContent("此文件不是可读取的 PNG 或 JPEG 照片。");
    expect(screen.getByTestId("badge-photo-input")).toHaveAccessibleName("从照片读取胸卡");
    await act(() => i18n.changeLanguage("fa"));
    expect(screen.getByTestId("badge-photo-error")).toHaveTextContent("این فایل یک عکس PNG یا JPEG خوانا نیست.");
    expect(screen.getByTestId("badge-photo-input")).toHaveAccessibleName("خواندن کارت از روی عکس");
  });
});
