import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, makeLead, sampleEvent, samplePng, sampleUsers, sampleWebm } from "../../ipc/fake";
import { recordInteraction } from "../../ipc/fakeInteractions";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

beforeEach(() => {
  fake.reset({
    events: [sampleEvent],
    users: sampleUsers,
    eventId: sampleEvent.id,
    userId: "u-lisa",
    leads: [makeLead({ id: "l-1", badge_raw: "BEGIN:VCARD\nFN:Wang Wei\nEND:VCARD", badge_format: "vcard" })],
  });
});

describe("lead detail", () => {
  it("shows every field read-only, the grade's meaning, the E.164 phone and the raw badge", async () => {
    renderApp("/leads/l-1");
    expect(await screen.findByTestId("lead-detail-name")).toHaveTextContent("Wang Wei");
    expect(screen.getAllByText("Acme Pumps", { exact: false }).length).toBeGreaterThan(0);
    expect(screen.getByTestId("lead-detail-grade")).toHaveTextContent("Has budget, buys within 3–6 months — phone them");
    expect(screen.getByTestId("lead-detail-phone")).toHaveTextContent("138 0013 8000");
    expect(screen.getByTestId("lead-detail-phone")).toHaveTextContent("International: +8613800138000");
    expect(screen.getByText("Send quote")).toBeInTheDocument();
    const raw = screen.getByTestId("badge-raw");
    expect(raw.tagName).toBe("PRE");
    expect(raw.textContent).toBe("BEGIN:VCARD\nFN:Wang Wei\nEND:VCARD");
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
  });

  it("Edit shows the capture form pre-filled and saves with leadsUpdate", async () => {
    const update = vi.spyOn(commands, "leadsUpdate");
    const { user } = renderApp("/leads/l-1");
    await user.click(await screen.findByTestId("edit-lead"));
    expect(screen.getByRole("textbox", { name: /company/i })).toHaveValue("Acme Pumps");
    expect(screen.getByTestId("grade-A")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("interest-pumps")).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByTestId("save-draft")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("grade-B"));
    await user.clear(screen.getByRole("textbox", { name: /key needs/i }));
    await user.type(screen.getByRole("textbox", { name: /key needs/i }), "Budget moved to next year");
    await user.click(screen.getByTestId("save-lead"));

    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        "l-1",
        expect.objectContaining({ grade: "B", key_needs: "Budget moved to next year", draft: false, badge_raw: "BEGIN:VCARD\nFN:Wang Wei\nEND:VCARD", badge_format: "vcard" }),
      ),
    );
    // back to read-only, showing the saved values
    expect(await screen.findByTestId("edit-lead")).toBeInTheDocument();
    expect(screen.getByTestId("lead-detail-grade")).toHaveTextContent("Buys in 6–12 months");
  });

  it("says when a lead has no activity yet", async () => {
    renderApp("/leads/l-1");
    expect(await within(await screen.findByTestId("lead-activity")).findByText(/Nothing yet/)).toBeInTheDocument();
  });

  it("shows the lead's activity newest first with who and when, as text", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa", leads: [makeLead({ id: "l-2" })] });
    const lisa = { id: "u-lisa", name: "Lisa" };
    recordInteraction("l-2", "material_shown", "Pump brochure 2026", {}, lisa, Date.UTC(2026, 3, 15, 10, 0));
    recordInteraction("l-2", "quote", "<b>Quote</b> Q-7: USD 1,200–1,500", {}, lisa, Date.UTC(2026, 3, 15, 11, 0));
    recordInteraction("l-other", "call", "Someone else's call", {}, lisa);
    renderApp("/leads/l-2");
    const rows = await within(await screen.findByTestId("lead-activity")).findAllByTestId("activity-row");
    expect(rows.map((r) => r.getAttribute("data-kind"))).toEqual(["quote", "material_shown"]);
    expect(within(rows[0]!).getByTestId("activity-summary").textContent).toBe("<b>Quote</b> Q-7: USD 1,200–1,500");
    expect(rows[0]).toHaveTextContent("Quote");
    expect(rows[1]).toHaveTextContent("Material shown");
    expect(rows[1]).toHaveTextContent("Lisa");
  });

  it("lists versions newest first with author, and what changed, expandable to that version's values", async () => {
    const { user } = renderApp("/leads/l-1");
    await user.click(await screen.findByTestId("edit-lead"));
    await user.click(screen.getByTestId("grade-C"));
    await user.type(screen.getByRole("textbox", { name: /key needs/i }), " (maybe)");
    await user.click(screen.getByTestId("save-lead"));

    await waitFor(() => expect(screen.getAllByTestId("version-row")).toHaveLength(2));
    const [newest, oldest] = screen.getAllByTestId("version-row");
    expect(newest).toHaveTextContent("Version 2");
    expect(newest).toHaveTextContent("Lisa");
    expect(within(newest!).getByTestId("version-changed")).toHaveTextContent("Changed: Grade and Key needs");
    expect(oldest).toHaveTextContent("Version 1");
    expect(oldest).toHaveTextContent("Dylan");
    expect(within(oldest!).getByTestId("version-changed")).toHaveTextContent("Created");

    const toggle = within(oldest!).getByRole("button", { name: "Show values" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const values = within(oldest!).getByTestId("version-values");
    expect(values).toHaveTextContent("Needs 500 units before Q3");
    expect(within(values).getByTestId("lead-detail-grade")).toHaveTextContent("A · Hot");
  });

  it("says so when the lead does not exist", async () => {
    renderApp("/leads/nope");
    expect(await screen.findByText("This lead does not exist or is not yours to see.")).toBeInTheDocument();
  });
});

