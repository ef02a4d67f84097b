import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, sampleEvent, sampleUsers } from "../../ipc/fake";
import type { Grade, LeadInput } from "../../ipc";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

function input(name: string, grade: Grade | null, interests: string[] = ["valves"]): LeadInput {
  return {
    event_id: sampleEvent.id,
    company: "Acme",
    name,
    title: "Buyer",
    phone: "",
    email: `${name.toLowerCase().replace(/\s/g, "")}@acme.example`,
    country: "DE",
    grade,
    interests,
    key_needs: "",
    next_action: null,
    draft: false,
    source: null,
    badge_raw: null,
    badge_format: null,
  };
}

async function seed() {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
  await commands.leadsCreate(input("Wang Wei", "A"));
  await commands.leadsCreate(input("Li Na", "B", ["pumps"]));
  await commands.leadsCreate(input("Reza", "A"));
}

describe("Dashboard", () => {
  beforeEach(seed);

  it("a manager sees totals, the grade split, the funnel and the interest heat of the show", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
    await commands.leadsCreate(input("Wang Wei", "A"));
    await commands.leadsCreate(input("Reza", "A", ["valves", "pumps"]));
    await commands.leadsCreate(input("Li Na", "C", ["pumps"]));
    renderApp("/dashboard");

    expect(await screen.findByTestId("figure-leads")).toHaveTextContent("3");
    expect(screen.getByTestId("figure-a")).toHaveTextContent("2");
    expect(within(screen.getByTestId("chart-grades")).getAllByText("Grade A: 2").length).toBeGreaterThan(0);
    expect(within(screen.getByTestId("chart-hours")).getByRole("img")).toBeInTheDocument();
    expect(within(screen.getByTestId("funnel-leads")).getByText("3")).toBeInTheDocument();
    const heat = screen.getByTestId("table-interests");
    const pumps = within(heat).getByText("pumps").closest("tr") as HTMLElement;
    expect(within(pumps).getAllByRole("cell").map((c) => c.textContent)).toEqual(["pumps", "1", "0", "1", "0", "0"]);
    expect(screen.getByTestId("roi-panel")).toBeInTheDocument();
  });

  it("a rep sees only their own figures and no money", async () => {
    renderApp("/dashboard");
    expect(await screen.findByTestId("figure-leads")).toHaveTextContent("3");
    expect(screen.getByText("These are the figures of your own leads.")).toBeInTheDocument();
    expect(screen.queryByTestId("roi-panel")).toBeNull();
    expect(screen.queryByTestId("report-open")).toBeNull();
  });

  it("every table exports its rows as CSV", async () => {
    const { user } = renderApp("/dashboard");
    await user.click(await screen.findByTestId("export-by-rep"));
    await waitFor(() => expect(fake.dashboard.saved).toHaveLength(1));
    expect(fake.dashboard.saved[0]).toMatchObject({ kind: "table", name: "by-rep", rows: [["Rep", "Leads"], ["Dylan", "3"]] });
  });

  it("an amount that is not a number is named, and saved costs give cost per lead and a negative ROI before orders", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
    await commands.leadsCreate(input("Wang Wei", "A"));
    await commands.leadsCreate(input("Reza", "B"));
    const { user } = renderApp("/dashboard");
    await screen.findByTestId("roi-panel");
    await user.clear(screen.getByTestId("cost-currency"));
    await user.type(screen.getByTestId("cost-currency"), "EUR");
    await user.type(screen.getByTestId("cost-booth"), "1000");
    await user.type(screen.getByTestId("cost-travel"), "abc");
    await user.click(screen.getByTestId("costs-save"));
    expect(await screen.findByTestId("roi-error")).toHaveTextContent("Travel");
    await user.clear(screen.getByTestId("cost-travel"));
    await user.type(screen.getByTestId("cost-travel"), "500.50");
    await user.click(screen.getByTestId("costs-save"));
    await waitFor(() => expect(screen.getByTestId("figure-cost")).toHaveTextContent("1,500.50"));
    expect(screen.getByTestId("figure-cpl")).toHaveTextContent("750.25");
    expect(screen.getByTestId("figure-roi")).toHaveTextContent("-100.0%");
  });

  it("orders in another currency than the costs show the problem instead of a ratio", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
    const lead = await commands.leadsCreate(input("Wang Wei", "A"));
    await commands.dashboardCostsSet(sampleEvent.id, [{ category: "booth", amount_minor: 100_000, currency: "EUR", note: "" }]);
    fake.dashboard.setOrders(sampleEvent.id, [{ lead_id: lead.id, channel: "manual", value_minor: 500_000, gross_profit_minor: 200_000, currency: "CNY" }]);
    renderApp("/dashboard");
    expect(await screen.findByTestId("roi-problem")).toHaveTextContent("CNY");
    expect(screen.getByTestId("figure-roi")).toHaveTextContent("–");
  });

  it("the post-show report saves the evaluation and generates a PDF and Markdown with translated labels", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
    const { user } = renderApp("/dashboard");
    await user.click(await screen.findByTestId("report-open"));
    await user.type(await screen.findByTestId("evaluation-booth_notes"), "Near the entrance");
    await user.click(screen.getByTestId("report-pdf"));
    await waitFor(() => expect(fake.dashboard.saved).toHaveLength(1));
    expect(fake.dashboard.saved[0]).toMatchObject({ kind: "report", format: "pdf" });
    expect(fake.dashboard.saved[0]!.text).toMatchObject({ title: "Post-show report", rtl: false });
    expect(fake.dashboard.saved[0]!.text?.channel_names.rep_scan).toBe("Badge scan");
    expect((await commands.dashboardEvaluationGet(sampleEvent.id)).booth_notes).toBe("Near the entrance");
    await user.click(screen.getByTestId("report-markdown"));
    await waitFor(() => expect(fake.dashboard.saved).toHaveLength(2));
    expect(fake.dashboard.saved[1]).toMatchObject({ format: "md" });
  });
});
