import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";
import { scanBadge } from "../../test/scanner";
import { attendeeFromRow } from "./columns";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const LIST = "Badge ID,First Name,Last Name,Company,Email\n000123,Lisa,Wang,Acme Pumps,lisa@acme.cn\n,No,Id,Nowhere,\n42,Bo,Li,Brightway,\n";

function csv(text: string, name = "attendees.csv"): File {
  return new File([text], name, { type: "text/csv" });
}

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

describe("attendee list", () => {
  it("previews the file with a guessed mapping, imports it and reports skipped rows", async () => {
    const importSpy = vi.spyOn(commands, "attendeesImport");
    const { user } = renderApp("/attendees");
    await user.upload(await screen.findByTestId("attendee-file"), csv(LIST));

    const rows = await screen.findAllByTestId("preview-row");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("Lisa Wang");
    expect(rows[1]).toHaveTextContent("No attendee id");
    expect(screen.getByTestId("map-attendee_id")).toHaveValue("0");

    // Changing the mapping changes the preview at once.
    await user.selectOptions(screen.getByTestId("map-company"), "");
    expect(rows[0]).not.toHaveTextContent("Acme Pumps");
    await user.selectOptions(screen.getByTestId("map-company"), "3");

    await user.click(screen.getByTestId("attendee-import"));
    const result = await screen.findByTestId("attendee-result");
    expect(result).toHaveTextContent("2 added, 0 updated");
    expect(within(result).getByTestId("attendee-skipped")).toHaveTextContent("rows 3");
    expect(importSpy).toHaveBeenCalledWith(sampleEvent.id, expect.objectContaining({ attendee_id: 0, company: 3 }), expect.any(Uint8Array), "csv");
    await waitFor(() => expect(screen.getByTestId("attendee-count")).toHaveTextContent("2"));
  });

  it("cannot import until a column is chosen for the attendee id", async () => {
    const { user } = renderApp("/attendees");
    await user.upload(await screen.findByTestId("attendee-file"), csv("Name,Company\nLisa,Acme\n"));
    await screen.findByTestId("attendee-mapping");
    expect(screen.getByTestId("map-needs-id")).toBeInTheDocument();
    expect(screen.getByTestId("attendee-import")).toBeDisabled();
  });

  it("a broken file gets a clear message and nothing changes", async () => {
    const { user } = renderApp("/attendees");
    await user.upload(await screen.findByTestId("attendee-file"), csv("", "empty.csv"));
    expect(await screen.findByTestId("error-alert")).toHaveTextContent("no header row");
    expect(screen.queryByTestId("attendee-mapping")).not.toBeInTheDocument();
  });

  it("an id-only badge fills from the list when scanned; an unknown one is saved to reconcile", async () => {
    await commands.attendeesImport(sampleEvent.id, { attendee_id: 0, name: 1, first_name: null, last_name: null, company: 2, title: null, phone: null, email: null, country: null }, new TextEncoder().encode("id,name,company\n123,Lisa Wang,Acme Pumps\n"), "csv");
    const { user } = renderApp("/capture", { scanner: true });
    await screen.findByTestId("save-lead");
    await scanBadge("000123");
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveValue("Lisa Wang"));
    expect(screen.getByTestId("scan-attendee-found")).toHaveTextContent("123");

    await scanBadge("99999");
    expect(await screen.findByTestId("scan-id-only")).toHaveTextContent("99999");
    await user.click(screen.getByTestId("grade-B"));
    await user.click(screen.getByTestId("save-lead"));
    await screen.findByTestId("saved-banner");
    const saved = (await commands.leadsSearch({ text: "", event_id: sampleEvent.id, grade: null, status: null, captured_by: null, limit: null, to_reconcile: true }))[0];
    expect(saved).toMatchObject({ attendee_id: "99999", to_reconcile: true });
  });

  it("the leads list marks scans waiting for the list and can show only them", async () => {
    fake.reset({
      events: [sampleEvent],
      users: sampleUsers,
      eventId: sampleEvent.id,
      userId: "u-dylan",
      leads: [makeLead({ id: "l-1", name: "Wang Wei" }), makeLead({ id: "l-2", name: "", company: "", attendee_id: "0042", to_reconcile: true })],
    });
    renderApp("/leads?reconcile=1");
    const rows = await screen.findAllByTestId("lead-row");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent("#0042");
    expect(within(rows[0]!).getByTestId("reconcile-badge")).toHaveTextContent("To reconcile");
  });
});

describe("attendeeFromRow", () => {
  const cols = { attendee_id: 0, name: null, first_name: 1, last_name: 2, company: null, title: null, phone: null, email: null, country: null };
  it("joins first and last names, family name first for Chinese", () => {
    expect(attendeeFromRow(cols, ["7", "Lisa", "Wang"])?.name).toBe("Lisa Wang");
    expect(attendeeFromRow(cols, ["7", "伟", "王"])?.name).toBe("王伟");
    expect(attendeeFromRow(cols, [" - ", "No", "Id"])).toBeNull();
  });
});
