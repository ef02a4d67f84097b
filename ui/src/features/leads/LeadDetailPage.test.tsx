import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

beforeEach(() => {
  fake.reset({
    events: [sampleEvent],
    users: sampleUsers,
    eventId: sampleEvent.id,
    userId: "u-lisa",
    leads: [makeLead({ id: "l-1", badge_raw: "BEGIN:VCARD\nFN:Wang Wei\nEND:VCARD", badge_format: "vcard" })],
  });
});

describe("lead detail", () => {
  it("shows every field read-only, the grade's meaning, the E.164 phone and the raw badge", async () => {
    renderApp("/leads/l-1");
    expect(await screen.findByTestId("lead-detail-name")).toHaveTextContent("Wang Wei");
    expect(screen.getAllByText("Acme Pumps", { exact: false }).length).toBeGreaterThan(0);
    expect(screen.getByTestId("lead-detail-grade")).toHaveTextContent("Has budget, buys within 3–6 months — phone them");
    expect(screen.getByTestId("lead-detail-phone")).toHaveTextContent("138 0013 8000");
    expect(screen.getByTestId("lead-detail-phone")).toHaveTextContent("International: +8613800138000");
    expect(screen.getByText("Send quote")).toBeInTheDocument();
    const raw = screen.getByTestId("badge-raw");
    expect(raw.tagName).toBe("PRE");
    expect(raw.textContent).toBe("BEGIN:VCARD\nFN:Wang Wei\nEND:VCARD");
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
  });

  it("Edit shows the capture form pre-filled and saves with leadsUpdate", async () => {
    const update = vi.spyOn(commands, "leadsUpdate");
    const { user } = renderApp("/leads/l-1");
    await user.click(await screen.findByTestId("edit-lead"));
    expect(screen.getByRole("textbox", { name: /company/i })).toHaveValue("Acme Pumps");
    expect(screen.getByTestId("grade-A")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("interest-pumps")).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByTestId("save-draft")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("grade-B"));
    await user.clear(screen.getByRole("textbox", { name: /key needs/i }));
    await user.type(screen.getByRole("textbox", { name: /key needs/i }), "Budget moved to next year");
    await user.click(screen.getByTestId("save-lead"));

    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        "l-1",
        expect.objectContaining({ grade: "B", key_needs: "Budget moved to next year", draft: false, badge_raw: "BEGIN:VCARD\nFN:Wang Wei\nEND:VCARD", badge_format: "vcard" }),
      ),
    );
    // back to read-only, showing the saved values
    expect(await screen.findByTestId("edit-lead")).toBeInTheDocument();
    expect(screen.getByTestId("lead-detail-grade")).toHaveTextContent("Buys in 6–12 months");
  });

  it("lists versions newest first with author, and what changed, expandable to that version's values", async () => {
    const { user } = renderApp("/leads/l-1");
    await user.click(await screen.findByTestId("edit-lead"));
    await user.click(screen.getByTestId("grade-C"));
    await user.type(screen.getByRole("textbox", { name: /key needs/i }), " (maybe)");
    await user.click(screen.getByTestId("save-lead"));

    await waitFor(() => expect(screen.getAllByTestId("version-row")).toHaveLength(2));
    const [newest, oldest] = screen.getAllByTestId("version-row");
    expect(newest).toHaveTextContent("Version 2");
    expect(newest).toHaveTextContent("Lisa");
    expect(within(newest!).getByTestId("version-changed")).toHaveTextContent("Changed: Grade and Key needs");
    expect(oldest).toHaveTextContent("Version 1");
    expect(oldest).toHaveTextContent("Dylan");
    expect(within(oldest!).getByTestId("version-changed")).toHaveTextContent("Created");

    const toggle = within(oldest!).getByRole("button", { name: "Show values" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const values = within(oldest!).getByTestId("version-values");
    expect(values).toHaveTextContent("Needs 500 units before Q3");
    expect(within(values).getByTestId("lead-detail-grade")).toHaveTextContent("A · Hot");
  });

  it("says so when the lead does not exist", async () => {
    renderApp("/leads/nope");
    expect(await screen.findByText("This lead does not exist or is not yours to see.")).toBeInTheDocument();
  });
});
