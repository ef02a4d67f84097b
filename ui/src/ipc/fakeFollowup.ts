//! The fake backend's follow-up: the playbook's tasks made when a lead is saved with a new
//! grade (old grade's open tasks cancelled, done ones kept, nothing twice), the signed-in
//! person's Today list, snooze, done, drafts rendered from templates, and what was "sent" —
//! recorded so tests can check the interactions. Due times are plain day offsets in UTC here;
//! the real scheduling (show time zone, 9:00 local, DST) is tested in Rust.
import type {
  Draft,
  DraftView,
  EmailTemplate,
  FollowUpRules,
  FollowUpTask,
  Grade,
  Lead,
  MergeFields,
  SavedFile,
  TaskOutcome,
  TodayTasks,
  Urgency,
} from "./bindings";
import { LeadTrackError } from "./error";

const DAY = 86_400_000;

export function playbook(): FollowUpRules {
  return {
    a: [
      { offset_days: 0, within_hours: null, kind: "email", template: "a_thank_you" },
      { offset_days: 1, within_hours: 24, kind: "call", template: "" },
      { offset_days: 3, within_hours: null, kind: "second_touch", template: "a_second_touch" },
    ],
    b: [
      { offset_days: 1, within_hours: null, kind: "email", template: "b_intro" },
      { offset_days: 7, within_hours: null, kind: "webinar_invite", template: "b_webinar" },
      { offset_days: 30, within_hours: null, kind: "check_in", template: "b_check_in" },
    ],
    c: [
      { offset_days: 1, within_hours: null, kind: "email", template: "c_thank_you" },
      { offset_days: 1, within_hours: null, kind: "marketing_list", template: "" },
    ],
    d: [],
  };
}

const TEMPLATE_IDS = [
  "a_thank_you",
  "a_second_touch",
  "b_intro",
  "b_webinar",
  "b_check_in",
  "c_thank_you",
  "signed_at_show",
  "terms_not_agreed",
  "samples_requested",
  "casual_visitor",
];

function defaultTemplates(): EmailTemplate[] {
  return TEMPLATE_IDS.flatMap((id) => [
    { id, locale: "en", subject: `[${id}] Thank you for visiting us at {show}`, body: "Dear {name},\n\nAbout {interests} for {company}: {materials_shown} {quote_range}\n\n{rep_name}" },
    { id, locale: "zh-CN", subject: `[${id}] 感谢您在{show}莅临`, body: "尊敬的{name}:\n\n{company}\n\n{rep_name}" },
    { id, locale: "fa", subject: `[${id}] سپاس از بازدید شما در {show}`, body: "{name} گرامی،\n\n{company}\n\n{rep_name}" },
  ]);
}

/** What a lead save tells the follow-up fake. */
type SavedLead = { lead: Lead; eventName: string; repName: string };
type Row = FollowUpTask & { step: number; owner: string };
export type FakeInteraction = { lead_id: string; kind: "task_done" | "email" | "call"; summary: string; task_id: string };

type FollowupState = {
  tasks: Row[];
  leads: Map<string, SavedLead>;
  rules: Map<string, FollowUpRules>;
  templates: Map<string, EmailTemplate[]>;
  zones: Map<string, string>;
  interactions: FakeInteraction[];
  opened: Draft[];
  saved: Draft[];
  exports: number;
  seq: number;
};

function fresh(): FollowupState {
  return { tasks: [], leads: new Map(), rules: new Map(), templates: new Map(), zones: new Map(), interactions: [], opened: [], saved: [], exports: 0, seq: 0 };
}

let fu: FollowupState = fresh();
let session: () => string | null = () => null;
let clock: () => number = () => Date.UTC(2026, 3, 15, 9, 0, 0);

/** A command's result as the backend's promise: a throw becomes a rejection. */
function ok<T>(f: () => T): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

function notFound(what: string): LeadTrackError {
  return new LeadTrackError("not_found", `no ${what}`, []);
}

function urgency(due: number, now: number): Urgency {
  const start = now - (now % DAY);
  if (due < start) return "overdue";
  if (due < start + DAY) return "today";
  return "upcoming";
}

function view(row: Row): FollowUpTask {
  const { step: _step, owner: _owner, ...task } = row;
  const due = task.snoozed_until ?? task.due_at;
  return structuredClone({ ...task, urgency: task.status === "open" ? urgency(due, clock()) : null });
}

