import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const mina = { id: "u-mina", name: "Mina", email: "", role: "rep" as const };

function seed(userId: string) {
  fake.reset({
    events: [sampleEvent],
    users: [...sampleUsers, mina],
    eventId: sampleEvent.id,
    userId,
    leads: [
      makeLead({ id: "l-1", name: "Wang Wei", company: "Acme Pumps", updated_at: 3 }),
      makeLead({ id: "l-2", name: "Anna Schmidt", company: "Kraftwerk", updated_at: 2 }),
      makeLead({ id: "l-3", name: "Reza Ahmadi", company: "Pars Valves", updated_at: 1 }),
    ],
  });
}

describe("assignment", () => {
  beforeEach(() => seed("u-lisa"));

  it("a manager selects rows and assigns them to a rep in one go", async () => {
    const { user } = renderApp("/leads");
    const rows = await screen.findAllByTestId("lead-row");
    await user.click(within(rows[0]!).getByTestId("select-lead"));
    await user.click(within(rows[2]!).getByTestId("select-lead"));
    expect(screen.getByTestId("assign-bar")).toHaveTextContent("Selected: 2");
    await user.selectOptions(screen.getByTestId("assign-to"), "u-mina");
    await user.click(screen.getByTestId("assign-selected"));

    await waitFor(() => expect(screen.queryByTestId("assign-bar")).toBeNull());
    const assignees = screen.getAllByTestId("lead-assignee").map((c) => c.textContent);
    expect(assignees.sort()).toEqual(["", "Mina", "Mina"]);
    expect(fake.leads.filter((l) => l.assigned_to === "u-mina").map((l) => l.id).sort()).toEqual(["l-1", "l-3"]);
    expect(fake.team.assigned).toEqual([{ assignee: "u-mina", lead_ids: ["l-1", "l-3"] }]);
  });

  it("auto-assign shows the proposal and saves only when applied", async () => {
    const { user } = renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    await user.click(screen.getByTestId("auto-assign"));
    expect(await screen.findAllByTestId("proposal-row")).toHaveLength(3);
    expect(fake.leads.every((l) => l.assigned_to === null)).toBe(true);
    await user.click(screen.getByTestId("auto-assign-apply"));
    await waitFor(() => expect(fake.leads.every((l) => l.assigned_to !== null)).toBe(true));
    expect(fake.team.audit.filter((e) => e.action === "assigned")).toHaveLength(3);
  });

  it("a rep sees no selection boxes and no auto-assign", async () => {
    seed("u-dylan");
    renderApp("/leads");
    await screen.findAllByTestId("lead-row");
    expect(screen.queryByTestId("select-lead")).toBeNull();
    expect(screen.queryByTestId("auto-assign")).toBeNull();
  });
});

describe("settings: team and audit log", () => {
  beforeEach(() => seed("u-lisa"));

  it("a manager adds a person, changes a role and resets a PIN; each is in the audit log", async () => {
    fake.team.setSecret("u-dylan", "2580");
    const { user } = renderApp("/settings");
    await screen.findByTestId("team-section");
    expect(await screen.findAllByTestId("team-row")).toHaveLength(3);

    await user.type(screen.getByTestId("team-add-name"), "Omid");
    await user.selectOptions(screen.getByTestId("team-add-role"), "marketing");
    await user.click(screen.getByTestId("team-add-submit"));
    await waitFor(() => expect(screen.getAllByTestId("team-row")).toHaveLength(4));

    await user.selectOptions(screen.getByTestId("team-role-u-mina"), "manager");
    await user.click(screen.getByTestId("team-reset-u-dylan"));
    await waitFor(() => expect(screen.queryByTestId("team-reset-u-dylan")).toBeNull());

    const actions = await screen.findAllByTestId("audit-row-action");
    await waitFor(() => expect(screen.getAllByTestId("audit-row-action")).toHaveLength(3));
    expect(actions[0]).toHaveTextContent("Team changed");
    await user.selectOptions(screen.getByTestId("audit-action"), "signed_in");
    await waitFor(() => expect(screen.queryAllByTestId("audit-row")).toHaveLength(0));
  });

  it("a rep sees neither the team nor the audit log", async () => {
    seed("u-dylan");
    renderApp("/settings");
    expect(await screen.findByTestId("signed-in-name")).toHaveTextContent("Dylan");
    expect(screen.queryByTestId("team-section")).toBeNull();
    expect(screen.queryByTestId("audit-section")).toBeNull();
  });
});

describe("drag and drop", () => {
  beforeEach(() => seed("u-lisa"));

  it("dropping the selected rows on a name assigns them all to that person", async () => {
    const { user } = renderApp("/leads");
    const rows = await screen.findAllByTestId("lead-row");
    await user.click(within(rows[1]!).getByTestId("select-lead"));
    await user.click(within(rows[2]!).getByTestId("select-lead"));
    // A minimal DataTransfer: jsdom has none.
    const data = new Map<string, string>();
    const dataTransfer = {
      setData: (k: string, v: string) => void data.set(k, v),
      getData: (k: string) => data.get(k) ?? "",
      get types() {
        return [...data.keys()];
      },
      effectAllowed: "all",
    };
    fireEvent.dragStart(rows[1]!, { dataTransfer });
    const target = screen.getByTestId("assign-drop-u-mina");
    fireEvent.dragOver(target, { dataTransfer });
    fireEvent.drop(target, { dataTransfer });
    await waitFor(() => expect(fake.leads.filter((l) => l.assigned_to === "u-mina").map((l) => l.id).sort()).toEqual(["l-2", "l-3"]));
    await waitFor(() => expect(screen.queryByTestId("assign-bar")).toBeNull());
  });
});
