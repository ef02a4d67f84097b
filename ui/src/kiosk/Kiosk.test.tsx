import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import en from "../i18n/en.json";
import fa from "../i18n/fa.json";
import zhCN from "../i18n/zh-CN.json";
import { commands, type Event, fake, sampleEvent } from "../ipc/fake";
import { sampleKioskForm } from "../ipc/fakeKiosk";
import { scanBadge } from "../test/scanner";
import { STAFF_HOLD_MS } from "./Chrome";
import { COUNTDOWN_SECONDS } from "./idle";
import { KioskApp } from "./KioskApp";
import { THANKS_MS } from "./Thanks";

vi.mock("../ipc", () => import("../ipc/fake"));

const TEXT = { en: en.kiosk, "zh-CN": zhCN.kiosk, fa: fa.kiosk } as const;
type Lang = keyof typeof TEXT;

const kioskEvent: Event = { ...sampleEvent, form: { ...sampleEvent.form, kiosk: sampleKioskForm } };
const IDLE_MS = sampleKioskForm.idle_seconds * 1000;
const PIN = "2580";

beforeEach(() => {
  fake.reset({ events: [kioskEvent], kiosk: { eventId: kioskEvent.id, pin: PIN } });
  fake.phone.reset();
});
afterEach(() => {
  vi.useRealTimers();
});

function renderKiosk({ fakeTimers = false } = {}) {
  if (fakeTimers) vi.useFakeTimers({ shouldAdvanceTime: true });
  const user = userEvent.setup(fakeTimers ? { advanceTimers: (ms) => vi.advanceTimersByTime(ms) } : {});
  render(<KioskApp env="test" />);
  return { user };
}

const field = (name: string) => screen.getByTestId<HTMLInputElement>(`kiosk-field-${name}`);

async function openForm(user: ReturnType<typeof userEvent.setup>, lang: Lang = "en") {
  await user.click(await screen.findByTestId(lang === "en" ? "kiosk-start" : `kiosk-lang-${lang}`));
  await screen.findByTestId("kiosk-form");
}