function rulesFor(eventId: string): FollowUpRules {
  return fu.rules.get(eventId) ?? playbook();
}

function stepsFor(rules: FollowUpRules, grade: Grade) {
  return { A: rules.a, B: rules.b, C: rules.c, D: rules.d }[grade];
}

function open(id: string): Row {
  const row = fu.tasks.find((t) => t.id === id);
  if (!row) throw notFound("task");
  if (row.status !== "open") throw new LeadTrackError("validation", "This task is already done.", [{ field: "task", code: "not_open", message: "This task is already done." }]);
  return row;
}

function complete(id: string, kind: FakeInteraction["kind"], summary: string): FollowUpTask {
  const row = open(id);
  row.status = "done";
  row.done_at = clock();
  fu.interactions.push({ lead_id: row.lead_id, kind, summary, task_id: row.id });
  return view(row);
}

function render(text: string, f: MergeFields): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, key: string) => (key in f ? f[key as keyof MergeFields] : whole));
}

function fields(saved: SavedLead, rep: string): MergeFields {
  const { lead } = saved;
  return { name: lead.name, company: lead.company, show: saved.eventName, interests: lead.interests.join(", "), key_needs: lead.key_needs, materials_shown: "", quote_range: "", rep_name: rep };
}

export const followupFake = {
  reset(currentUser: () => string | null, now: () => number): void {
    fu = fresh();
    session = currentUser;
    clock = now;
  },
  /** Called by the fake's lead saves: reschedules when the grade changed (`before`: undefined for a new lead). */
  onSaved(lead: Lead, before: Grade | null | undefined, eventName: string, repName: string): void {
    fu.leads.set(lead.id, { lead: structuredClone(lead), eventName, repName });
    if (before !== undefined && before === lead.grade) return;
    const at = clock();
    for (const t of fu.tasks) if (t.lead_id === lead.id && t.status === "open" && t.grade !== null && t.grade !== lead.grade) t.status = "cancelled";
    if (!lead.grade) return;
    const steps = stepsFor(rulesFor(lead.event_id), lead.grade);
    steps.forEach((s, step) => {
      const exists = fu.tasks.some((t) => t.lead_id === lead.id && t.grade === lead.grade && t.step === step && t.status !== "cancelled");
      if (exists) return;
      let due = at + s.offset_days * DAY;
      if (s.within_hours !== null) due = Math.min(due, at + s.within_hours * 3_600_000);
      fu.tasks.push({
        id: `task-${++fu.seq}`,
        step,
        owner: lead.assigned_to ?? lead.captured_by,
        lead_id: lead.id,
        lead_name: lead.name,
        lead_company: lead.company,
        lead_email: lead.email,
        lead_phone: lead.phone_e164 ?? lead.phone,
        event_id: lead.event_id,
        event_name: eventName,
        time_zone: fu.zones.get(lead.event_id) ?? "Asia/Shanghai",
        kind: s.kind,
        grade: lead.grade,
        template: s.template,
        due_at: due,
        snoozed_until: null,
        status: "open",
        done_at: null,
        urgency: null,
      });
    });
  },
  /** Every task with its status (tests). */
  get tasks(): FollowUpTask[] {
    return fu.tasks.map(view);
  },
  /** Interactions recorded by done / sent / called. */
  get interactions(): FakeInteraction[] {
    return structuredClone(fu.interactions);
  },
  /** Drafts opened in the mail app and saved as .eml. */
  get opened(): Draft[] {
    return structuredClone(fu.opened);
  },
  get saved(): Draft[] {
    return structuredClone(fu.saved);
  },
  get icsExports(): number {
    return fu.exports;
  },
  /** Moves a task's due time (tests of overdue grouping). */
  setDue(id: string, due: number): void {
    const row = fu.tasks.find((t) => t.id === id);
    if (row) row.due_at = due;
  },
};

