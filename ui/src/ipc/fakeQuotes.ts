//! The fake backend's quotes: pricebooks (versioned, editable by managers and marketing), a
//! small estimator with the real one's rules (tiers, MOQ, options, formulation, lead time —
//! the Rust tests are the reference), quotes per lead and promo codes.
import type {
  Estimate,
  EstimateRequest,
  FieldError,
  HandoutFile,
  HandoutText,
  LineEstimate,
  Pricebook,
  PricebookPreview,
  PricebookVersion,
  PrintResult,
  Product,
  PromoCode,
  Quote,
  QuoteInput,
  RowError,
  User,
  Warning,
} from "./bindings";
import { LeadTrackError } from "./error";

type Ctx = { user: () => User | null; now: () => number; touch: (leadId: string) => void };

type QuotesState = {
  versions: Pricebook[];
  saved: { pb: PricebookVersion }[];
  quotes: Quote[];
  promo: PromoCode[];
  seq: number;
  /** Handouts asked for: saved as PDF or printed, with the words they were asked in. */
  handouts: { quoteId: string; how: "pdf" | "print"; text: HandoutText }[];
};

function fresh(): QuotesState {
  return { versions: [], saved: [], quotes: [], promo: [], seq: 0, handouts: [] };
}

function knownQuote(id: string): void {
  if (!s.quotes.some((q) => q.id === id)) throw new LeadTrackError("not_found", `no quote with id ${id}`, []);
}

let s: QuotesState = fresh();

function invalid(fields: FieldError[]): LeadTrackError {
  return new LeadTrackError("validation", fields[0]?.message ?? "invalid", fields);
}

const clone = <T>(v: T): T => structuredClone(v);

export const ZERO_DECIMALS = ["JPY", "KRW", "VND", "CLP", "ISK"];
export const THREE_DECIMALS = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
function decimals(currency: string): number {
  return ZERO_DECIMALS.includes(currency) ? 0 : THREE_DECIMALS.includes(currency) ? 3 : 2;
}

/** A sample pricebook: mugs (tiers, price at MOQ, options) and bottles (refused below MOQ). */
export function samplePricebook(): Pricebook {
  return {
    id: "pb-1",
    version: 1,
    name: "Sample pricebook 2026",
    currency: "USD",
    products: [
      {
        sku: "MUG-350",
        name: "Ceramic mug 350 ml",
        category: "Drinkware",
        unit: "pcs",
        moq: 500,
        below_moq: "price_at_moq",
        tiers: [
          { min_qty: 500, unit_low: 210, unit_high: 280 },
          { min_qty: 2000, unit_low: 175, unit_high: 230 },
        ],
        options: [
          { code: "PRINT1", name: "Logo print", widen: { kind: "absolute", low: 8, high: 15 } },
          { code: "GIFTBOX", name: "Gift box", widen: { kind: "percent", low_bp: 800, high_bp: 1500 } },
        ],
        capacity_per_day: 2000,
        processing_days: 5,
        formulation: null,
      },
      {
        sku: "BTL-500",
        name: "Stainless bottle 500 ml",
        category: "Drinkware",
        unit: "pcs",
        moq: 1000,
        below_moq: "refuse",
        tiers: [{ min_qty: 1000, unit_low: 420, unit_high: 510 }],
        options: [],
        capacity_per_day: 1500,
        processing_days: 7,
        formulation: null,
      },
    ],
    shipping: [
      { method: "Sea", destination: "EU", min_days: 28, max_days: 40 },
      { method: "Air", destination: "EU", min_days: 5, max_days: 8 },
    ],
  };
}

function canEdit(ctx: Ctx): User {
  const user = ctx.user();
  if (!user) throw invalid([{ field: "user", code: "no_user", message: "Choose who is at the booth before saving leads." }]);
  if (user.role !== "manager" && user.role !== "marketing") {
    throw invalid([{ field: "role", code: "forbidden", message: "Only a manager or marketing can change pricebooks and promo codes." }]);
  }
  return user;
}

