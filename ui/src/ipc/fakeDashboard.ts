//! The fake backend's dashboard, ROI and post-show report: figures counted from the fake's
//! leads the way the store counts them (a rep sees their own), costs and the evaluation kept in
//! memory, orders set by tests (`fake.dashboard.setOrders`), saved files recorded.
import type {
  Count,
  Dashboard,
  EventCost,
  Lead,
  OrderImport,
  ReportFile,
  ReportFormat,
  ReportText,
  RoiLine,
  ShowEvaluation,
  ShowRoi,
  User,
} from "./bindings";
import { LeadTrackError } from "./error";

type Order = { lead_id: string | null; channel: string; value_minor: number; gross_profit_minor: number; currency: string };

type DashState = {
  costs: Map<string, EventCost[]>;
  orders: Map<string, Order[]>;
  evaluations: Map<string, ShowEvaluation>;
  saved: { kind: "report" | "table"; format: string; name: string; rows?: string[][]; text?: ReportText }[];
  nextImport: OrderImport | null;
};

let dash: DashState = fresh();

function fresh(): DashState {
  return { costs: new Map(), orders: new Map(), evaluations: new Map(), saved: [], nextImport: null };
}

const GRADES = ["A", "B", "C", "D", ""] as const;

function emptyEvaluation(): ShowEvaluation {
  return { goals: "", results: "", lead_goal: null, booth_notes: "", promotion_notes: "", competitor_notes: "", next_time: "" };
}

