import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";
import { fromMajorText, toMajorText } from "./money";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const LEAD = makeLead();

function seed(userId = "u-dylan") {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId, leads: [LEAD] });
  fake.quotes.seedPricebook();
  fake.quotes.seedPromo({ event_id: sampleEvent.id, user_id: null, code: "CANTON26" });
}

async function pickProduct(user: ReturnType<typeof renderApp>["user"], index: number, text: string, name: RegExp) {
  const input = await screen.findByTestId(`line-product-${index}`);
  await user.click(input);
  await user.type(input, text);
  await user.click(await screen.findByRole("option", { name }));
}

describe("quote builder", () => {
  beforeEach(() => seed());

  it("shows the price range and lead time as the rep fills a line, and saves it into the lead's history", async () => {
    const { user } = renderApp(`/leads/${LEAD.id}`);
    await user.click(await screen.findByTestId("quote-lead"));
    await pickProduct(user, 0, "mug", /Ceramic mug/);
    await user.type(screen.getByTestId("line-qty-0"), "2500");
    await user.click(screen.getByTestId("line-option-0-PRINT1"));
    await user.selectOptions(screen.getByTestId("quote-shipping"), "0"); // Sea → EU, the sample's first lane

    // 2000+ tier 1.75–2.30, print +0.08–0.15 → 1.83–2.45 × 2500; ⌈2500/2000⌉ + 5 + 28..40 days
    await waitFor(() => expect(screen.getByTestId("quote-total")).toHaveTextContent("$4,575.00 – $6,125.00"));
    expect(screen.getByTestId("quote-lead-time")).toHaveTextContent("35–47 days");
    expect(screen.getByTestId("quote-promo")).toHaveValue("CANTON26");

    await user.type(screen.getByTestId("quote-notes"), "Wants samples first");
    await user.type(screen.getByTestId("quote-valid-until"), "2026-06-30");
    await user.click(screen.getByTestId("quote-save"));

    const row = await screen.findByTestId("quote-row");
    expect(row).toHaveTextContent("$4,575.00 – $6,125.00");
    expect(within(row).getByTestId("quote-row-meta")).toHaveTextContent("Dylan");
    expect(row).toHaveTextContent("Sample pricebook 2026 v1");
    expect(row).toHaveTextContent("CANTON26");
    expect(row).toHaveTextContent("Wants samples first");
    expect(fake.quotes.quotes[0]).toMatchObject({ lead_id: LEAD.id, pricebook_version: 1, valid_until: "2026-06-30", promo_code: "CANTON26" });
  });

  it("warns when a quantity is under the MOQ and prices the MOQ", async () => {
    const { user } = renderApp(`/leads/${LEAD.id}/quote`);
    await pickProduct(user, 0, "MUG", /Ceramic mug/);
    await user.type(screen.getByTestId("line-qty-0"), "100");
    expect(await screen.findByTestId("moq-warning")).toHaveTextContent("100 is below the minimum order of 500 pcs");
    await waitFor(() => expect(screen.getByTestId("quote-total")).toHaveTextContent("$1,050.00 – $1,400.00"));
  });

  it("refuses a product that is not sold under its MOQ and cannot save it", async () => {
    const { user } = renderApp(`/leads/${LEAD.id}/quote`);
    await pickProduct(user, 0, "bottle", /Stainless bottle/);
    await user.type(screen.getByTestId("line-qty-0"), "10");
    expect(await screen.findByTestId("error-alert")).toHaveTextContent("not sold below its minimum order quantity");
    expect(screen.getByTestId("quote-save")).toBeDisabled();
  });

  it("adds the lines of several products into one total and the longest lead time", async () => {
    const { user } = renderApp(`/leads/${LEAD.id}/quote`);
    await pickProduct(user, 0, "mug", /Ceramic mug/);
    await user.type(screen.getByTestId("line-qty-0"), "2000");
    await user.click(screen.getByTestId("add-line"));
    await pickProduct(user, 1, "bottle", /Stainless bottle/);
    await user.type(screen.getByTestId("line-qty-1"), "1500");
    // mugs 1.75–2.30 × 2000 + bottles 4.20–5.10 × 1500; lead: max(1+5, 1+7) ex works
    await waitFor(() => expect(screen.getByTestId("quote-total")).toHaveTextContent("$9,800.00 – $12,250.00"));
    expect(screen.getByTestId("quote-lead-time")).toHaveTextContent("8 days");
  });
});

describe("handouts from the quote history", () => {
  beforeEach(() => seed());

  it("saves a quote's handout as PDF and prints it, with the words in the rep's language", async () => {
    const { user } = renderApp(`/leads/${LEAD.id}/quote`);
    await pickProduct(user, 0, "mug", /Ceramic mug/);
    await user.type(screen.getByTestId("line-qty-0"), "600");
    await waitFor(() => expect(screen.getByTestId("quote-save")).toBeEnabled());
    await user.click(screen.getByTestId("quote-save"));
    await user.click(await screen.findByTestId("quote-pdf"));
    expect(await screen.findByText(/Handout saved: \/home\/rep\/quote-q-/)).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId("lang-picker"), "fa");
    await user.click(screen.getByTestId("quote-print"));
    await waitFor(() => expect(fake.quotes.handouts).toHaveLength(2));
    const [pdf, printed] = fake.quotes.handouts;
    expect(pdf).toMatchObject({ how: "pdf", text: { title: "Quotation", rtl: false, days_range: "{min}–{max} days" } });
    expect(printed).toMatchObject({ how: "print", text: { title: "پیش‌فاکتور", rtl: true } });
  });
});

