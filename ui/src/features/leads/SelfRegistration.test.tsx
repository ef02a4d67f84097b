import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const visitor = makeLead({
  id: "l-kiosk",
  name: "رضا احمدی",
  company: "<b>Pars</b> Roshanai",
  email: "reza@pars.example.ir",
  source: "kiosk",
  grade: null,
  next_action: null,
  key_needs: "",
  captured_by: "u-kiosk",
  captured_by_name: "Kiosk",
  consent: {
    version: "2026-11-v2",
    language: "fa",
    statement: "اطلاعاتی را که اینجا می‌دهید برای پیگیری بازدیدتان نگه می‌داریم.",
    channels: [{ channel: "email", text: "می‌توانید به من ایمیل بزنید." }],
    given_at: Date.UTC(2026, 3, 15, 10, 30, 0),
  },
  answers: [
    { question_id: "purpose", question: "چرا اینجا هستید؟", values: ["buy"], labels: ["خرید"] },
    { question_id: "notes", question: "چیز دیگری؟", values: ["<img src=x onerror=alert(1)>"], labels: [] },
  ],
  updated_at: Date.UTC(2026, 3, 15, 10, 30, 0),
});
const graded = makeLead({ id: "l-graded", name: "Graded Visitor", source: "kiosk", grade: "B", updated_at: Date.UTC(2026, 3, 15, 9, 0, 0) });
const typed = makeLead({ id: "l-typed", name: "Typed By Rep", source: "manual", grade: null, updated_at: Date.UTC(2026, 3, 15, 8, 0, 0) });

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan", leads: [visitor, graded, typed] });
});

const row = (name: string) => screen.getAllByTestId("lead-row").find((r) => r.textContent?.includes(name))!;

describe("kiosk leads in the rep's list", () => {
  it("are marked self-registered and not yet qualified until a rep grades them", async () => {
    renderApp("/leads");
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(3));
    expect(within(row("رضا احمدی")).getByTestId("self-registered-badge")).toHaveTextContent("Self-registered — not yet qualified");
    expect(within(row("Graded Visitor")).queryByTestId("self-registered-badge")).not.toBeInTheDocument();
    expect(within(row("Typed By Rep")).queryByTestId("self-registered-badge")).not.toBeInTheDocument();

    act(() => {
      fake.patchLead("l-kiosk", { grade: "A" });
      fake.emitLeadsChanged("l-kiosk");
    });
    await waitFor(() => expect(screen.queryByTestId("self-registered-badge")).not.toBeInTheDocument());
  });

  it("filter by source, and the kiosk screen's link opens the list filtered to kiosk leads", async () => {
    const search = vi.spyOn(commands, "leadsSearch");
    const { user } = renderApp("/leads");
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(3));
    await user.selectOptions(screen.getByTestId("filter-source"), "kiosk");
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(2));
    expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ source: "kiosk" }));

    await user.click(screen.getByTestId("nav-kiosk"));
    await user.click(await screen.findByTestId("kiosk-open-leads"));
    await waitFor(() => expect(screen.getByTestId("filter-source")).toHaveValue("kiosk"));
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(2));
  });
});

describe("a kiosk lead's page", () => {
  it("shows the consent as the visitor saw it and the answers, as text", async () => {
    renderApp("/leads/l-kiosk");
    const consent = await screen.findByTestId("lead-consent");
    expect(within(consent).getByTestId("lead-consent-statement")).toHaveTextContent("اطلاعاتی را که اینجا می‌دهید برای پیگیری بازدیدتان نگه می‌داریم.");
    expect(within(consent).getByTestId("lead-consent-statement")).toHaveAttribute("lang", "fa");
    expect(within(consent).getByTestId("lead-consent-meta")).toHaveTextContent(/wording version 2026-11-v2 · in فارسی/);
    expect(within(consent).getByTestId("lead-consent-meta")).toHaveTextContent(/2026/);
    const channel = within(consent).getByTestId("lead-consent-channel");
    expect(channel).toHaveTextContent("Email");
    expect(channel).toHaveTextContent("می‌توانید به من ایمیل بزنید.");

    const answers = screen.getAllByTestId("lead-answer");
    expect(answers[0]).toHaveTextContent("چرا اینجا هستید؟");
    expect(answers[0]).toHaveTextContent("خرید");
    // What a visitor typed is text, never markup.
    expect(answers[1]).toHaveTextContent("<img src=x onerror=alert(1)>");
    expect(document.querySelector("img")).toBeNull();
  });

  it("says so when the visitor ticked no contact box, and shows nothing for a lead a rep typed in", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan", leads: [{ ...visitor, consent: null, answers: [] }, typed] });
    const { router } = renderApp("/leads/l-kiosk");
    expect(await screen.findByTestId("lead-no-consent")).toHaveTextContent("The visitor ticked no contact box.");
    await act(() => router.navigate("/leads/l-typed"));
    expect(await screen.findByTestId("lead-detail-name")).toHaveTextContent("Typed By Rep");
    expect(screen.queryByTestId("lead-self-registration")).not.toBeInTheDocument();
  });
});
