import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, LeadTrackError, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";
import { DEFAULT_KIOSK_FORM } from "./defaultForm";
import { nextVersion, prepared, slug, wordingChanged } from "./formEdit";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const input = (name: string) => document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)!;
/** Types `text` into the field called `name` in one go (a paste: long texts typed key by key are slow). */
async function fill(user: ReturnType<typeof renderApp>["user"], name: string, text: string) {
  await user.click(input(name));
  await user.paste(text);
}

/** The show's kiosk form as the (fake) backend has it. */
const savedForm = async () => (await commands.eventsList()).find((e) => e.id === sampleEvent.id)?.form.kiosk;

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
});

describe("kiosk screen: staff PIN", () => {
  it("is reached from the nav instead of a coming-soon page and says no PIN is set", async () => {
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("nav-kiosk"));
    expect(await screen.findByTestId("kiosk-admin")).toBeInTheDocument();
    expect(screen.queryByTestId("coming-soon-kiosk")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("kiosk-pin-state")).toHaveTextContent("Not set yet"));
    expect(screen.getByTestId("kiosk-mode-off")).toBeInTheDocument();
  });

  it("refuses a weak PIN with a translated reason, catches a mistyped repeat, and saves a good one masked", async () => {
    const setPin = vi.spyOn(commands, "kioskSetPin");
    const { user } = renderApp("/kiosk");
    const pin = await screen.findByTestId("kiosk-pin-new");
    const repeat = screen.getByTestId("kiosk-pin-repeat");
    expect(pin).toHaveAttribute("type", "password");
    expect(pin).toHaveAttribute("inputmode", "numeric");

    await user.type(pin, "1234");
    await user.type(repeat, "1234");
    await user.click(screen.getByTestId("kiosk-pin-save"));
    expect(await screen.findByText(/Too easy to guess/)).toBeInTheDocument();
    expect(fake.kiosk.pin).toBeNull();

    await user.clear(pin);
    await user.clear(repeat);
    await user.type(pin, "2580");
    await user.type(repeat, "2581");
    await user.click(screen.getByTestId("kiosk-pin-save"));
    expect(await screen.findByText("The two PINs are not the same.")).toBeInTheDocument();
    expect(setPin).toHaveBeenCalledTimes(1);

    await user.clear(repeat);
    await user.type(repeat, "2580");
    await user.click(screen.getByTestId("kiosk-pin-save"));
    expect(await screen.findByTestId("kiosk-pin-saved")).toBeInTheDocument();
    expect(setPin).toHaveBeenLastCalledWith("2580");
    expect(fake.kiosk.pin).toBe("2580");
    expect(pin).toHaveValue("");
    expect(screen.getByTestId("kiosk-pin-state")).toHaveTextContent("Set");
  });

  it("in Persian, reads Persian digits as the PIN and shows the refusal in Persian", async () => {
    const { user } = renderApp("/kiosk");
    await user.selectOptions(await screen.findByTestId("lang-picker"), "fa");
    await user.type(screen.getByTestId("kiosk-pin-new"), "۱۱۱۱");
    await user.type(screen.getByTestId("kiosk-pin-repeat"), "۱۱۱۱");
    expect(screen.getByTestId("kiosk-pin-new")).toHaveValue("1111");
    await user.click(screen.getByTestId("kiosk-pin-save"));
    expect(await screen.findByText(/حدس زدنش خیلی آسان است/)).toBeInTheDocument();
  });
});

