import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { commands, fake, LeadTrackError, sampleEvent, samplePng, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const input = (name: string) => document.querySelector<HTMLInputElement>(`[data-lead-form] [name="${name}"]`)!;

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

describe("capture", () => {
  it("saving a complete lead calls leadsCreate with the typed fields and shows the saved banner", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");

    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme Pumps");
    await user.type(input("name"), "Wang Wei");
    await user.type(input("title"), "Buyer");
    await user.type(input("phone"), "138 0013 8000");
    await user.type(input("email"), "wang@acme.example");
    await user.type(input("country"), "cn");
    await user.click(screen.getByTestId("grade-A"));
    await user.click(screen.getByTestId("interest-pumps"));
    await user.type(input("new_interest"), "solar{Enter}");
    await user.type(input("key_needs"), "500 units before Q3");
    await user.selectOptions(input("next_action"), "send_quote");
    await user.click(screen.getByTestId("save-lead"));

    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith({
      event_id: sampleEvent.id,
      company: "Acme Pumps",
      name: "Wang Wei",
      title: "Buyer",
      phone: "138 0013 8000",
      email: "wang@acme.example",
      country: "CN",
      grade: "A",
      interests: ["pumps", "solar"],
      key_needs: "500 units before Q3",
      next_action: "send_quote",
      draft: false,
      source: "manual",
      badge_raw: null,
      badge_format: null,
      attendee_id: null,
    });
    const banner = await screen.findByTestId("saved-banner");
    expect(banner).toHaveTextContent("Saved — Wang Wei");
    expect(within(banner).getByRole("link", { name: "Open" })).toHaveAttribute("href", "/leads/lead-1");
  });

  it("clears the form and puts focus back on the first field after a save", async () => {
    const { user } = renderApp("/capture");
    const company = await screen.findByRole("textbox", { name: /company/i });
    await user.type(company, "Acme");
    await user.type(input("name"), "Li Na");
    await user.click(screen.getByTestId("grade-B"));
    await user.click(screen.getByTestId("save-lead"));

    await screen.findByTestId("saved-banner");
    expect(company).toHaveValue("");
    expect(input("name")).toHaveValue("");
    expect(screen.getByTestId("grade-B")).toHaveAttribute("aria-pressed", "false");
    expect(company).toHaveFocus();
  });

  it("Enter in a text field saves, and the banner names the company when there is no name", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    fake.reset({
      events: [{ ...sampleEvent, form: { ...sampleEvent.form, required: ["company"] } }],
      users: sampleUsers,
      eventId: sampleEvent.id,
      userId: "u-dylan",
    });
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Globex{Enter}");
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Globex");
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ company: "Globex", draft: false }));
  });

  it("Enter in the last field (next action) saves", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Umbrella");
    await user.type(input("name"), "Alice");
    await user.selectOptions(input("next_action"), "demo");
    input("next_action").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(create).toHaveBeenCalledWith(expect.objectContaining({ next_action: "demo", draft: false })));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Alice");
  });

  it("Ctrl+S saves and Ctrl+D saves a draft from any field", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Initech");
    await user.type(input("name"), "Peter");
    await user.keyboard("{Control>}s{/Control}");
    await screen.findByTestId("saved-banner");
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ name: "Peter", draft: false }));

    await user.type(input("key_needs"), "call back");
    await user.type(input("name"), "Milton");
    await user.keyboard("{Control>}d{/Control}");
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ name: "Milton", key_needs: "call back", draft: true }));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Draft saved — Milton");
  });

  it("save as draft sends draft: true even when required fields are missing", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /name/i }), "Only A Name");
    await user.click(screen.getByTestId("save-draft"));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0]![0]).toMatchObject({ name: "Only A Name", company: "", draft: true });
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Draft saved — Only A Name");
    expect(fake.leads[0]!.status).toBe("draft");
  });

  it("required-field errors from a validation error appear under the right inputs", async () => {
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /title/i }), "CTO");
    await user.type(input("email"), "not-an-email");
    await user.click(screen.getByTestId("save-lead"));

    const company = screen.getByRole("textbox", { name: /company/i });
    await waitFor(() => expect(company).toHaveAccessibleDescription("Company is required."));
    expect(input("name")).toHaveAccessibleDescription("Name is required.");
    expect(input("email")).toHaveAccessibleDescription("This email address is not complete (like name@company.com).");
    expect(input("title")).not.toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("saved-banner")).not.toBeInTheDocument();
    // the first field in error gets the focus so the rep can fix it at once
    expect(company).toHaveFocus();
  });

  it("an error code the UI does not know falls back to the backend's message", async () => {
    vi.spyOn(commands, "leadsCreate").mockRejectedValueOnce(
      new LeadTrackError("validation", "phone odd", [{ field: "phone", code: "brand_new_code", message: "The phone looks odd." }]),
    );
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /phone/i }), "12");
    await user.click(screen.getByTestId("save-lead"));
    await waitFor(() => expect(input("phone")).toHaveAccessibleDescription("The phone looks odd."));
  });

  it("a storage failure shows one red alert and keeps what was typed", async () => {
    vi.spyOn(commands, "leadsCreate").mockRejectedValueOnce(new LeadTrackError("storage", "disk full"));
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Hooli");
    await user.type(input("name"), "Gavin");
    await user.click(screen.getByTestId("save-lead"));
    expect(await screen.findByRole("alert")).toHaveTextContent(/database could not save/i);
    expect(input("company")).toHaveValue("Hooli");
  });

  it("grade buttons show their meanings and toggle with aria-pressed", async () => {
    const { user } = renderApp("/capture");
    const a = await screen.findByTestId("grade-A");
    expect(a).toHaveTextContent("Has budget, buys within 3–6 months — phone them");
    expect(screen.getByTestId("grade-B")).toHaveTextContent("Buys in 6–12 months");
    expect(screen.getByTestId("grade-C")).toHaveTextContent("About 2 years — send the catalogue");
    expect(screen.getByTestId("grade-D")).toHaveTextContent("No follow-up");
    expect(a).toHaveAttribute("aria-pressed", "false");
    await user.click(a);
    expect(a).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByTestId("grade-C"));
    expect(a).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("grade-C")).toHaveAttribute("aria-pressed", "true");
  });

  it("marks the show's required fields and offers its next actions plus none", async () => {
    renderApp("/capture");
    const company = await screen.findByRole("textbox", { name: /company/i });
    expect(document.querySelector(`label[for="${company.id}"]`)).toHaveTextContent("*");
    const title = input("title");
    expect(document.querySelector(`label[for="${title.id}"]`)).not.toHaveTextContent("*");
    const options = within(input("next_action") as unknown as HTMLElement).getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["None", "Send quote", "Demo", "Mail samples"]);
    expect(input("country")).toHaveAttribute("placeholder", "CN");
    expect(screen.queryByTestId("media-placeholder")).not.toBeInTheDocument();
    expect(screen.getByTestId("attachment-picker")).toBeInTheDocument();
  });
});