function save(ctx: Ctx, id: string | null, pb: Pricebook, by: string): Pricebook {
  const pbId = id ?? `pb-${++s.seq}`;
  const latest = Math.max(0, ...s.versions.filter((v) => v.id === pbId).map((v) => v.version));
  const saved = { ...clone(pb), id: pbId, version: latest + 1 };
  s.versions.push(saved);
  s.saved.push({
    pb: { id: pbId, version: saved.version, name: saved.name, currency: saved.currency, products: saved.products.length, created_at: ctx.now(), created_by: by },
  });
  return clone(saved);
}

function get(id: string, version: number | null): Pricebook {
  const all = s.versions.filter((v) => v.id === id).sort((a, b) => b.version - a.version);
  const pb = version === null ? all[0] : all.find((v) => v.version === version);
  if (!pb) throw new LeadTrackError("not_found", `no pricebook with id ${id}`, []);
  return clone(pb);
}

class EstimateFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** The estimator's rules, as in crates/leadtrack-domain/src/quote.rs (tested there). */
export function fakeEstimate(pb: Pricebook, req: EstimateRequest): Estimate {
  if (req.lines.length === 0) throw new EstimateFailure("no_lines", "Add at least one product.");
  const warnings: Warning[] = [];
  const method = (req.shipping_method ?? "").trim();
  const dest = (req.destination ?? "").trim();
  let ship = req.shipping_days ?? null;
  if (!ship && (method || dest)) {
    const lane = pb.shipping.find((l) => l.method.toLowerCase() === method.toLowerCase() && l.destination.toLowerCase() === dest.toLowerCase());
    if (!lane) throw new EstimateFailure("unknown_shipping", `No shipping by ${method} to ${dest} in this pricebook.`);
    ship = { min: lane.min_days, max: lane.max_days };
  }
  if (!ship) warnings.push({ code: "no_shipping" });
  const sh = ship ?? { min: 0, max: 0 };
  const lines: LineEstimate[] = req.lines.map((line) => {
    const p = pb.products.find((x) => x.sku === line.sku);
    if (!p) throw new EstimateFailure("unknown_product", `No product ${line.sku} in this pricebook.`);
    if (line.qty < 1) throw new EstimateFailure("zero_quantity", `The quantity of ${line.sku} must be at least 1.`);
    let billed = line.qty;
    if (line.qty < p.moq) {
      if (p.below_moq === "refuse") throw new EstimateFailure("below_moq_refused", `${p.sku} is not sold below its minimum order of ${p.moq} (asked: ${line.qty}).`);
      warnings.push({ code: "below_moq", sku: p.sku, qty: line.qty, moq: p.moq });
      billed = p.moq;
    }
    let base: [number, number];
    if (p.formulation) {
      const cost = p.formulation.ingredients.reduce((sum, i) => sum + i.cost_per_unit_minor * i.qty_per_unit_micro, 0) / 1_000_000;
      base = [Math.floor(cost / (1 - p.formulation.margin_low_bp / 10_000)), Math.ceil(cost / (1 - p.formulation.margin_high_bp / 10_000))];
    } else {
      const tier = [...p.tiers].reverse().find((t) => t.min_qty <= billed) ?? p.tiers[0];
      if (!tier) throw new EstimateFailure("no_price", `Product ${p.sku} has no prices.`);
      base = [tier.unit_low, tier.unit_high];
    }
    let [low, high] = base;
    const picked: string[] = [];
    for (const code of line.options) {
      if (picked.includes(code)) continue;
      const o = p.options.find((x) => x.code === code);
      if (!o) throw new EstimateFailure("unknown_option", `Product ${p.sku} has no option ${code}.`);
      if (o.widen.kind === "absolute") {
        low += o.widen.low;
        high += o.widen.high;
      } else {
        low += Math.floor((base[0] * o.widen.low_bp) / 10_000);
        high += Math.ceil((base[1] * o.widen.high_bp) / 10_000);
      }
      picked.push(code);
    }
    const production = line.production_days ?? Math.ceil(billed / Math.max(1, p.capacity_per_day));
    const processing = line.processing_days ?? p.processing_days;
    return {
      sku: p.sku,
      name: p.name,
      unit: p.unit,
      qty: line.qty,
      billed_qty: billed,
      unit_low: low,
      unit_high: high,
      total_low: low * billed,
      total_high: high * billed,
      production_days: production,
      processing_days: processing,
      lead_days: { min: production + processing + sh.min, max: production + processing + sh.max },
      options: picked,
    };
  });
  return {
    currency: pb.currency,
    decimals: decimals(pb.currency),
    lines,
    total_low: lines.reduce((a, l) => a + l.total_low, 0),
    total_high: lines.reduce((a, l) => a + l.total_high, 0),
    shipping_days: ship,
    lead_days: { min: Math.max(...lines.map((l) => l.lead_days.min)), max: Math.max(...lines.map((l) => l.lead_days.max)) },
    warnings,
  };
}

