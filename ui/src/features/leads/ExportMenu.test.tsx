import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

beforeEach(() => {
  fake.reset({
    events: [sampleEvent],
    users: sampleUsers,
    eventId: sampleEvent.id,
    userId: "u-dylan",
    leads: [
      makeLead({ id: "l-1", name: "Wang Wei", grade: "A" }),
      makeLead({ id: "l-2", name: "=HYPERLINK(\"http://evil.example\")", email: "eve@evil.example", grade: "A" }),
      makeLead({ id: "l-3", name: "Anna Schmidt", grade: "C" }),
    ],
  });
});

describe("exporting the lead list", () => {
  it("exports with the list's filters in the picked format and says where the file went", async () => {
    const { user } = renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    await user.selectOptions(screen.getByTestId("filter-grade"), "A");
    await user.type(screen.getByTestId("lead-search"), "wang");
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(1));

    await user.click(screen.getByTestId("export-button"));
    await user.click(await screen.findByTestId("export-excel_csv"));

    const done = await screen.findByTestId("export-done");
    expect(done).toHaveTextContent("Exported 2 leads to /home/rep/Documents/leadtrack-CANTON-2026-excel_csv.csv");
    const [only, ...more] = fake.exports;
    expect(more).toEqual([]);
    expect(only?.format).toBe("excel_csv");
    // The list's filters go along; its search text and page size do not.
    expect(only?.query).toMatchObject({ event_id: sampleEvent.id, grade: "A", text: "", limit: null });
  });

  it("offers every format and can be used from the keyboard", async () => {
    const { user } = renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    screen.getByTestId("export-button").focus();
    await user.keyboard("{Enter}");
    const menu = await screen.findByTestId("export-menu");
    for (const label of ["HubSpot CSV", "Salesforce CSV", "Excel CSV", "Excel workbook (.xlsx)", "vCard contacts (.vcf)", "JSON"]) {
      expect(menu).toHaveTextContent(label);
    }
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{Enter}");
    await screen.findByTestId("export-done");
    expect(fake.exports.map((e) => e.format)).toEqual(["xlsx"]);
  });

  it("says nothing when the save dialog is cancelled", async () => {
    fake.cancelNextExport();
    const { user } = renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    await user.click(screen.getByTestId("export-button"));
    await user.click(await screen.findByTestId("export-json"));
    await waitFor(() => expect(screen.getByTestId("export-button")).not.toHaveAttribute("data-loading"));
    expect(screen.queryByTestId("export-done")).toBeNull();
    expect(screen.queryByTestId("error-alert")).toBeNull();
    expect(fake.exports).toEqual([]);
  });
});