export const followupCommands = {
  followupToday: (): Promise<TodayTasks> => ok(() => {
    const user = session();
    if (!user) throw new LeadTrackError("validation", "Sign in first.", [{ field: "user", code: "no_user", message: "Sign in first." }]);
    const tasks = fu.tasks
      .filter((t) => t.status === "open" && t.owner === user)
      .map(view)
      .sort((x, y) => (x.snoozed_until ?? x.due_at) - (y.snoozed_until ?? y.due_at));
    return { tasks, overdue: tasks.filter((t) => t.urgency === "overdue").length };
  }),
  followupLeadTasks: (leadId: string): Promise<FollowUpTask[]> =>
    ok(() =>
      fu.tasks.filter((t) => t.lead_id === leadId).map(view).sort((x, y) => Number(x.status !== "open") - Number(y.status !== "open") || x.due_at - y.due_at)),
  followupSnooze: (id: string, until: number): Promise<FollowUpTask> => ok(() => {
    const row = open(id);
    row.snoozed_until = until;
    return view(row);
  }),
  followupTomorrowMorning: (id: string): Promise<number> => ok(() => {
    open(id);
    const now = clock();
    return now - (now % DAY) + DAY + 9 * 3_600_000;
  }),
  followupDone: (id: string, outcome: TaskOutcome): Promise<FollowUpTask> =>
    ok(() =>
      complete(id, outcome === "called" ? "call" : "task_done", outcome === "called" ? "Called" : "Follow-up done")),
  followupDraft: (leadId: string, templateId: string, locale: string): Promise<DraftView> => ok(() => {
    const saved = fu.leads.get(leadId);
    if (!saved) throw notFound("lead");
    const all = [...(fu.templates.get(saved.lead.event_id) ?? []), ...defaultTemplates()];
    const template = all.find((t) => t.id === templateId && t.locale === locale) ?? all.find((t) => t.id === templateId && t.locale === "en");
    if (!template) throw notFound("template");
    const user = session();
    const f = fields(saved, user === saved.lead.captured_by ? saved.repName : (user ?? ""));
    const subject = render(template.subject, f).replace(/[\r\n]+/g, " ");
    return { draft: { to: saved.lead.email, subject, body: render(template.body, f) }, fields: f, template_id: templateId };
  }),
  followupOpenMail: (draft: Draft): Promise<null> => ok(() => {
    fu.opened.push(structuredClone(draft));
    return null;
  }),
  followupSaveEml: (draft: Draft): Promise<SavedFile | null> => ok(() => {
    fu.saved.push(structuredClone(draft));
    return { path: `/tmp/${fu.saved.length}.eml` };
  }),
  followupMarkSent: (id: string, draft: Draft): Promise<FollowUpTask> => ok(() => complete(id, "email", draft.subject)),
  followupExportIcs: (): Promise<SavedFile | null> => ok(() => {
    fu.exports += 1;
    return { path: "/tmp/leadtrack-follow-up.ics" };
  }),
  followupRulesGet: (eventId: string): Promise<FollowUpRules> => ok(() => structuredClone(rulesFor(eventId))),
  followupRulesSet: (eventId: string, rules: FollowUpRules | null): Promise<FollowUpRules> => ok(() => {
    if (rules) fu.rules.set(eventId, structuredClone(rules));
    else fu.rules.delete(eventId);
    return structuredClone(rulesFor(eventId));
  }),
  followupTemplatesGet: (eventId: string): Promise<EmailTemplate[]> => ok(() => {
    const own = fu.templates.get(eventId) ?? [];
    return defaultTemplates().map((d) => structuredClone(own.find((t) => t.id === d.id && t.locale === d.locale) ?? d));
  }),
  followupTemplateSet: (eventId: string, template: EmailTemplate, reset: boolean): Promise<EmailTemplate> => ok(() => {
    const own = (fu.templates.get(eventId) ?? []).filter((t) => !(t.id === template.id && t.locale === template.locale));
    if (!reset) own.push(structuredClone(template));
    fu.templates.set(eventId, own);
    const back = own.find((t) => t.id === template.id && t.locale === template.locale) ?? defaultTemplates().find((t) => t.id === template.id && t.locale === template.locale);
    if (!back) throw notFound("template");
    return structuredClone(back);
  }),
  followupTimeZoneGet: (eventId: string): Promise<string> => ok(() => fu.zones.get(eventId) ?? "Asia/Shanghai"),
  followupTimeZoneSet: (eventId: string, timeZone: string | null): Promise<string> => ok(() => {
    const name = timeZone?.trim() || null;
    if (name && !/^[A-Za-z_]+(\/[A-Za-z_+-]+)+$|^UTC$/.test(name)) {
      throw new LeadTrackError("validation", "Unknown time zone.", [{ field: "time_zone", code: "unknown_time_zone", message: "Unknown time zone." }]);
    }
    if (name) fu.zones.set(eventId, name);
    else fu.zones.delete(eventId);
    return fu.zones.get(eventId) ?? "Asia/Shanghai";
  }),
};