describe("kiosk screen: the show's registration form", () => {
  it("starts from the default form and saves a Persian question with ids made from the English", async () => {
    const save = vi.spyOn(commands, "eventsSetKioskForm");
    const { user } = renderApp("/kiosk");
    const form = await screen.findByTestId("kiosk-form");
    expect(form).toHaveTextContent("Registration form for Canton Fair 2026");
    expect(screen.getByTestId("kiosk-form-state")).toHaveTextContent("The default form");
    expect(screen.getByTestId("kiosk-field-email")).toBeChecked();
    expect(screen.getByTestId("kiosk-required-email")).toBeChecked();
    expect(screen.getByTestId("kiosk-consent-version")).toHaveValue(DEFAULT_KIOSK_FORM.consent.version);

    // Title is not asked; phone becomes required.
    await user.click(screen.getByTestId("kiosk-field-title"));
    expect(screen.getByTestId("kiosk-required-title")).toBeDisabled();
    await user.click(screen.getByTestId("kiosk-required-phone"));

    await user.click(screen.getByTestId("kiosk-add-question"));
    const q = screen.getByTestId("kiosk-question");
    // Mantine puts `dir` on the box around the input (the label keeps the screen's direction).
    expect(input("questions.0.text.fa").closest("[dir]")).toHaveAttribute("dir", "rtl");
    expect(input("questions.0.text.fa")).toHaveAttribute("lang", "fa");
    expect(input("questions.0.text.en").closest("[dir]")).toHaveAttribute("dir", "ltr");
    await fill(user, "questions.0.text.en", "What brings you here?");
    await fill(user, "questions.0.text.zh-CN", "您为何而来？");
    await fill(user, "questions.0.text.fa", "چه چیزی شما را به اینجا آورده؟");
    await fill(user, "questions.0.options.0.en", "Buying for a project");
    await fill(user, "questions.0.options.0.fa", "خرید برای یک پروژه");
    await fill(user, "questions.0.options.1.en", "Just looking");
    await user.click(within(q).getByTestId("question-required"));
    await user.click(screen.getByTestId("kiosk-form-save"));

    expect(await screen.findByTestId("kiosk-form-saved")).toHaveTextContent("The kiosk form is saved.");
    expect(save).toHaveBeenCalledTimes(1);
    const sent = save.mock.calls[0]![1];
    expect(sent.fields).toEqual(["name", "company", "email", "phone", "country"]);
    expect(sent.required).toEqual(["name", "email", "phone"]);
    expect(sent.questions).toEqual([
      {
        id: "what-brings-you-here",
        kind: "single",
        required: true,
        text: { en: "What brings you here?", "zh-CN": "您为何而来？", fa: "چه چیزی شما را به اینجا آورده؟" },
        // A language left empty is left out, so the kiosk falls back to English.
        options: [
          { id: "buying-for-a-project", text: { en: "Buying for a project", fa: "خرید برای یک پروژه" } },
          { id: "just-looking", text: { en: "Just looking" } },
        ],
      },
    ]);
    expect(sent.consent).toEqual(DEFAULT_KIOSK_FORM.consent);
    expect((await savedForm())?.questions[0]?.text.fa).toBe("چه چیزی شما را به اینجا آورده؟");
    await waitFor(() => expect(screen.getByTestId("kiosk-form-state")).toHaveTextContent("This show's own form"));
    expect(within(screen.getByTestId("kiosk-question")).getByTestId("question-id")).toHaveTextContent("what-brings-you-here");
  });

  it("keeps a saved question's id when it is reworded, and moves and removes questions", async () => {
    const withTwo = structuredClone(sampleEvent);
    withTwo.form.kiosk = {
      ...structuredClone(DEFAULT_KIOSK_FORM),
      questions: [
        // In the order the backend sends the keys.
        { id: "budget", text: { en: "Budget?" }, kind: "text", options: [], required: false },
        { id: "size", text: { en: "Company size?" }, kind: "multi", options: [{ id: "s", text: { en: "Small" } }, { id: "m", text: { en: "Medium" } }, { id: "l", text: { en: "Large" } }], required: false },
      ],
    };
    fake.reset({ events: [withTwo], users: sampleUsers, eventId: withTwo.id, userId: "u-lisa" });
    const save = vi.spyOn(commands, "eventsSetKioskForm");
    const { user } = renderApp("/kiosk");
    await screen.findByTestId("kiosk-form");
    expect(screen.queryByTestId("kiosk-form-dirty")).not.toBeInTheDocument();
    expect(screen.getByTestId("kiosk-form-save")).toBeDisabled();
    await user.clear(input("questions.0.text.en"));
    await fill(user, "questions.0.text.en", "Your budget this year?");
    await user.click(within(screen.getAllByTestId("kiosk-question")[1]!).getByTestId("question-up"));
    expect(input("questions.0.text.en")).toHaveValue("Company size?");
    await user.click(within(screen.getAllByTestId("kiosk-question")[0]!).getAllByTestId("option-remove")[0]!);
    await user.click(screen.getByTestId("kiosk-form-save"));
    await screen.findByTestId("kiosk-form-saved");
    const sent = save.mock.calls[0]![1];
    expect(sent.questions.map((q) => [q.id, q.text.en, q.options.map((o) => o.id)])).toEqual([
      ["size", "Company size?", ["m", "l"]],
      ["budget", "Your budget this year?", []],
    ]);
  });

  it("shows each refusal under the part it names, translated", async () => {
    const { user } = renderApp("/kiosk");
    await screen.findByTestId("kiosk-form");
    await user.click(screen.getByTestId("kiosk-add-question"));
    await fill(user, "questions.0.text.fa", "فقط فارسی");
    const idle = screen.getByTestId("kiosk-idle");
    await user.clear(idle);
    await user.type(idle, "5");
    await user.clear(screen.getByTestId("kiosk-consent-version"));
    await user.click(screen.getByTestId("kiosk-form-save"));

    expect(await within(screen.getByTestId("kiosk-question")).findByTestId("question-error")).toHaveTextContent("needs an English text");
    expect(screen.getByTestId("kiosk-consent")).toHaveTextContent("The consent needs a version and an English statement.");
    expect(screen.getByText("The idle time is 15 to 600 seconds.")).toBeInTheDocument();
    expect(screen.getByTestId("kiosk-form-refused")).toBeInTheDocument();
    expect(await savedForm()).toBeUndefined();
  });

  it("bumps the consent version when the wording changed and the version did not, and says so", async () => {
    const save = vi.spyOn(commands, "eventsSetKioskForm");
    const { user } = renderApp("/kiosk");
    await screen.findByTestId("kiosk-form");
    const statement = input("consent.statement.en");
    await user.type(statement, " We never sell your details.");
    expect(screen.getByTestId("kiosk-consent")).toHaveTextContent("saving will make the version 2026-11-v2");
    await user.click(screen.getByTestId("kiosk-form-save"));
    expect(await screen.findByTestId("kiosk-form-saved")).toHaveTextContent("its version is now 2026-11-v2 (was 2026-11-v1)");
    expect(save.mock.calls[0]![1].consent.version).toBe("2026-11-v2");
    expect(screen.getByTestId("kiosk-consent-version")).toHaveValue("2026-11-v2");

    // A version the manager chose is kept as typed.
    await fill(user, "consent.channels.0.fa", " (هفتگی)");
    await user.clear(screen.getByTestId("kiosk-consent-version"));
    await user.type(screen.getByTestId("kiosk-consent-version"), "2027-spring");
    await user.click(screen.getByTestId("kiosk-form-save"));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(2));
    expect(save.mock.calls[1]![1].consent.version).toBe("2027-spring");
  });
});

