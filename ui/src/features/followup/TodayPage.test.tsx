import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, sampleEvent, sampleUsers } from "../../ipc/fake";
import type { Grade, LeadInput } from "../../ipc";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const DAY = 86_400_000;

function input(name: string, grade: Grade | null): LeadInput {
  return {
    event_id: sampleEvent.id,
    company: "Acme",
    name,
    title: "",
    phone: "+86 138 0013 8000",
    email: "wang@acme.example",
    country: "",
    grade,
    interests: ["valves"],
    key_needs: "",
    next_action: null,
    draft: false,
    source: null,
    badge_raw: null,
    badge_format: null,
  };
}

describe("Today", () => {
  beforeEach(() => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
  });

  it("an A lead's playbook tasks are grouped today and upcoming, and overdue ones are counted in the nav", async () => {
    await commands.leadsCreate(input("Wang Wei", "A"));
    const first = fake.followup.tasks[0]!;
    fake.followup.setDue(first.id, first.due_at - 2 * DAY);
    renderApp("/today");

    const overdue = await screen.findByTestId("today-overdue");
    expect(within(overdue).getByTestId(`task-${first.id}`)).toHaveAttribute("data-kind", "email");
    expect(screen.getByTestId("today-upcoming").querySelectorAll("[data-kind]")).toHaveLength(2);
    expect(await screen.findByTestId("overdue-count")).toHaveTextContent("1");
  });

  it("drafting the email fills the template, opens the mail app with the edit, and Mark sent closes the task", async () => {
    const lead = await commands.leadsCreate(input("Wang Wei", "A"));
    const { user } = renderApp("/today");
    const card = await screen.findByTestId(`task-${fake.followup.tasks[0]!.id}`);
    await user.click(within(card).getByTestId("task-draft"));

    const subject = await screen.findByTestId("draft-subject");
    await waitFor(() => expect(subject).toHaveValue("[a_thank_you] Thank you for visiting us at Canton Fair 2026"));
    expect(screen.getByTestId<HTMLTextAreaElement>("draft-body").value).toMatch(/^Dear Wang Wei,\n\nAbout valves for Acme/);
    expect(screen.getByTestId("draft-to")).toHaveValue("wang@acme.example");

    await user.type(screen.getByTestId("draft-body"), " PS: see you in May.");
    await user.click(screen.getByTestId("draft-open-mail"));
    await waitFor(() => expect(fake.followup.opened).toHaveLength(1));
    expect(fake.followup.opened[0]!.body).toMatch(/PS: see you in May\.$/);

    await user.selectOptions(screen.getByTestId("draft-template"), "samples_requested");
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>("draft-subject").value).toMatch(/^\[samples_requested\]/));

    await user.click(screen.getByTestId("draft-mark-sent"));
    await waitFor(() => expect(fake.followup.interactions).toEqual([expect.objectContaining({ lead_id: lead.id, kind: "email" })]));
    await waitFor(() => expect(screen.queryByTestId(`task-${fake.followup.tasks[0]!.id}`)).not.toBeInTheDocument());
    expect(fake.followup.tasks[0]!.status).toBe("done");
  });

  it("done and snooze change the task; a re-grade to B replaces the open A tasks", async () => {
    const lead = await commands.leadsCreate(input("Li", "A"));
    const { user } = renderApp("/today");
    const [thanks, call] = fake.followup.tasks;
    await user.click(within(await screen.findByTestId(`task-${thanks!.id}`)).getByTestId("task-done"));
    await waitFor(() => expect(fake.followup.tasks[0]!.status).toBe("done"));
    expect(fake.followup.interactions[0]!.kind).toBe("task_done");

    await user.click(within(screen.getByTestId(`task-${call!.id}`)).getByTestId("task-snooze"));
    await user.click(await screen.findByTestId("snooze-tomorrow"));
    await waitFor(() => expect(fake.followup.tasks[1]!.snoozed_until).not.toBeNull());

    await commands.leadsUpdate(lead.id, input("Li", "B"));
    const open = fake.followup.tasks.filter((t) => t.status === "open");
    expect(open.map((t) => t.grade)).toEqual(["B", "B", "B"]);
    expect(fake.followup.tasks.filter((t) => t.status === "done")).toHaveLength(1);
    await commands.leadsUpdate(lead.id, input("Li", "B"));
    expect(fake.followup.tasks).toHaveLength(6);
  });

  it("a reminder from the backend shows as a toast even without a desktop notification", async () => {
    await commands.leadsCreate(input("Wang Wei", "A"));
    renderApp("/today");
    await screen.findByTestId("today-today");
    fake.emitReminder({ task: fake.followup.tasks[0]!, state: "due", notified: false });
    expect(await screen.findByText("Follow-up due")).toBeInTheDocument();
  });

  it("the calendar export is one click", async () => {
    const { user } = renderApp("/today");
    await user.click(await screen.findByTestId("export-ics"));
    await waitFor(() => expect(fake.followup.icsExports).toBe(1));
    expect(await screen.findByTestId("today-empty")).toBeInTheDocument();
  });

  it("reads right to left in Persian", async () => {
    await commands.leadsCreate(input("Wang Wei", "B"));
    const { user } = renderApp("/today");
    await screen.findByTestId("today-upcoming");
    await user.selectOptions(screen.getByTestId("lang-picker"), "fa");
    expect(document.documentElement.dir).toBe("rtl");
    expect(screen.getAllByTestId("task-done")[0]).toHaveTextContent("انجام شد");
    await user.selectOptions(screen.getByTestId("lang-picker"), "en");
  });
});

describe("follow-up settings", () => {
  beforeEach(() => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
  });

  it("edits a grade's steps, saves them for the show, and resets to the playbook", async () => {
    const set = vi.spyOn(commands, "followupRulesSet");
    const { user } = renderApp("/settings");
    const d = await screen.findByTestId("rules-D");
    await user.click(screen.getByTestId("rule-add-D"));
    expect(within(d).getAllByTestId("rule-day")).toHaveLength(1);
    await user.click(within(screen.getByTestId("rules-C")).getAllByTestId("rule-remove")[1]!);
    await user.click(screen.getByTestId("save-rules"));
    await waitFor(() => expect(set).toHaveBeenCalledTimes(1));
    const saved = set.mock.calls[0]![1]!;
    expect(saved.d).toEqual([{ offset_days: 1, within_hours: null, kind: "email", template: "" }]);
    expect(saved.c.map((s) => s.kind)).toEqual(["email"]);

    await user.click(screen.getByTestId("reset-rules"));
    await waitFor(() => expect(set).toHaveBeenLastCalledWith(sampleEvent.id, null));
    await waitFor(() => expect(within(screen.getByTestId("rules-D")).queryAllByTestId("rule-day")).toHaveLength(0));
  });

  it("refuses a time zone that does not exist", async () => {
    const { user } = renderApp("/settings");
    const tz = await screen.findByTestId("time-zone");
    await waitFor(() => expect(tz).toHaveValue("Asia/Shanghai"));
    await user.clear(tz);
    await user.type(tz, "Mars base");
    await user.click(screen.getByTestId("save-time-zone"));
    await waitFor(() => expect(tz).toHaveAccessibleDescription(/Unknown time zone/));
  });
});