function counts(m: Map<string, number>, label: (k: string) => string = (k) => k): Count[] {
  return [...m.entries()].map(([key, count]) => ({ key, label: label(key), count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function bump(m: Map<string, number>, k: string, n = 1) {
  m.set(k, (m.get(k) ?? 0) + n);
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.floor((part * 10000) / whole) : null);

type Ctx = { leads: () => Lead[]; users: () => User[]; user: () => User | null; now: () => number };

function forbiddenUnlessMoney(u: User | null) {
  if (!u || (u.role !== "manager" && u.role !== "marketing")) {
    throw new LeadTrackError("forbidden", "Only a manager or marketing can see and change show costs.");
  }
}

function sum(ms: { minor: number; currency: string }[]): { minor: number; currency: string } | null {
  if (ms.length === 0) return null;
  const currency = ms[0]!.currency;
  if (ms.some((m) => m.currency !== currency)) throw new Error(`amounts in ${currency} and ${ms.find((m) => m.currency !== currency)!.currency} cannot be added`);
  return { minor: ms.reduce((a, m) => a + m.minor, 0), currency };
}

export function dashboardCommands(ctx: Ctx) {
  const visible = (eventId: string | null) => {
    const u = ctx.user();
    return ctx
      .leads()
      .filter((l) => (eventId === null || l.event_id === eventId) && !l.merged_into)
      .filter((l) => !u || u.role !== "rep" || l.captured_by === u.id || l.assigned_to === u.id);
  };
  const roi = (eventId: string): ShowRoi => {
    const leads = visible(eventId).filter((l) => l.status !== "draft");
    const costs = dash.costs.get(eventId) ?? [];
    const orders = dash.orders.get(eventId) ?? [];
    const channels = new Map<string, { leads: number; opps: number; orders: Order[] }>();
    const calibration = GRADES.map(() => [0, 0, 0] as [number, number, number]);
    for (const l of leads) {
      const c = channels.get(l.source) ?? { leads: 0, opps: 0, orders: [] };
      c.leads += 1;
      if (["opportunity", "quoted", "won"].includes(l.status)) c.opps += 1;
      channels.set(l.source, c);
      const row = calibration[GRADES.indexOf((l.grade ?? ""))]!;
      row[l.status === "won" ? 0 : l.status === "lost" ? 1 : 2] += 1;
    }
    for (const o of orders) {
      const c = channels.get(o.channel) ?? { leads: 0, opps: 0, orders: [] };
      c.orders.push(o);
      channels.set(o.channel, c);
    }
    let problem: string | null = null;
    const safe = <T,>(f: () => T): T | null => {
      try {
        return f();
      } catch (e) {
        problem ??= (e as Error).message;
        return null;
      }
    };
    const line = (channel: string, leads: number, opps: number, os: Order[]): RoiLine => ({
      channel,
      leads,
      opportunities: opps,
      orders: os.length,
      won_value: safe(() => sum(os.map((o) => ({ minor: o.value_minor, currency: o.currency })))),
      gross_profit: safe(() => sum(os.map((o) => ({ minor: o.gross_profit_minor, currency: o.currency })))),
    });
    const lines = [...channels.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ch, c]) => line(ch, c.leads, c.opps, c.orders));
    const all = [...channels.values()];
    const show = line("", all.reduce((a, c) => a + c.leads, 0), all.reduce((a, c) => a + c.opps, 0), orders);
    const total = safe(() => sum(costs.map((c) => ({ minor: c.amount_minor, currency: c.currency }))));
    const per = (n: number) => (total && n > 0 ? { minor: Math.round(total.minor / n), currency: total.currency } : null);
    let roiBp: number | null = null;
    if (total && total.minor > 0) {
      const gp = show.gross_profit ?? { minor: 0, currency: total.currency };
      if (gp.currency !== total.currency) problem ??= `amounts in ${gp.currency} and ${total.currency} cannot be added`;
      else roiBp = Math.round(((gp.minor - total.minor) * 10000) / total.minor);
    }
    return {
      event_id: eventId,
      costs,
      total_cost: total,
      cost_per_lead: per(show.leads),
      cost_per_opportunity: per(show.opportunities),
      show,
      channels: lines,
      roi_bp: roiBp,
      problem,
      calibration,
    };
  };
  return {
    dashboardGet: async (eventId: string | null): Promise<Dashboard> => {
      const all = visible(eventId);
      const leads = all.filter((l) => l.status !== "draft");
      const names = new Map(ctx.users().map((u) => [u.id, u.name]));
      const m = () => new Map<string, number>();
      const [rep, hour, status, source, region, title] = [m(), m(), m(), m(), m(), m()];
      const grades = [0, 0, 0, 0, 0];
      const heat = new Map<string, [number, number, number, number, number]>();
      for (const l of leads) {
        bump(rep, l.captured_by);
        bump(hour, new Date(l.created_at).toISOString().slice(0, 13) + ":00");
        const g = GRADES.indexOf((l.grade ?? ""));
        grades[g]! += 1;
        bump(status, l.status);
        bump(source, l.source);
        bump(region, l.country);
        bump(title, l.title);
        for (const i of l.interests) {
          const row = heat.get(i) ?? [0, 0, 0, 0, 0];
          row[g] = (row[g] ?? 0) + 1;
          heat.set(i, row);
        }
      }
      const n = (s: string) => status.get(s) ?? 0;
      const won = n("won");
      const quoted = n("quoted") + won;
      const opportunities = n("opportunity") + quoted;
      return {
        event_id: eventId,
        time_zone: "UTC",
        own_leads_only: ctx.user()?.role === "rep",
        total_leads: leads.length,
        drafts: all.length - leads.length,
        by_rep: counts(rep, (k) => names.get(k) ?? k),
        by_hour: [...hour.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([h, count]) => ({ hour: h, count })),
        by_grade: GRADES.map((k, i) => ({ key: k, label: k, count: grades[i]! })),
        by_status: counts(status),
        by_source: counts(source),
        by_region: counts(region),
        by_title: counts(title),
        interests: [...heat.entries()].map(([interest, by_grade]) => ({ interest, by_grade })),
        follow_up: { due: 0, overdue: 0, done: 0, touched: 0, first_touch_median_ms: null, first_touch_p90_ms: null },
        funnel: {
          leads: leads.length,
          opportunities,
          quoted,
          won,
          lost: n("lost"),
          opportunity_rate_bp: rate(opportunities, leads.length),
          quote_rate_bp: rate(quoted, opportunities),
          win_rate_bp: rate(won, quoted),
        },
        sync: { pending: 0, inflight: 0, parked: 0, acked: 0 },
        generated_at: ctx.now(),
      };
    },
    dashboardRoi: async (eventId: string): Promise<ShowRoi> => {
      forbiddenUnlessMoney(ctx.user());
      return roi(eventId);
    },
    dashboardCostsSet: async (eventId: string, costs: EventCost[]): Promise<ShowRoi> => {
      forbiddenUnlessMoney(ctx.user());
      const currencies = new Set(costs.map((c) => c.currency.trim().toUpperCase()));
      if (currencies.size > 1) {
        const message = "Enter all costs of a show in one currency.";
        throw new LeadTrackError("validation", message, [{ field: "currency", code: "currency_mismatch", message }]);
      }
      if (costs.some((c) => c.amount_minor < 0)) {
        const message = "A cost cannot be negative.";
        throw new LeadTrackError("validation", message, [{ field: "amount", code: "negative", message }]);
      }
      dash.costs.set(eventId, costs.map((c) => ({ ...c, currency: c.currency.trim().toUpperCase() })));
      return roi(eventId);
    },
    dashboardOrdersImport: async (eventId: string, _currency: string, data: Uint8Array, _fileExt: string): Promise<OrderImport> => {
      forbiddenUnlessMoney(ctx.user());
      const report = dash.nextImport ?? { rows: 0, matched_by_promo: 0, matched_by_lead: 0, unmatched: 0, problems: [] };
      dash.nextImport = null;
      if (data.length === 0) throw new LeadTrackError("validation", "The file is empty: it has no header row.");
      void eventId;
      return report;
    },
    dashboardEvaluationGet: async (eventId: string): Promise<ShowEvaluation> => {
      forbiddenUnlessMoney(ctx.user());
      return { ...(dash.evaluations.get(eventId) ?? emptyEvaluation()) };
    },
    dashboardEvaluationSet: async (eventId: string, evaluation: ShowEvaluation): Promise<ShowEvaluation> => {
      forbiddenUnlessMoney(ctx.user());
      dash.evaluations.set(eventId, { ...evaluation });
      return { ...evaluation };
    },
    dashboardReportSave: async (eventId: string, format: ReportFormat, text: ReportText): Promise<ReportFile | null> => {
      forbiddenUnlessMoney(ctx.user());
      const name = `post-show-report-${eventId}.${format}`;
      dash.saved.push({ kind: "report", format, name, text });
      return { path: `/tmp/${name}`, bytes: 1234 };
    },
    dashboardTableSave: async (fileName: string, headers: string[], rows: string[][]): Promise<ReportFile | null> => {
      dash.saved.push({ kind: "table", format: "csv", name: fileName, rows: [headers, ...rows] });
      return { path: `/tmp/${fileName}.csv`, bytes: 10 };
    },
  };
}

/** Test controls. */
export const dashboardFake = {
  reset(): void {
    dash = fresh();
  },
  setOrders(eventId: string, orders: Order[]): void {
    dash.orders.set(eventId, orders);
  },
  nextImport(report: OrderImport): void {
    dash.nextImport = report;
  },
  get saved() {
    return dash.saved;
  },
};