describe("kiosk screen: starting the kiosk", () => {
  it("cannot start without a PIN and says why; with one, starts after a confirmation that names the way back", async () => {
    const start = vi.spyOn(commands, "kioskStart");
    const { user } = renderApp("/kiosk");
    const button = await screen.findByTestId("kiosk-start-button");
    expect(button).toHaveTextContent("Start kiosk for Canton Fair 2026");
    expect(button).toBeDisabled();
    expect(screen.getByTestId("kiosk-start-reason")).toHaveTextContent("Set a staff PIN first");
    await expect(commands.kioskStart(sampleEvent.id)).rejects.toMatchObject({ fields: [{ code: "pin_not_set" }] });
    start.mockClear();

    await user.type(screen.getByTestId("kiosk-pin-new"), "2580");
    await user.type(screen.getByTestId("kiosk-pin-repeat"), "2580");
    await user.click(screen.getByTestId("kiosk-pin-save"));
    await waitFor(() => expect(button).toBeEnabled());
    expect(screen.queryByTestId("kiosk-start-reason")).not.toBeInTheDocument();

    await user.click(button);
    const dialog = await screen.findByTestId("kiosk-start-dialog");
    expect(dialog).toHaveTextContent("Only the staff PIN brings this window back.");
    await user.click(within(dialog).getByTestId("kiosk-start-cancel"));
    expect(start).not.toHaveBeenCalled();

    await user.click(button);
    await user.click(await screen.findByTestId("kiosk-start-confirm"));
    await waitFor(() => expect(start).toHaveBeenCalledWith(sampleEvent.id));
    expect(fake.kiosk.eventId).toBe(sampleEvent.id);
    await waitFor(() => expect(screen.getByTestId("kiosk-mode-on")).toHaveTextContent("On for Canton Fair 2026"));
  });

  it("warns that unsaved form changes are not what the kiosk shows, and shows a refusal translated", async () => {
    await commands.kioskSetPin("2580");
    vi.spyOn(commands, "kioskStart").mockRejectedValueOnce(
      new LeadTrackError("validation", "no pin", [{ field: "pin", code: "pin_not_set", message: "Set a staff PIN before starting the kiosk: it is the only way out." }]),
    );
    const { user } = renderApp("/kiosk");
    await screen.findByTestId("kiosk-form");
    await user.click(screen.getByTestId("kiosk-field-country"));
    await user.click(await screen.findByTestId("kiosk-start-button"));
    expect(await screen.findByTestId("kiosk-start-unsaved")).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("lang-picker"), "zh-CN");
    await user.click(screen.getByTestId("kiosk-start-confirm"));
    expect(await screen.findByTestId("kiosk-start-error")).toHaveTextContent("启动自助登记前请先设置员工 PIN");
    expect(fake.kiosk.eventId).toBeNull();
  });
});

