import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import en from "../../i18n/en.json";
import fa from "../../i18n/fa.json";
import i18n from "../../i18n";
import zhCN from "../../i18n/zh-CN.json";
import { commands, fake, makeLead, sampleEvent, samplePng, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";
import { blurAll, pressKeys, scanBadge, typeSlowly } from "../../test/scanner";
import { STORAGE_KEY } from "./settings";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const MECARD = "MECARD:N:Wang,Fang;ORG:Huaqiang Lighting;TITLE:Buyer;TEL:+8613800138000;EMAIL:fang.wang@example.cn;;";
const MECARD_2 = "MECARD:UID:187WCI5;N:Barbara Moore;ORG:Uber;TEL:+336093838383;;";
const VCARD = [
  "BEGIN:VCARD",
  "VERSION:3.0",
  "N:Smith;Mary",
  "FN:Mary Smith",
  "ORG:TechCorp;Sales",
  "TITLE:Director",
  "TEL;WORK;VOICE:(123) 456-7890",
  "EMAIL;WORK:mary@techcorp.example",
  "END:VCARD",
].join("\n");

const input = (name: string) => document.querySelector<HTMLInputElement>(`[data-lead-form] [name="${name}"]`)!;

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("handheld scanner", () => {
  it("a fast burst with no field focused, on any screen, fills the capture form and saves as a rep scan", async () => {
    const parse = vi.spyOn(commands, "badgesParse");
    const create = vi.spyOn(commands, "leadsCreate");
    const { user, router } = renderApp("/leads", { scanner: true });
    await screen.findByTestId("lead-search");
    blurAll();

    // WebDriver's send_keys types a few ms a key: 15 ms apart must still be a scanner.
    await scanBadge(`${MECARD}\n`, 15);

    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledWith(MECARD);
    expect(screen.getByTestId("scan-flash")).toHaveTextContent("Badge scanned");
    await waitFor(() => expect(router.state.location.pathname).toBe("/capture"));
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(input("name")).toHaveValue("Fang Wang");
    expect(input("title")).toHaveValue("Buyer");
    expect(input("phone")).toHaveValue("+8613800138000");
    expect(input("email")).toHaveValue("fang.wang@example.cn");
    expect(input("country")).toHaveValue("");
    expect(screen.getByTestId("scan-note")).toHaveTextContent("Badge read as MECARD");
    expect(create).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("grade-B"));
    await user.click(screen.getByTestId("save-lead"));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0]![0]).toMatchObject({
      company: "Huaqiang Lighting",
      name: "Fang Wang",
      grade: "B",
      draft: false,
      source: "rep_scan",
      badge_raw: MECARD,
      badge_format: "mecard",
    });
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Fang Wang");
    expect(fake.leads[0]).toMatchObject({ source: "rep_scan", badge_raw: MECARD, badge_format: "mecard" });
    // ready for the next visitor: the note goes with the saved lead
    expect(screen.queryByTestId("scan-note")).not.toBeInTheDocument();
    expect(input("company")).toHaveValue("");
  });

  it("slow typing of the same text is not a scan, on the page or in a field", async () => {
    const parse = vi.spyOn(commands, "badgesParse");
    const { router } = renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    blurAll();
    await typeSlowly(`${MECARD}\n`);
    expect(parse).not.toHaveBeenCalled();
    expect(screen.queryByTestId("scan-flash")).not.toBeInTheDocument();

    input("key_needs").focus();
    await typeSlowly("MECARD:N:Wang,Fang;;\n");
    expect(input("key_needs")).toHaveValue("MECARD:N:Wang,Fang;;\n");
    expect(parse).not.toHaveBeenCalled();
    expect(router.state.location.pathname).toBe("/capture");
  });

  it("fast typing into a field without the terminator (WebDriver, autofill) stays typed and is not a scan", async () => {
    const parse = vi.spyOn(commands, "badgesParse");
    renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    input("email").focus();
    await scanBadge("li.na@mingliang.example.cn", 3);
    expect(input("email")).toHaveValue("li.na@mingliang.example.cn");
    expect(parse).not.toHaveBeenCalled();
  });

  it("a burst into the focused company field is taken out of it again, does not submit, and fills the form", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    const company = input("company");
    company.focus();

    const events = pressKeys(`${MECARD}\n`, 8);
    // while the burst runs, the field gets the characters like any typing…
    expect(company.value.startsWith("MECARD:N:")).toBe(true);
    // …but the Enter at its end never reaches the form
    expect(events.at(-1)!.defaultPrevented).toBe(true);
    await act(() => new Promise((r) => setTimeout(r, 100)));

    await waitFor(() => expect(company).toHaveValue("Huaqiang Lighting"));
    expect(input("name")).toHaveValue("Fang Wang");
    expect(company).toHaveFocus();
    expect(create).not.toHaveBeenCalled();
    expect(screen.queryByTestId("error-alert")).not.toBeInTheDocument();
  });

  it("a burst into a field the badge does not fill leaves that field as it was", async () => {
    const { user } = renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    await user.click(screen.getByTestId("grade-A"));
    const needs = input("key_needs") as unknown as HTMLTextAreaElement;
    needs.focus();
    await scanBadge(`${MECARD_2}\n`);
    await waitFor(() => expect(input("company")).toHaveValue("Uber"));
    expect(needs).toHaveValue("");
    // nothing identified a visitor before the scan: the grade chosen for this one stays
    expect(screen.getByTestId("grade-A")).toHaveAttribute("aria-pressed", "true");
    expect(fake.leads).toEqual([]);
  });

  it("the prefix and suffix from the settings are required and stripped", async () => {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ prefix: "]Q", suffix: "#" }));
    const parse = vi.spyOn(commands, "badgesParse");
    renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    blurAll();

    await scanBadge(`${MECARD}\n`);
    await scanBadge(`]Q${MECARD}\n`);
    await scanBadge(`${MECARD}#\n`);
    expect(parse).not.toHaveBeenCalled();
    expect(screen.queryByTestId("scan-flash")).not.toBeInTheDocument();

    await scanBadge(`]Q${MECARD}#\n`);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledWith(MECARD);
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
  });

  it("a vCard burst with Enters inside is one payload with its newlines", async () => {
    const parse = vi.spyOn(commands, "badgesParse");
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    input("name").focus();

    await scanBadge(`${VCARD}\n`, 4);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledWith(VCARD);
    await waitFor(() => expect(input("name")).toHaveValue("Mary Smith"));
    expect(input("company")).toHaveValue("TechCorp");
    expect(input("title")).toHaveValue("Director");
    expect(input("phone")).toHaveValue("(123) 456-7890");
    expect(input("email")).toHaveValue("mary@techcorp.example");
    expect(screen.getByTestId("scan-note")).toHaveTextContent("Badge read as vCard");
    expect(create).not.toHaveBeenCalled(); // none of the Enters submitted the form

    await user.click(screen.getByTestId("save-lead"));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0]![0]).toMatchObject({ source: "rep_scan", badge_format: "vcard", badge_raw: VCARD });
  });

  it("scanning with a half-filled form keeps that visitor, with its photo, as a draft and fills the new badge", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture", { scanner: true });
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme Pumps");
    await user.type(input("name"), "Li Na");
    await user.type(input("key_needs"), "500 pumps");
    await user.click(screen.getByTestId("grade-A"));
    await user.upload(screen.getByTestId("photo-input"), new File([new Uint8Array(samplePng())], "card.png", { type: "image/png" }));
    blurAll();

    await scanBadge(`${MECARD}\n`);

    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![0]).toMatchObject({
      company: "Acme Pumps",
      name: "Li Na",
      key_needs: "500 pumps",
      grade: "A",
      draft: true,
      source: "manual",
      badge_raw: null,
    });
    const draft = fake.leads[0]!;
    expect(draft.status).toBe("draft");
    expect(fake.attachments.map((a) => [a.lead_id, a.kind])).toEqual([[draft.id, "card"]]);

    // the form is the new visitor's, and says where the previous one went
    expect(input("name")).toHaveValue("Fang Wang");
    expect(input("key_needs")).toHaveValue("");
    expect(screen.getByTestId("grade-A")).toHaveAttribute("aria-pressed", "false");
    expect(screen.queryAllByTestId("pending-attachment")).toHaveLength(0);
    const previous = screen.getByTestId("scan-previous");
    expect(previous).toHaveTextContent("Previous visitor kept in drafts — Li Na");
    expect(within(previous).getByRole("link", { name: "Open" })).toHaveAttribute("href", `/leads/${draft.id}`);
    await waitFor(() => expect(screen.getByTestId("drafts-count")).toHaveTextContent("1"));
  });

  it("if the previous visitor's photo cannot be saved with its draft, the badge waits until the rep decides", async () => {
    const { user } = renderApp("/capture", { scanner: true });
    await user.type(await screen.findByRole("textbox", { name: /name/i }), "Li Na");
    await user.upload(screen.getByTestId("photo-input"), new File([new TextEncoder().encode("just some notes")], "notes.png", { type: "image/png" }));
    blurAll();

    await scanBadge(`${MECARD}\n`);

    expect(await screen.findByTestId("upload-failed")).toHaveTextContent("The lead itself is saved.");
    expect(screen.getByTestId("scan-waiting")).toHaveTextContent("Retry the attachments below or start the next lead without them");
    expect(fake.leads).toMatchObject([{ name: "Li Na", status: "draft" }]);
    expect(input("name")).toHaveValue("Li Na");

    await user.click(screen.getByTestId("next-lead"));
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(input("name")).toHaveValue("Fang Wang");
    expect(fake.leads).toHaveLength(1);
    expect(screen.queryByTestId("pending-attachment")).not.toBeInTheDocument();
  });

  it("two badges in a row: the first visitor becomes a draft with its badge", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    renderApp("/leads", { scanner: true });
    await screen.findByTestId("lead-search");
    blurAll();
    await scanBadge(`${MECARD}\n`);
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    blurAll();
    await scanBadge(`${MECARD_2}\n`);
    await waitFor(() => expect(input("company")).toHaveValue("Uber"));
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![0]).toMatchObject({ company: "Huaqiang Lighting", draft: true, source: "rep_scan", badge_raw: MECARD, badge_format: "mecard" });
    expect(input("name")).toHaveValue("Barbara Moore");
    expect(screen.getByTestId("scan-previous")).toHaveTextContent("Previous visitor kept in drafts — Fang Wang");
  });

  it("a badge scanned twice at the show opens the first lead the second time and creates no second lead", async () => {
    const find = vi.spyOn(commands, "leadsFindByBadge");
    const create = vi.spyOn(commands, "leadsCreate");
    const { user, router } = renderApp("/capture", { scanner: true });
    await screen.findByRole("textbox", { name: /company/i });
    blurAll();
    await scanBadge(`${MECARD}\n`);
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    await user.click(screen.getByTestId("save-lead"));
    await screen.findByTestId("saved-banner");
    const first = fake.leads[0]!;
    expect(first).toMatchObject({ badge_raw: MECARD, status: "new" });

    blurAll();
    await scanBadge(`${MECARD}\n`);

    await waitFor(() => expect(router.state.location.pathname).toBe(`/leads/${first.id}`));
    expect(find).toHaveBeenLastCalledWith(sampleEvent.id, MECARD);
    expect(await screen.findByText(/^Already captured by Dylan at .+ — opened it$/)).toBeInTheDocument();
    expect(await screen.findByTestId("lead-detail-name")).toHaveTextContent("Fang Wang");
    expect(create).toHaveBeenCalledTimes(1);
    expect(fake.leads).toHaveLength(1);
  });

  it("when the visitor on the form cannot be kept as a draft, the badge waits and nothing is lost", async () => {
    const { user } = renderApp("/capture", { scanner: true });
    await user.type(await screen.findByRole("textbox", { name: /name/i }), "Li Na");
    await user.type(input("email"), "li.na@");
    blurAll();

    await scanBadge(`${MECARD}\n`);

    const note = await screen.findByTestId("scan-waiting");
    expect(note).toHaveTextContent("could not be kept as a draft");
    await waitFor(() => expect(input("email")).toHaveAccessibleDescription("This email address is not complete (like name@company.com)."));
    expect(input("name")).toHaveValue("Li Na");
    expect(fake.leads).toEqual([]);

    await user.type(input("email"), "acme.example");
    await user.click(screen.getByTestId("scan-retry"));
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(fake.leads).toMatchObject([{ name: "Li Na", email: "li.na@acme.example", status: "draft" }]);
    expect(screen.queryByTestId("scan-waiting")).not.toBeInTheDocument();
  });

  it("an id-only badge not on the attendee list is saved with its raw payload, waiting to be reconciled", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/drafts", { scanner: true });
    await screen.findByText("Drafts", { selector: "h2" });
    blurAll();

    await scanBadge("000012345\n");

    const note = await screen.findByTestId("scan-note");
    expect(note).toHaveTextContent("Badge id 000012345 is not on the attendee list yet");
    expect(note).toHaveTextContent("Badge id only");
    expect(input("company")).toHaveValue("");
    expect(input("name")).toHaveValue("");

    // The show requires a name, but the attendee list will bring it: Save keeps the badge.
    await user.click(screen.getByTestId("save-lead"));
    await waitFor(() => expect(fake.leads).toHaveLength(1));
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ draft: false, source: "rep_scan", badge_raw: "000012345", badge_format: "bare_id", attendee_id: "000012345" }));
    expect(fake.leads[0]).toMatchObject({ status: "new", badge_raw: "000012345", to_reconcile: true });
  });

  it("shows the badge reader's warnings in the note, as text", async () => {
    renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    blurAll();
    await scanBadge("BEGIN:VCARD\nFN:<b>Bold</b> Name\nORG:Acme\n");
    const warnings = await screen.findByTestId("scan-warnings");
    expect(warnings).toHaveTextContent("the vCard has no END:VCARD line; it may have been cut off");
    expect(input("name")).toHaveValue("<b>Bold</b> Name");
    expect(document.querySelector("[data-lead-form] b")).toBeNull();
  });

  it("a lead being edited is neither overwritten nor abandoned: the scan waits until the edit is saved or cancelled", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan", leads: [makeLead({ id: "l-1" })] });
    const update = vi.spyOn(commands, "leadsUpdate");
    const { user, router } = renderApp("/leads/l-1", { scanner: true });
    await user.click(await screen.findByTestId("edit-lead"));
    expect(screen.getByRole("textbox", { name: /company/i })).toHaveValue("Acme Pumps");
    blurAll();

    await scanBadge(`${MECARD}\n`);

    expect(await screen.findByTestId("scan-held")).toHaveTextContent("A scanned badge is waiting");
    expect(router.state.location.pathname).toBe("/leads/l-1");
    expect(input("company")).toHaveValue("Acme Pumps");
    await user.click(screen.getByTestId("cancel-edit"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/capture"));
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    expect(update).not.toHaveBeenCalled();
    expect(fake.leads).toMatchObject([{ id: "l-1", company: "Acme Pumps", version: 1 }]);
  });

  it("beeps with a Web Audio oscillator (no audio file)", async () => {
    const started: number[] = [];
    class FakeAudioContext {
      state = "running";
      currentTime = 1;
      destination = {};
      createOscillator() {
        return { type: "", frequency: { setValueAtTime: vi.fn() }, connect: vi.fn(), disconnect: vi.fn(), start: (t: number) => started.push(t), stop: vi.fn(), onended: null };
      }
      createGain() {
        return { gain: { setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() }, connect: vi.fn(), disconnect: vi.fn() };
      }
      resume() {
        return Promise.resolve();
      }
    }
    vi.stubGlobal("AudioContext", FakeAudioContext);
    renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    blurAll();
    await scanBadge(`${MECARD}\n`);
    expect(started).toEqual([1]);
  });

  it("the detector is off when the app is told so", async () => {
    const parse = vi.spyOn(commands, "badgesParse");
    renderApp("/capture");
    await screen.findByTestId("save-lead");
    blurAll();
    await scanBadge(`${MECARD}\n`);
    expect(parse).not.toHaveBeenCalled();
  });
});