const GOOD = [
  "type,sku,name,currency,moq,below_moq,capacity_per_day,min_qty,low,high",
  "pricebook,,Autumn,EUR,,,,,,",
  "product,CUP,Paper cup,,1000,refuse,50000,,,",
  "tier,CUP,,,,,,1000,0.05,0.08",
].join("\n");
const BAD = [
  "type,sku,name,currency,moq,below_moq,capacity_per_day,min_qty,low,high",
  "pricebook,,Autumn,EUR,,,,,,",
  "product,CUP,Paper cup,,1000,refuse,50000,,,",
  "tier,CUP,,,,,,1000,0.08,0.05",
  "tier,LID,,,,,,1,1,2",
].join("\n");

function file(text: string) {
  return new File([text], "pricebook.csv", { type: "text/csv" });
}

describe("pricebook screen", () => {
  it("lets a manager preview a file, shows every problem by row, and imports a good one as a new version", async () => {
    seed("u-lisa");
    const { user } = renderApp("/quotes");
    expect(await screen.findByTestId("product-MUG-350")).toBeInTheDocument();

    await user.upload(screen.getByTestId("pricebook-file"), file(BAD));
    const errors = await screen.findByTestId("pricebook-errors");
    expect(errors).toHaveTextContent("Row 4: unit_high is below unit_low");
    expect(errors).toHaveTextContent("Row 5: no product row defines SKU LID");
    expect(screen.queryByTestId("pricebook-import")).toBeNull();

    await user.upload(screen.getByTestId("pricebook-file"), file(GOOD));
    expect(await screen.findByTestId("pricebook-preview")).toHaveTextContent("Autumn: 1 products, 0 shipping lanes, prices in EUR.");
    await user.click(screen.getByTestId("pricebook-import"));
    expect(await screen.findByTestId("product-CUP")).toHaveTextContent("€0.05 – €0.08");
    expect(screen.getByTestId("pricebook-name")).toHaveTextContent("Version 2");
  });

  it("lets a manager edit a product's tier, saved as a new version", async () => {
    seed("u-lisa");
    const update = vi.spyOn(commands, "pricebooksUpdateProduct");
    const { user } = renderApp("/quotes");
    await user.click(await screen.findByTestId("edit-product-MUG-350"));
    const low = screen.getByTestId("tier-low-0");
    await user.clear(low);
    await user.type(low, "1.99");
    await user.click(screen.getByTestId("product-save"));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update.mock.calls[0]![1].tiers[0]).toEqual({ min_qty: 500, unit_low: 199, unit_high: 280 });
    expect(await screen.findByTestId("product-MUG-350")).toHaveTextContent("$1.99 – $2.80");
    expect(screen.getByTestId("pricebook-name")).toHaveTextContent("Version 2");
  });

  it("shows a rep the products read-only, without import, edit or promo code", async () => {
    seed("u-dylan");
    renderApp("/quotes");
    expect(await screen.findByTestId("product-MUG-350")).toHaveTextContent("$2.10 – $2.80");
    expect(screen.getByTestId("pricebook-readonly")).toBeInTheDocument();
    expect(screen.queryByTestId("pricebook-file")).toBeNull();
    expect(screen.queryByTestId("edit-product-MUG-350")).toBeNull();
    expect(screen.queryByTestId("promo-code")).toBeNull();
  });

  it("lets a manager set the show's promo code", async () => {
    seed("u-lisa");
    const set = vi.spyOn(commands, "promoCodesSet");
    const { user } = renderApp("/quotes");
    const input = await screen.findByTestId("promo-code");
    expect(input).toHaveValue("CANTON26");
    await user.clear(input);
    await user.type(input, "FAIR-9");
    await user.click(screen.getByTestId("promo-save"));
    await waitFor(() => expect(set).toHaveBeenCalledWith(sampleEvent.id, null, "FAIR-9"));
  });
});

describe("money text", () => {
  it("converts between minor units and text exactly for 0, 2 and 3 decimals", () => {
    for (const [minor, decimals, text] of [
      [1200, 0, "1200"],
      [1250, 2, "12.50"],
      [5, 2, "0.05"],
      [1234, 3, "1.234"],
    ] as const) {
      expect(toMajorText(minor, decimals)).toBe(text);
      expect(fromMajorText(text, decimals)).toBe(minor);
    }
    expect(fromMajorText("12.5", 0)).toBeNull();
    expect(fromMajorText("1.2345", 3)).toBeNull();
    expect(fromMajorText("-1", 2)).toBeNull();
    expect(fromMajorText("1,000", 2)).toBeNull();
    expect(fromMajorText("0.1", 2)).toBe(10);
  });
});
