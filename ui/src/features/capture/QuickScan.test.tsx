import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";
import { scanBadge } from "../../test/scanner";
import { QUICK_SCAN_KEY } from "./QuickScan";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const drafts = () => commands.leadsSearch({ text: "", event_id: sampleEvent.id, grade: null, status: "draft", captured_by: null, limit: null });

beforeEach(() => {
  localStorage.clear();
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

describe("quick scan", () => {
  it("saves every badge at once as a draft, says how fast, and opens duplicates as such", async () => {
    const { user } = renderApp("/capture", { scanner: true });
    await user.click(await screen.findByTestId("quick-scan-switch"));
    expect(localStorage.getItem(QUICK_SCAN_KEY)).toBe("true");
    await screen.findByTestId("quick-scan");

    await scanBadge("MECARD:N:Wang,Fang;ORG:Huaqiang;EMAIL:fang@hq.example.cn;;");
    await scanBadge("00077");
    await waitFor(() => expect(screen.getAllByTestId("quick-row")).toHaveLength(2));
    const [idOnly, mecard] = screen.getAllByTestId("quick-row");
    expect(mecard).toHaveTextContent("Fang Wang");
    expect(mecard).toHaveTextContent(/Saved in \d+ ms/);
    expect(idOnly).toHaveTextContent("#00077");
    expect(idOnly).toHaveTextContent("To reconcile");
    expect(screen.getByTestId("quick-scan-count")).toHaveTextContent("2 badges saved");
    expect((await drafts()).map((d) => d.name).sort()).toEqual(["", "Fang Wang"]);

    await scanBadge("MECARD:N:Wang,Fang;ORG:Huaqiang;EMAIL:fang@hq.example.cn;;");
    await waitFor(() => expect(screen.getAllByTestId("quick-row")).toHaveLength(3));
    expect(screen.getAllByTestId("quick-row")[0]).toHaveAttribute("data-kind", "duplicate");
    expect(await drafts()).toHaveLength(2);
  });

  it("keeps a visitor half-typed on the form while quick scan is on", async () => {
    const { user } = renderApp("/capture");
    await user.type(await screen.findByLabelText(/^Name/), "Reza Ahmadi");
    await user.click(screen.getByTestId("quick-scan-switch"));
    await screen.findByTestId("quick-scan");
    await user.click(screen.getByTestId("quick-scan-switch"));
    expect(screen.getByLabelText(/^Name/)).toHaveValue("Reza Ahmadi");
  });

  it("a save that fails keeps the badge on screen with a retry", async () => {
    const create = vi.spyOn(commands, "leadsCreate").mockRejectedValueOnce(new Error("disk full"));
    const { user } = renderApp("/capture", { scanner: true });
    await user.click(await screen.findByTestId("quick-scan-switch"));
    await scanBadge("MECARD:N:Li,Bo;ORG:Brightway;;");
    const row = await screen.findByTestId("quick-row");
    expect(row).toHaveAttribute("data-kind", "failed");
    expect(row).toHaveTextContent("MECARD:N:Li,Bo");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.getByTestId("quick-row")).toHaveAttribute("data-kind", "saved"));
    expect(create).toHaveBeenCalledTimes(2);
  });
});