describe("settings: badge scanner", () => {
  it("is in the nav above the coming-soon group and keeps its five settings on this computer", async () => {
    const { user } = renderApp("/capture", { scanner: true });
    const nav = await screen.findByTestId("nav-settings");
    const all = [...document.querySelectorAll<HTMLElement>("nav a[data-testid^='nav-']")].map((a) => a.dataset.testid);
    expect(all.indexOf("nav-settings")).toBeLessThan(all.indexOf("nav-kiosk"));
    expect(all.indexOf("nav-settings")).toBeGreaterThan(all.indexOf("nav-new-show"));
    await user.click(nav);

    const section = await screen.findByTestId("scanner-settings");
    const field = (name: string) => section.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    expect(field("terminator").tagName).toBe("SELECT");
    expect(field("terminator")).toHaveValue("Enter");
    expect(field("max_gap_ms")).toHaveValue(40);
    expect(field("min_length")).toHaveValue(4);
    expect(field("max_gap_ms")).toHaveAccessibleDescription(/Default 40\./);
    expect(field("min_length")).toHaveAccessibleDescription(/Default 4\./);

    await user.type(field("prefix"), "]Q");
    await user.type(field("suffix"), "#");
    await user.selectOptions(field("terminator"), "Tab");
    await user.clear(field("max_gap_ms"));
    await user.type(field("max_gap_ms"), "60");
    await user.clear(field("min_length"));
    await user.type(field("min_length"), "1");
    expect(field("min_length")).toHaveAccessibleDescription(/Use a whole number from 2 to 200\./);

    expect(JSON.parse(window.localStorage.getItem(STORAGE_KEY)!)).toEqual({ prefix: "]Q", suffix: "#", terminator: "Tab", max_gap_ms: 60, min_length: 4 });

    await user.click(screen.getByTestId("scanner-defaults"));
    expect(JSON.parse(window.localStorage.getItem(STORAGE_KEY)!)).toEqual({ prefix: "", suffix: "", terminator: "Enter", max_gap_ms: 40, min_length: 4 });
    expect(field("prefix")).toHaveValue("");
    expect(field("max_gap_ms")).toHaveValue(40);
  });

  it("the test area shows the last scan's raw text, format and fields without creating a lead", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const parse = vi.spyOn(commands, "badgesParse");
    const { router, user } = renderApp("/settings", { scanner: true });
    const result = await screen.findByTestId("scanner-test-result");
    expect(result).toHaveTextContent("Waiting for a scan…");
    blurAll();

    const payload = "MECARD:CONF:2WBCTIXLFURQT;N:Smith,Mary;EMAIL:mary@email.com;TITLE:<i>Director</i>;ORG:TechCorp;;";
    await scanBadge(`${payload}\n`);

    await waitFor(() => expect(screen.getByTestId("scanner-test-format")).toHaveTextContent("MECARD"));
    expect(parse).toHaveBeenCalledWith(payload);
    const raw = screen.getByTestId("scanner-test-raw");
    expect(raw.tagName).toBe("PRE");
    expect(raw.textContent).toBe(payload);
    const fields = screen.getByTestId("scanner-test-fields");
    expect(fields).toHaveTextContent("Attendee id2WBCTIXLFURQT");
    expect(fields).toHaveTextContent("NameMary Smith");
    expect(fields).toHaveTextContent("CompanyTechCorp");
    expect(fields).toHaveTextContent("Job title<i>Director</i>");
    expect(result.querySelector("i")).toBeNull();

    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(router.state.location.pathname).toBe("/settings");
    expect(create).not.toHaveBeenCalled();
    expect(fake.leads).toEqual([]);

    // a fast burst that is not a badge says why
    const section = screen.getByTestId("scanner-settings");
    await user.type(section.querySelector<HTMLInputElement>('[name="prefix"]')!, "~");
    blurAll();
    await scanBadge(`${payload}\n`);
    expect(await screen.findByTestId("scanner-test-ignored")).toHaveTextContent("it does not start with the prefix");
  });

  it("leaving the settings screen routes scans to the capture form again", async () => {
    const { user, router } = renderApp("/settings", { scanner: true });
    await screen.findByTestId("scanner-test-result");
    await user.click(screen.getByTestId("nav-leads"));
    await screen.findByTestId("lead-search");
    blurAll();
    await scanBadge(`${MECARD}\n`);
    await waitFor(() => expect(router.state.location.pathname).toBe("/capture"));
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
  });
});