describe("kiosk form helpers", () => {
  it("make ids from English text and version bumps that never reuse a version", () => {
    expect(slug("  Café & Bar — 2026!  ")).toBe("cafe-bar-2026");
    expect(slug("您为何而来")).toBe("");
    const form = prepared({
      ...DEFAULT_KIOSK_FORM,
      questions: [
        { id: "", kind: "single", required: false, text: { en: "Why?", fa: " " }, options: [{ id: "", text: { en: "A" } }, { id: "", text: { en: "A" } }] },
        { id: "", kind: "text", required: false, text: { en: "Why?" }, options: [{ id: "x", text: { en: "dropped" } }] },
        { id: "", kind: "text", required: false, text: { en: "为什么" }, options: [] },
      ],
    });
    expect(form.questions.map((q) => q.id)).toEqual(["why", "why-2", "question-3"]);
    expect(form.questions[0]!.options.map((o) => o.id)).toEqual(["a", "a-2"]);
    expect(form.questions[0]!.text).toEqual({ en: "Why?" });
    expect(form.questions[1]!.options).toEqual([]);
    expect(nextVersion("2026-11-v1")).toBe("2026-11-v2");
    expect(nextVersion("2026-11-V9")).toBe("2026-11-V10");
    expect(nextVersion("spring")).toBe("spring-v2");
    const c = DEFAULT_KIOSK_FORM.consent;
    expect(wordingChanged(c, structuredClone(c))).toBe(false);
    expect(wordingChanged(c, { ...c, channels: c.channels.slice(1) })).toBe(true);
    expect(wordingChanged(c, { ...c, statement: { ...c.statement, fa: `${c.statement.fa} ` } })).toBe(false);
  });
});
