import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const otherEvent = { ...sampleEvent, id: "ev-2", tag: "HANNOVER-2026", name: "Hannover Messe" };

beforeEach(() => {
  fake.reset({
    events: [sampleEvent, otherEvent],
    users: sampleUsers,
    eventId: sampleEvent.id,
    userId: "u-dylan",
    leads: [
      makeLead({ id: "l-1", name: "Wang Wei", company: "Acme Pumps", grade: "A", updated_at: 3 }),
      makeLead({ id: "l-2", name: "Anna Schmidt", company: "Kraftwerk GmbH", grade: "C", updated_at: 2, captured_by: "u-lisa", captured_by_name: "Lisa" }),
      makeLead({ id: "l-3", name: "Reza Ahmadi", company: "Pars Valves", grade: "B", status: "draft", updated_at: 1 }),
      makeLead({ id: "l-4", name: "Hans Elsewhere", company: "Other Show AG", event_id: otherEvent.id, event_tag: otherEvent.tag }),
    ],
  });
});

describe("leads list", () => {
  it("lists the active show's leads with grade badges, status and who captured them", async () => {
    renderApp("/leads");
    const rows = await screen.findAllByTestId("lead-row");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("Wang Wei");
    expect(rows[0]).toHaveTextContent("Acme Pumps");
    expect(within(rows[0]!).getByTestId("grade-badge")).toHaveTextContent("A · Hot");
    expect(rows[1]).toHaveTextContent("Lisa");
    expect(rows[2]).toHaveTextContent("Draft");
  });

  it("searches with the typed text", async () => {
    const search = vi.spyOn(commands, "leadsSearch");
    const { user } = renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    await user.type(screen.getByTestId("lead-search"), "kraft");
    await waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ text: "kraft", event_id: sampleEvent.id })));
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(1));
    expect(screen.getByTestId("lead-row")).toHaveTextContent("Anna Schmidt");
    // debounced: one search for the whole word, not one per key
    expect(search.mock.calls.filter(([q]) => q.text === "kra")).toHaveLength(0);
  });

  it("filters by grade, status, rep and show", async () => {
    const search = vi.spyOn(commands, "leadsSearch");
    const { user } = renderApp("/leads");
    await screen.findAllByTestId("lead-row");

    await user.selectOptions(screen.getByTestId("filter-grade"), "C");
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(1));
    expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ grade: "C" }));

    await user.selectOptions(screen.getByTestId("filter-grade"), "");
    await user.selectOptions(screen.getByTestId("filter-status"), "draft");
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(1));
    expect(screen.getByTestId("lead-row")).toHaveTextContent("Reza Ahmadi");

    await user.selectOptions(screen.getByTestId("filter-status"), "");
    await user.selectOptions(screen.getByTestId("filter-rep"), "u-lisa");
    await waitFor(() => expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ captured_by: "u-lisa" })));
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(1));

    await user.selectOptions(screen.getByTestId("filter-rep"), "");
    await user.selectOptions(screen.getByTestId("filter-event"), "");
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(4));
  });

  it("shows an empty state when nothing matches", async () => {
    const { user } = renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    await user.type(screen.getByTestId("lead-search"), "zzz");
    expect(await screen.findByTestId("leads-empty")).toHaveTextContent("Nothing matches “zzz”.");
  });

  it("a hostile name renders as text (no img element created)", async () => {
    const hostile = `<img src=x onerror=alert(1)>`;
    fake.reset({
      events: [sampleEvent],
      users: sampleUsers,
      eventId: sampleEvent.id,
      userId: "u-dylan",
      leads: [makeLead({ id: "evil", name: hostile, company: "<b>bold</b>", key_needs: "<script>alert(2)</script>", badge_raw: hostile })],
    });
    const { user } = renderApp("/leads");
    const row = await screen.findByTestId("lead-row");
    expect(row).toHaveTextContent(hostile);
    expect(document.querySelector("img")).toBeNull();
    expect(document.querySelector("b")).toBeNull();

    await user.click(row);
    expect(await screen.findByTestId("lead-detail-name")).toHaveTextContent(hostile);
    expect(screen.getByTestId("badge-raw").tagName).toBe("PRE");
    expect(screen.getByTestId("badge-raw")).toHaveTextContent(hostile);
    expect(document.querySelector("img, script:not([src]), b")).toBeNull();
  });

  it("Enter on a row opens the lead", async () => {
    const { user, router } = renderApp("/leads");
    const rows = await screen.findAllByTestId("lead-row");
    rows[1]!.focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("lead-detail-name")).toHaveTextContent("Anna Schmidt");
    expect(router.state.location.pathname).toBe("/leads/l-2");
  });

  it("refreshes when the backend says leads changed", async () => {
    renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    fake.patchLead("l-1", { name: "Wang Wei (VIP)" });
    act(() => fake.emitLeadsChanged("l-1"));
    expect(await screen.findByText("Wang Wei (VIP)")).toBeInTheDocument();
  });
});

describe("drafts", () => {
  it("lists the active show's drafts and counts them in the nav", async () => {
    const search = vi.spyOn(commands, "leadsSearch");
    renderApp("/drafts");
    const rows = await screen.findAllByTestId("lead-row");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent("Reza Ahmadi");
    expect(search).toHaveBeenCalledWith(expect.objectContaining({ status: "draft", event_id: sampleEvent.id }));
    expect(await screen.findByTestId("drafts-count")).toHaveTextContent("1");
    expect(screen.queryByTestId("filter-status")).not.toBeInTheDocument();
  });

  it("completing a draft from its detail saves it with draft: false", async () => {
    const update = vi.spyOn(commands, "leadsUpdate");
    const { user } = renderApp("/drafts");
    await user.click(await screen.findByTestId("lead-row"));
    await user.click(await screen.findByTestId("edit-lead"));
    const company = screen.getByRole("textbox", { name: /company/i });
    expect(company).toHaveValue("Pars Valves");
    await user.clear(company);
    await user.type(company, "Pars Valves Co.");
    expect(screen.getByTestId("save-lead")).toHaveTextContent("Save and complete");
    await user.click(screen.getByTestId("save-lead"));

    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(update).toHaveBeenCalledWith("l-3", expect.objectContaining({ company: "Pars Valves Co.", name: "Reza Ahmadi", draft: false }));
    expect(fake.leads.find((l) => l.id === "l-3")!.status).toBe("new");
    await waitFor(() => expect(screen.queryByTestId("drafts-count")).not.toBeInTheDocument());
  });

  it("keep as draft saves the edit but leaves it a draft", async () => {
    const update = vi.spyOn(commands, "leadsUpdate");
    const { user } = renderApp("/leads/l-3");
    await user.click(await screen.findByTestId("edit-lead"));
    await user.type(screen.getByRole("textbox", { name: /key needs/i }), " — wants a call");
    await user.click(screen.getByTestId("save-draft"));
    await waitFor(() => expect(update).toHaveBeenCalledWith("l-3", expect.objectContaining({ draft: true })));
    expect(fake.leads.find((l) => l.id === "l-3")!.status).toBe("draft");
  });
});