function estimateOrThrow(pb: Pricebook, req: EstimateRequest): Estimate {
  try {
    return fakeEstimate(pb, req);
  } catch (e) {
    if (e instanceof EstimateFailure) throw invalid([{ field: "request", code: e.code, message: e.message }]);
    throw e;
  }
}

/** A tiny reader of the pricebook format (comma-separated, no quotes): tiers and products only. */
function preview(data: Uint8Array): PricebookPreview {
  const lines = new TextDecoder().decode(data).split(/\r?\n/).filter((l) => l.trim() !== "");
  const [head, ...rows] = lines.map((l) => l.split(",").map((c) => c.trim()));
  if (!head) throw invalid([{ field: "file", code: "unreadable_sheet", message: "The file is empty: it has no header row." }]);
  const col = (row: string[], name: string) => row[head.indexOf(name)] ?? "";
  const errors: RowError[] = [];
  const pb: Pricebook = { id: "", version: 0, name: "", currency: "", products: [], shipping: [] };
  const money = (text: string) => Math.round(Number(text) * 10 ** decimals(pb.currency));
  rows.forEach((row, i) => {
    const n = i + 2;
    const type = col(row, "type");
    if (type === "pricebook") {
      pb.name = col(row, "name");
      pb.currency = col(row, "currency");
    } else if (type === "product") {
      pb.products.push({
        sku: col(row, "sku"),
        name: col(row, "name"),
        category: col(row, "category"),
        unit: col(row, "unit"),
        moq: Number(col(row, "moq") || 0),
        below_moq: col(row, "below_moq") === "refuse" ? "refuse" : "price_at_moq",
        tiers: [],
        options: [],
        capacity_per_day: Number(col(row, "capacity_per_day") || 1),
        processing_days: Number(col(row, "processing_days") || 0),
        formulation: null,
      });
    } else if (type === "tier") {
      const p = pb.products.find((x) => x.sku === col(row, "sku"));
      const low = money(col(row, "low"));
      const high = money(col(row, "high") || col(row, "low"));
      if (!p) errors.push({ row: n, column: "sku", code: "unknown_sku", message: `no product row defines SKU ${col(row, "sku")}` });
      else if (high < low) errors.push({ row: n, column: "high", code: "range_inverted", message: "unit_high is below unit_low" });
      else p.tiers.push({ min_qty: Number(col(row, "min_qty") || 1), unit_low: low, unit_high: high });
    }
  });
  return { format: "csv", total_rows: rows.length, pricebook: errors.length ? null : pb, errors };
}