/** Moves the fake clock on, with React's updates applied. */
function advance(ms: number) {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

/** Lets pending promises (the fake's answers) settle under fake timers. */
async function flush() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

const VISITORS: Record<Lang, { name: string; company: string; email: string }> = {
  en: { name: "Anna Müller", company: "Lichtwerk GmbH", email: "a.mueller@lichtwerk.example.de" },
  "zh-CN": { name: "王伟", company: "深圳华强照明", email: "wang.wei@huaqiang.example.cn" },
  fa: { name: "رضا احمدی", company: "پارس روشنایی", email: "reza@pars-light.example.ir" },
};

describe("a visitor at the kiosk", () => {
  for (const lang of ["en", "zh-CN", "fa"] as const) {
    it(`registers in ${lang}: the lead keeps the consent and answers as shown in ${lang}`, async () => {
      const { user } = renderKiosk();
      await openForm(user, lang);
      const text = TEXT[lang];
      expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(text.form.title);
      expect(document.documentElement.dir).toBe(lang === "fa" ? "rtl" : "ltr");
      expect(document.documentElement.lang).toBe(lang);
      // The statement and each channel's wording, in the visitor's language; no box pre-ticked.
      expect(screen.getByTestId("kiosk-consent-statement")).toHaveTextContent(sampleKioskForm.consent.statement[lang]!);
      for (const c of sampleKioskForm.consent.channels) {
        const box = within(screen.getByTestId("kiosk-consent")).getByLabelText(c.text[lang]!);
        expect(box).not.toBeChecked();
      }
      // The right keyboards: email and phone pads, nothing remembered from the last visitor.
      expect(field("email")).toHaveAttribute("type", "email");
      expect(field("email")).toHaveAttribute("inputmode", "email");
      expect(field("phone")).toHaveAttribute("type", "tel");
      expect(field("name")).toHaveAttribute("autocomplete", "off");

      const v = VISITORS[lang];
      await user.type(field("name"), v.name);
      await user.type(field("company"), v.company);
      await user.type(field("email"), v.email);
      await user.selectOptions(field("country"), "DE");
      await user.click(screen.getByTestId("kiosk-interest-pumps"));
      await user.click(screen.getByTestId("kiosk-option-purpose-buy"));
      await user.click(screen.getByTestId("kiosk-consent-email"));
      await user.click(screen.getByTestId("kiosk-submit"));

      expect(await screen.findByTestId("kiosk-thanks-title")).toHaveTextContent(text.thanks.title.replace("{{name}}", v.name));
      expect(screen.getByTestId("kiosk-qr")).toHaveAttribute("data-value", sampleKioskForm.brochure_url);
      const [lead] = fake.leads;
      expect(lead).toMatchObject({ source: "kiosk", name: v.name, company: v.company, email: v.email, country: "DE", interests: ["pumps"], captured_by: "u-kiosk" });
      expect(lead!.consent).toMatchObject({
        version: sampleKioskForm.consent.version,
        language: lang,
        statement: sampleKioskForm.consent.statement[lang],
        channels: [{ channel: "email", text: sampleKioskForm.consent.channels[0]!.text[lang] }],
      });
      const option = sampleKioskForm.questions[0]!.options[0]!;
      expect(lead!.answers).toEqual([{ question_id: "purpose", question: sampleKioskForm.questions[0]!.text[lang], values: ["buy"], labels: [option.text[lang]] }]);
    });
  }

  it("without a ticked box registers with no consent at all", async () => {
    const { user } = renderKiosk();
    await openForm(user);
    await user.type(field("name"), "No Contact");
    await user.type(field("email"), "no@contact.example");
    await user.click(screen.getByTestId("kiosk-submit"));
    await screen.findByTestId("kiosk-thanks");
    expect(fake.leads[0]!.consent).toBeNull();
  });

  it("sees what is missing under each field, in their language, and nothing is saved", async () => {
    const { user } = renderKiosk();
    await openForm(user, "zh-CN");
    await user.click(screen.getByTestId("kiosk-submit"));
    await waitFor(() => expect(screen.getAllByText(TEXT["zh-CN"].errors.required)).toHaveLength(2));
    expect(field("name")).toHaveAttribute("aria-invalid", "true");
    expect(field("email")).toHaveAttribute("aria-invalid", "true");
    expect(field("name")).toHaveFocus();
    expect(fake.leads).toEqual([]);

    await user.type(field("name"), "王伟");
    await user.type(field("email"), "not-an-email");
    await user.click(screen.getByTestId("kiosk-submit"));
    expect(await screen.findByText(TEXT["zh-CN"].errors.invalid_email)).toBeInTheDocument();
    expect(fake.leads).toEqual([]);
  });

  it("sees a hostile name as plain text on the thank-you screen", async () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const { user } = renderKiosk();
    await openForm(user);
    await user.type(field("name"), hostile);
    await user.type(field("email"), "evil@example.com");
    await user.click(screen.getByTestId("kiosk-submit"));
    expect(await screen.findByTestId("kiosk-thanks-title")).toHaveTextContent(`Thank you, ${hostile}!`);
    expect(document.querySelectorAll("img")).toHaveLength(0);
    expect(fake.leads[0]!.name).toBe(hostile);
  });

  it("scans a badge on the attract screen: the form opens filled, and a later scan keeps what they typed", async () => {
    const { user } = renderKiosk();
    await screen.findByTestId("kiosk-attract");
    await scanBadge("MECARD:N:Sato,Yuki;ORG:Nihon Lighting;EMAIL:yuki@nihon.example.jp;;\n");
    await screen.findByTestId("kiosk-form");
    await waitFor(() => expect(field("company")).toHaveValue("Nihon Lighting"));
    expect(field("name")).toHaveValue("Yuki Sato");
    expect(field("email")).toHaveValue("yuki@nihon.example.jp");
    expect(screen.getByTestId("kiosk-notice-badge")).toBeInTheDocument();

    await user.clear(field("name"));
    await user.type(field("name"), "Yuki S.");
    field("name").blur();
    await scanBadge("MECARD:N:Other,Person;ORG:Elsewhere;TITLE:Buyer;;\n");
    await waitFor(() => expect(field("title")).toHaveValue("Buyer"));
    expect(field("name")).toHaveValue("Yuki S.");
    expect(field("company")).toHaveValue("Nihon Lighting");
    await user.click(screen.getByTestId("kiosk-submit"));
    await screen.findByTestId("kiosk-thanks");
    expect(fake.leads[0]).toMatchObject({ name: "Yuki S.", badge_format: "mecard", badge_raw: "MECARD:N:Other,Person;ORG:Elsewhere;TITLE:Buyer;;" });
  });

  it("sees a one-time link to the form for their own phone while phone registration is on", async () => {
    renderKiosk();
    await screen.findByTestId("kiosk-attract");
    expect(screen.queryByTestId("kiosk-phone")).toBeNull();
    cleanup();
    await commands.phoneRegistrationSet(true, "192.168.1.20");
    renderKiosk();
    const qr = await screen.findByTestId("kiosk-phone-qr");
    expect(qr.getAttribute("data-value")).toMatch(/^http:\/\/192\.168\.1\.20:8740\/r\//);
  });

  it("switches language on the form without losing what they typed", async () => {
    const { user } = renderKiosk();
    await openForm(user);
    await user.type(field("name"), "Mina");
    await user.click(screen.getByTestId("kiosk-switch-fa"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(TEXT.fa.form.title);
    expect(document.documentElement.dir).toBe("rtl");
    expect(field("name")).toHaveValue("Mina");
  });

  it("starting over wipes the form and the language", async () => {
    const { user } = renderKiosk();
    await openForm(user, "fa");
    await user.type(field("name"), "رضا");
    await user.click(screen.getByTestId("kiosk-consent-phone"));
    await user.click(screen.getByTestId("kiosk-start-over"));
    await screen.findByTestId("kiosk-attract");
    expect(document.documentElement.dir).toBe("ltr");
    await openForm(user);
    expect(field("name")).toHaveValue("");
    expect(screen.getByTestId("kiosk-consent-phone")).not.toBeChecked();
  });
});

describe("idle reset", () => {
  it("counts down after the show's idle time; a tap keeps the form, the end of the count wipes it", async () => {
    const { user } = renderKiosk({ fakeTimers: true });
    await flush();
    await openForm(user, "fa");
    await user.type(field("name"), "Half Filled");
    await user.click(screen.getByTestId("kiosk-interest-valves"));

    advance(IDLE_MS - 1000);
    expect(screen.queryByTestId("kiosk-idle")).toBeNull();
    advance(1000);
    expect(screen.getByTestId("kiosk-idle")).toHaveTextContent(TEXT.fa.idle.title);
    await user.click(screen.getByTestId("kiosk-idle-continue"));
    expect(screen.queryByTestId("kiosk-idle")).toBeNull();
    expect(field("name")).toHaveValue("Half Filled");

    advance(IDLE_MS);
    expect(screen.getByTestId("kiosk-idle-seconds")).toHaveTextContent(String(COUNTDOWN_SECONDS));
    advance(COUNTDOWN_SECONDS * 1000);
    await flush();
    expect(screen.getByTestId("kiosk-attract")).toBeInTheDocument();
    expect(screen.queryByTestId("kiosk-idle")).toBeNull();
    expect(document.documentElement.dir).toBe("ltr");

    await openForm(user);
    expect(field("name")).toHaveValue("");
    expect(screen.getByTestId("kiosk-interest-valves")).toHaveAttribute("aria-checked", "false");
    expect(fake.leads).toEqual([]);
  });

  it("leaves an untouched attract screen alone", async () => {
    renderKiosk({ fakeTimers: true });
    await flush();
    advance(IDLE_MS * 3);
    expect(screen.queryByTestId("kiosk-idle")).toBeNull();
    expect(screen.getByTestId("kiosk-attract")).toBeInTheDocument();
  });

  it("returns from the thank-you screen by itself, keeping nothing", async () => {
    const { user } = renderKiosk({ fakeTimers: true });
    await flush();
    await openForm(user);
    await user.type(field("name"), "Quick Visitor");
    await user.type(field("email"), "quick@example.com");
    await user.click(screen.getByTestId("kiosk-submit"));
    await flush();
    expect(screen.getByTestId("kiosk-thanks")).toBeInTheDocument();
    advance(THANKS_MS);
    expect(screen.getByTestId("kiosk-attract")).toBeInTheDocument();
    await openForm(user);
    expect(field("name")).toHaveValue("");
    expect(field("email")).toHaveValue("");
  });
});

describe("staff exit", () => {
  async function holdMark(ms: number) {
    const mark = await screen.findByTestId("kiosk-staff");
    fireEvent.pointerDown(mark);
    advance(ms);
    fireEvent.pointerUp(mark);
  }

  async function enterPin(user: ReturnType<typeof userEvent.setup>, pin: string) {
    for (const d of pin) await user.click(screen.getByTestId(`kiosk-pin-${d}`));
    await user.click(screen.getByTestId("kiosk-pin-ok"));
    await flush();
  }

  it("opens the PIN pad only when the mark is held for three seconds", async () => {
    renderKiosk({ fakeTimers: true });
    await flush();
    await holdMark(STAFF_HOLD_MS - 500);
    expect(screen.queryByTestId("kiosk-pin")).toBeNull();
    expect(screen.getByTestId("kiosk-attract")).toBeInTheDocument();
    await holdMark(STAFF_HOLD_MS);
    expect(screen.getByTestId("kiosk-pin")).toHaveTextContent(TEXT.en.pin.title);
  });

  it("counts wrong PINs down, then locks the pad until the lockout ends, and the right PIN lets staff out", async () => {
    const { user } = renderKiosk({ fakeTimers: true });
    await flush();
    await holdMark(STAFF_HOLD_MS);
    await enterPin(user, "1357");
    expect(screen.getByTestId("kiosk-pin-message")).toHaveTextContent("Wrong PIN. 4 tries left");
    for (let i = 0; i < 3; i++) await enterPin(user, "1357");
    expect(screen.getByTestId("kiosk-pin-message")).toHaveTextContent("Wrong PIN. 1 try left");
    await enterPin(user, "1357");
    const message = screen.getByTestId("kiosk-pin-message");
    expect(message).toHaveAttribute("data-outcome", "locked");
    expect(message).toHaveTextContent("Too many wrong PINs. Try again after");
    expect(screen.getByTestId("kiosk-pin-1")).toBeDisabled();
    expect(screen.getByTestId("kiosk-pin-input")).toBeDisabled();
    expect(fake.kiosk.eventId).toBe(kioskEvent.id);

    // Five minutes on, the pad takes guesses again; the right one ends kiosk mode.
    advance(5 * 60 * 1000);
    expect(screen.getByTestId("kiosk-pin-1")).toBeEnabled();
    await enterPin(user, PIN);
    expect(screen.getByTestId("kiosk-pin-message")).toHaveAttribute("data-outcome", "unlocking");
    expect(fake.kiosk.eventId).toBeNull();
  });

  it("takes a typed PIN too, masked", async () => {
    const { user } = renderKiosk({ fakeTimers: true });
    await flush();
    await holdMark(STAFF_HOLD_MS);
    const input = screen.getByTestId("kiosk-pin-input");
    expect(input).toHaveAttribute("type", "password");
    expect(input).toHaveAttribute("inputmode", "numeric");
    await user.type(input, "25a80{Enter}");
    await flush();
    expect(screen.getByTestId("kiosk-pin-message")).toHaveAttribute("data-outcome", "unlocking");
  });

  it("closes the pad when nobody touches it", async () => {
    renderKiosk({ fakeTimers: true });
    await flush();
    await holdMark(STAFF_HOLD_MS);
    advance(IDLE_MS);
    expect(screen.getByTestId("kiosk-idle")).toBeInTheDocument();
    advance(COUNTDOWN_SECONDS * 1000);
    await flush();
    expect(screen.queryByTestId("kiosk-pin")).toBeNull();
    expect(screen.getByTestId("kiosk-attract")).toBeInTheDocument();
  });
});