describe("lead detail: photos and voice memos", () => {
  it("shows a stored photo as an image and a voice memo as a player, each with its kind and time", async () => {
    await fake.seedAttachment("l-1", "card", samplePng());
    await fake.seedAttachment("l-1", "voice", sampleWebm());
    renderApp("/leads/l-1");
    const section = await screen.findByTestId("attachments");
    await waitFor(() => expect(within(section).getAllByTestId("attachment")).toHaveLength(2));
    const [card, memo] = within(section).getAllByTestId("attachment");

    const img = await within(card!).findByRole("img", { name: "Business card" });
    expect(img.getAttribute("src")).toMatch(/^blob:/);
    expect(card).toHaveTextContent("Business card");
    expect(card).toHaveTextContent(/2026/);

    await waitFor(() => expect(memo!.querySelector("audio")).not.toBeNull());
    const audio = memo!.querySelector("audio")!;
    expect(audio).toHaveAttribute("controls");
    expect(audio.getAttribute("src")).toMatch(/^blob:/);
    expect(memo).toHaveTextContent("Voice memo");
    expect(within(memo!).queryByRole("img")).not.toBeInTheDocument();
  });

  it("the photo's blob holds the stored bytes with the stored type", async () => {
    const made: Blob[] = [];
    const create = URL.createObjectURL.bind(URL);
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob: Blob | MediaSource) => {
      made.push(blob as Blob);
      return create(blob);
    });
    await fake.seedAttachment("l-1", "person", samplePng());
    renderApp("/leads/l-1");
    await within(await screen.findByTestId("attachments")).findByRole("img", { name: "Person" });
    const blob = made.at(-1)!;
    expect(blob.type).toBe("image/png");
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([...samplePng()]);
  });

  it("clicking a photo opens it large in a dialog", async () => {
    await fake.seedAttachment("l-1", "drawing", samplePng());
    const { user } = renderApp("/leads/l-1");
    await user.click(await screen.findByRole("button", { name: "Show larger: Drawing" }));
    const dialog = await screen.findByRole("dialog");
    const large = within(dialog).getByTestId("attachment-large");
    expect(large.tagName).toBe("IMG");
    expect(large.getAttribute("src")).toMatch(/^blob:/);
  });

  it("a damaged file says so in its own card instead of showing a broken image", async () => {
    const good = await fake.seedAttachment("l-1", "card", samplePng());
    const bad = await fake.seedAttachment("l-1", "person", new Uint8Array([0xff, 0xd8, 0xff, 0xe1]));
    fake.damageAttachment(bad.id);
    renderApp("/leads/l-1");
    const section = await screen.findByTestId("attachments");
    expect(await within(section).findByTestId("attachment-damaged")).toHaveTextContent(
      "This file cannot be shown: it is missing or damaged on this computer.",
    );
    const [first, second] = within(section).getAllByTestId("attachment");
    expect(await within(first!).findByRole("img")).toBeInTheDocument();
    expect(within(second!).queryByRole("img")).not.toBeInTheDocument();
    expect(good.id).not.toBe(bad.id);
  });

  it("says so when the lead has none yet", async () => {
    renderApp("/leads/l-1");
    expect(await screen.findByTestId("attachments-empty")).toHaveTextContent("No photos or voice memos yet.");
  });

  it("a photo added on the detail page is saved at once and appears in the list", async () => {
    const { user } = renderApp("/leads/l-1");
    const section = await screen.findByTestId("attachments");
    await user.selectOptions(within(section).getByTestId("photo-kind"), "person");
    await user.upload(within(section).getByTestId("photo-input"), new File([new Uint8Array(samplePng())], "wang.png", { type: "image/png" }));

    await waitFor(() => expect(within(section).getAllByTestId("attachment")).toHaveLength(1));
    expect(await within(section).findByRole("img", { name: "Person" })).toBeInTheDocument();
    expect(within(section).queryByTestId("pending-attachment")).not.toBeInTheDocument();
    expect(fake.attachments.map((a) => [a.lead_id, a.kind])).toEqual([["l-1", "person"]]);
  });

  it("a refused photo on the detail page stays pending with the reason", async () => {
    const { user } = renderApp("/leads/l-1");
    const section = await screen.findByTestId("attachments");
    await user.upload(within(section).getByTestId("photo-input"), new File(["hello"], "fake.png", { type: "image/png" }));
    const item = await within(section).findByTestId("pending-attachment");
    expect(await within(item).findByTestId("pending-error")).toHaveTextContent("This file is not a JPEG, PNG or WebP photo");
    expect(within(section).getByTestId("retry-uploads")).toBeInTheDocument();
    expect(fake.attachments).toEqual([]);
  });

  it("editing with a new photo saves the lead, then the photo, and closes the form", async () => {
    const { user } = renderApp("/leads/l-1");
    await user.click(await screen.findByTestId("edit-lead"));
    // while editing, photos go with Save (the form's own picker)
    const form = screen.getByTestId("lead-form");
    expect(within(screen.getByTestId("attachments")).queryByTestId("attachment-picker")).not.toBeInTheDocument();
    await user.upload(within(form).getByTestId("photo-input"), new File([new Uint8Array(samplePng())], "card.png", { type: "image/png" }));
    await user.click(screen.getByTestId("save-lead"));

    expect(await screen.findByTestId("edit-lead")).toBeInTheDocument();
    expect(fake.attachments.map((a) => [a.lead_id, a.kind])).toEqual([["l-1", "card"]]);
    await waitFor(() => expect(within(screen.getByTestId("attachments")).getAllByTestId("attachment")).toHaveLength(1));
    expect(fake.leads[0]!.version).toBe(2);
  });
});