export function quoteCommands(ctx: Ctx) {
  return {
    pricebooksPreview: async (data: Uint8Array, _fileExt: string): Promise<PricebookPreview> => preview(data),
    pricebooksImport: async (pricebookId: string | null, data: Uint8Array, _fileExt: string): Promise<Pricebook> => {
      const p = preview(data);
      if (!p.pricebook) {
        throw invalid(p.errors.map((e) => ({ field: `row ${e.row}`, code: e.code, message: `row ${e.row}: ${e.message}` })));
      }
      const user = canEdit(ctx);
      return save(ctx, pricebookId || null, p.pricebook, user.name);
    },
    pricebooksList: async (): Promise<PricebookVersion[]> => {
      const ids = [...new Set(s.versions.map((v) => v.id))];
      return ids.map((id) => clone(s.saved.filter((x) => x.pb.id === id).sort((a, b) => b.pb.version - a.pb.version)[0]!.pb));
    },
    pricebooksGet: async (id: string, version: number | null): Promise<Pricebook> => get(id, version),
    pricebooksVersions: async (id: string): Promise<PricebookVersion[]> =>
      clone(s.saved.filter((x) => x.pb.id === id).map((x) => x.pb)).sort((a, b) => b.version - a.version),
    pricebooksUpdateProduct: async (id: string, product: Product): Promise<Pricebook> => {
      const user = canEdit(ctx);
      const pb = get(id, null);
      const i = pb.products.findIndex((p) => p.sku === product.sku);
      if (i >= 0) pb.products[i] = clone(product);
      else pb.products.push(clone(product));
      const bad = pb.products.flatMap((p) => p.tiers.filter((t) => t.unit_high < t.unit_low).map(() => p.sku));
      if (bad.length) throw invalid([{ field: "products.tiers.unit_high", code: "range_inverted", message: "unit_high is below unit_low." }]);
      return save(ctx, id, pb, user.name);
    },
    quotesEstimate: async (pricebookId: string, version: number | null, request: EstimateRequest): Promise<Estimate> =>
      estimateOrThrow(get(pricebookId, version), request),
    quotesSave: async (input: QuoteInput): Promise<Quote> => {
      const user = ctx.user();
      if (!user) throw invalid([{ field: "user", code: "no_user", message: "Choose who is at the booth before saving leads." }]);
      if (input.valid_until && !/^\d{4}-\d{2}-\d{2}$/.test(input.valid_until)) {
        throw invalid([{ field: "valid_until", code: "invalid_date", message: "valid until must be a date (YYYY-MM-DD)." }]);
      }
      const pb = get(input.pricebook_id, input.pricebook_version);
      const quote: Quote = {
        id: `q-${++s.seq}`,
        lead_id: input.lead_id,
        author_id: user.id,
        author_name: user.name,
        created_at: ctx.now(),
        pricebook_id: pb.id,
        pricebook_version: pb.version,
        pricebook_name: pb.name,
        request: clone(input.request),
        estimate: estimateOrThrow(pb, input.request),
        valid_until: input.valid_until?.trim() || null,
        notes: input.notes.trim(),
        promo_code: input.promo_code.trim(),
      };
      s.quotes.unshift(quote);
      ctx.touch(input.lead_id);
      return clone(quote);
    },
    quotesPdfSave: async (quoteId: string, text: HandoutText): Promise<HandoutFile | null> => {
      knownQuote(quoteId);
      s.handouts.push({ quoteId, how: "pdf", text: clone(text) });
      return { path: `/home/rep/quote-${quoteId}.pdf`, bytes: 48_000 };
    },
    quotesPrint: async (quoteId: string, text: HandoutText): Promise<PrintResult> => {
      knownQuote(quoteId);
      s.handouts.push({ quoteId, how: "print", text: clone(text) });
      return { sent: false, job: null, opened_viewer: true };
    },
    quotesForLead: async (leadId: string): Promise<Quote[]> => clone(s.quotes.filter((q) => q.lead_id === leadId)),
    promoCodesGet: async (eventId: string): Promise<PromoCode[]> => clone(s.promo.filter((p) => p.event_id === eventId)),
    promoCodesSet: async (eventId: string, userId: string | null, code: string): Promise<PromoCode[]> => {
      canEdit(ctx);
      s.promo = s.promo.filter((p) => !(p.event_id === eventId && p.user_id === userId));
      if (code.trim()) s.promo.push({ event_id: eventId, user_id: userId, code: code.trim() });
      return clone(s.promo.filter((p) => p.event_id === eventId));
    },
  };
}

/** Test controls for quotes. */
export const quotesFake = {
  reset(): void {
    s = fresh();
  },
  /** Stores a pricebook as if a manager had imported it (no role check). */
  seedPricebook(pb: Pricebook = samplePricebook(), by = "Lisa"): Pricebook {
    return save({ user: () => null, now: () => Date.UTC(2026, 3, 14), touch: () => {} }, pb.id || null, pb, by);
  },
  seedPromo(code: PromoCode): void {
    s.promo.push(clone(code));
  },
  get quotes(): Quote[] {
    return clone(s.quotes);
  },
  get handouts(): { quoteId: string; how: "pdf" | "print"; text: HandoutText }[] {
    return clone(s.handouts);
  },
};