describe("translations", () => {
  const flat = (tree: object, prefix = ""): string[] =>
    Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : flat(v as object, `${prefix}${k}.`)));

  it("every scanner, settings and badge-format string exists in zh-CN and fa", () => {
    const mine = (keys: string[]) => keys.filter((k) => /^(scanner|settings|badgeFormat)\./.test(k) || k === "nav.settings").sort();
    const english = mine(flat(en));
    expect(english.length).toBeGreaterThan(50);
    expect(mine(flat(zhCN))).toEqual(english);
    expect(mine(flat(fa))).toEqual(english);
  });

  it("the settings screen and the scan note are translated", async () => {
    renderApp("/settings", { scanner: true });
    await screen.findByTestId("scanner-settings");
    await act(() => i18n.changeLanguage("fa"));
    expect(screen.getByTestId("nav-settings")).toHaveTextContent("تنظیمات");
    expect(screen.getByTestId("scanner-settings")).toHaveTextContent("اسکنر کارت");
    expect(screen.getByTestId("scanner-test-result")).toHaveTextContent("در انتظار اسکن…");
    await act(() => i18n.changeLanguage("zh-CN"));
    expect(screen.getByTestId("scanner-settings")).toHaveTextContent("胸卡扫描枪");
    blurAll();
    await scanBadge("000012345\n");
    await waitFor(() => expect(screen.getByTestId("scanner-test-format")).toHaveTextContent("仅胸卡编号"));
    expect(screen.getByTestId("scan-flash")).toHaveTextContent("胸卡已扫描");
  });
});

describe("the same badge twice before saving", () => {
  it("leaves the form as it is and makes no draft", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { router } = renderApp("/capture", { scanner: true });
    await screen.findByTestId("lead-form");
    blurAll();
    await scanBadge(`${MECARD}\n`);
    await waitFor(() => expect(input("company")).toHaveValue("Huaqiang Lighting"));
    blurAll();
    await scanBadge(`${MECARD}\n`);
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(create).not.toHaveBeenCalled();
    expect(input("company")).toHaveValue("Huaqiang Lighting");
    expect(router.state.location.pathname).toBe("/capture");
  });
});