const photo = (name: string, bytes: Uint8Array = samplePng(), type = "image/png") => new File([new Uint8Array(bytes)], name, { type });
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

describe("capture: photos and voice memos", () => {
  it("a picked photo shows as a pending thumbnail and is uploaded with its kind after the lead is created", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const add = vi.spyOn(commands, "attachmentsAdd");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme");
    await user.type(input("name"), "李娜");

    const kind = screen.getByTestId("photo-kind");
    expect(kind).toHaveValue("card");
    await user.selectOptions(kind, "person");
    await user.upload(screen.getByTestId("photo-input"), photo("li-na.png"));
    await user.selectOptions(kind, "drawing");
    await user.upload(screen.getByTestId("photo-input"), photo("sketch.jpg", jpeg, "image/jpeg"));

    const pending = screen.getAllByTestId("pending-attachment");
    expect(pending).toHaveLength(2);
    expect(pending[0]).toHaveTextContent("Person · li-na.png");
    expect(pending[1]).toHaveTextContent("Drawing · sketch.jpg");
    const thumb = within(pending[0]!).getByRole("img", { name: "Person · li-na.png" });
    expect(thumb.getAttribute("src")).toMatch(/^blob:/);
    expect(fake.attachments).toEqual([]); // nothing is sent before the lead exists

    await user.click(screen.getByTestId("save-lead"));

    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — 李娜 · 2 attachments");
    const lead = fake.leads[0]!;
    expect(fake.attachments.map((a) => [a.lead_id, a.kind, a.mime, [...a.data]])).toEqual([
      [lead.id, "person", "image/png", [...samplePng()]],
      [lead.id, "drawing", "image/jpeg", [...jpeg]],
    ]);
    expect(create.mock.invocationCallOrder[0]!).toBeLessThan(add.mock.invocationCallOrder[0]!);
    // cleared together with the form, ready for the next visitor
    expect(screen.queryAllByTestId("pending-attachment")).toHaveLength(0);
    expect(input("name")).toHaveValue("");
  });

  it("shows the upload's progress, one item after another", async () => {
    const real = commands.attachmentsAdd;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    vi.spyOn(commands, "attachmentsAdd").mockImplementation(async (...args) => {
      await gate;
      return real(...args);
    });
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme");
    await user.type(input("name"), "Li Na");
    await user.upload(screen.getByTestId("photo-input"), [photo("a.png"), photo("b.png")]);
    await user.click(screen.getByTestId("save-lead"));

    expect(await screen.findByTestId("upload-progress")).toHaveTextContent("Saving photos 1/2");
    expect(screen.getByTestId("photo-input")).toBeDisabled();
    release();
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Li Na · 2 attachments");
    expect(screen.queryByTestId("upload-progress")).not.toBeInTheDocument();
  });

  it("a refused upload (a text file renamed .png) shows the translated reason and keeps the item; the lead stays saved", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const update = vi.spyOn(commands, "leadsUpdate");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme");
    await user.type(input("name"), "Li Na");
    await user.upload(screen.getByTestId("photo-input"), [photo("notes.png", new TextEncoder().encode("just some notes"))]);
    await user.click(screen.getByTestId("save-lead"));

    const item = await screen.findByTestId("pending-attachment");
    expect(await within(item).findByTestId("pending-error")).toHaveTextContent(
      "This file is not a JPEG, PNG or WebP photo or a WebM, Ogg, MP4 or WAV recording.",
    );
    expect(screen.getByTestId("upload-failed")).toHaveTextContent("1 attachment was not saved");
    expect(screen.getByTestId("upload-failed")).toHaveTextContent("The lead itself is saved.");
    // the lead is safe, and the form stays on it with the item that failed
    expect(fake.leads).toHaveLength(1);
    expect(screen.getByTestId("saved-banner")).toHaveTextContent("Saved — Li Na");
    expect(input("name")).toHaveValue("Li Na");
    expect(fake.attachments).toEqual([]);

    // translated by its code, in the reader's language
    await act(() => i18n.changeLanguage("zh-CN"));
    expect(within(item).getByTestId("pending-error")).toHaveTextContent("此文件不是 JPEG、PNG 或 WebP 照片，也不是 WebM、Ogg、MP4 或 WAV 录音。");
    await act(() => i18n.changeLanguage("en"));

    // saving again updates the same lead instead of making a second one
    await user.click(screen.getByTestId("save-lead"));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update.mock.calls[0]![0]).toBe(fake.leads[0]!.id);
    expect(create).toHaveBeenCalledTimes(1);
    expect(fake.leads).toHaveLength(1);
    expect(await within(screen.getByTestId("pending-attachment")).findByTestId("pending-error")).toBeInTheDocument();

    // removing the failed item finishes this lead: the form is ready for the next one
    await user.click(screen.getByRole("button", { name: "Remove Business card · notes.png" }));
    await waitFor(() => expect(input("name")).toHaveValue(""));
    expect(screen.queryByTestId("pending-attachment")).not.toBeInTheDocument();
  });

  it("Retry sends what failed to the saved lead; items that went through are not sent twice", async () => {
    const real = commands.attachmentsAdd;
    const add = vi
      .spyOn(commands, "attachmentsAdd")
      .mockImplementationOnce(real)
      .mockRejectedValueOnce(new LeadTrackError("storage", "disk full"));
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme");
    await user.type(input("name"), "Li Na");
    await user.upload(screen.getByTestId("photo-input"), [photo("one.png"), photo("two.jpg", jpeg, "image/jpeg")]);
    await user.click(screen.getByTestId("save-lead"));

    const failed = await screen.findByTestId("pending-attachment");
    expect(failed).toHaveTextContent("two.jpg");
    expect(within(failed).getByTestId("pending-error")).toHaveTextContent("The database could not save this. Nothing was lost; try again.");
    expect(screen.getByTestId("saved-banner")).toHaveTextContent("Saved — Li Na · 1 attachment");

    await user.click(screen.getByTestId("retry-uploads"));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Li Na · 2 attachments");
    await waitFor(() => expect(screen.queryByTestId("pending-attachment")).not.toBeInTheDocument());
    expect(input("name")).toHaveValue("");
    expect(add).toHaveBeenCalledTimes(3);
    const lead = fake.leads[0]!;
    expect(fake.attachments.map((a) => [a.lead_id, a.mime])).toEqual([
      [lead.id, "image/png"],
      [lead.id, "image/jpeg"],
    ]);
  });

  it("removing a pending photo drops it and revokes its object URL", async () => {
    const revoke = vi.spyOn(URL, "revokeObjectURL");
    const { user } = renderApp("/capture");
    await user.upload(await screen.findByTestId("photo-input"), photo("card.png"));
    const url = within(screen.getByTestId("pending-attachment")).getByRole("img").getAttribute("src");
    expect(url).toMatch(/^blob:/);
    await user.click(screen.getByRole("button", { name: "Remove Business card · card.png" }));
    expect(screen.queryByTestId("pending-attachment")).not.toBeInTheDocument();
    expect(revoke).toHaveBeenCalledWith(url);
  });

  it("the voice memo button is disabled and says why when this computer cannot record", async () => {
    expect(window.MediaRecorder).toBeUndefined(); // jsdom has none
    renderApp("/capture");
    const record = await screen.findByTestId("record-voice");
    expect(record).toBeDisabled();
    expect(record).toHaveAccessibleDescription("This computer has no microphone or cannot record.");
    expect(screen.getByTestId("voice-unsupported")).toHaveTextContent("This computer has no microphone or cannot record.");
  });

  it("the file input is a real, displayed control (not hidden) that takes photos from the camera", async () => {
    renderApp("/capture");
    const file = await screen.findByTestId("photo-input");
    expect(file).toHaveAttribute("type", "file");
    expect(file).toHaveAttribute("accept", "image/jpeg,image/png,image/webp");
    expect(file).toHaveAttribute("multiple");
    expect(file).toHaveAttribute("capture", "environment");
    expect(file).not.toHaveAttribute("hidden");
    expect(file).toHaveAccessibleName("Add photo: Business card");
    expect(file).not.toHaveStyle({ display: "none" });
    expect(file).toHaveClass("file-pick-input"); // opacity 0 over the visible button (styles.css)
  });
});
