import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, makeLead, sampleEvent, samplePng, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const otherShow = { ...sampleEvent, id: "ev-2", tag: "HANNOVER-2026", name: "Hannover Messe" };

beforeEach(() => {
  fake.reset({
    events: [sampleEvent, otherShow],
    users: sampleUsers,
    eventId: sampleEvent.id,
    userId: "u-lisa",
    leads: [
      makeLead({ id: "l-1" }),
      makeLead({
        id: "l-2",
        name: "Wang W.",
        company: "Acme",
        title: "",
        phone: "",
        phone_e164: null,
        grade: "B",
        interests: ["valves"],
        key_needs: "Wants a demo",
        next_action: null,
        captured_by: "u-lisa",
        captured_by_name: "Lisa",
        created_at: Date.UTC(2026, 3, 15, 8, 30, 0),
        updated_at: Date.UTC(2026, 3, 15, 8, 30, 0),
        hlc: "1776243600001:0",
      }),
      makeLead({ id: "l-3", name: "Chen Jie", company: "Globex", email: "chen@globex.example", phone: "", phone_e164: null }),
      makeLead({ id: "l-4", name: "Wang Wei", event_id: otherShow.id, event_tag: otherShow.tag }),
    ],
  });
});

const pressed = (el: HTMLElement) => el.getAttribute("aria-checked");

describe("merging two leads", () => {
  it("suggests the lead with the same email, pre-selects the defaults and merges with the picks", async () => {
    const merge = vi.spyOn(commands, "leadsMerge");
    const { user, router } = renderApp("/leads/l-1");
    const hint = await screen.findByTestId("duplicate-hint");
    expect(hint).toHaveTextContent("Possible duplicate: Wang W. (captured by Lisa)");
    expect(hint).not.toHaveTextContent("Chen Jie");
    await user.click(within(hint).getByTestId("duplicate-compare"));

    const dialog = await screen.findByTestId("merge-compare");
    // Defaults: this lead's values, the better grade, both key-needs texts.
    expect(pressed(within(dialog).getByTestId("merge-pick-name-this"))).toBe("true");
    expect(pressed(within(dialog).getByTestId("merge-pick-title-this"))).toBe("true");
    expect(pressed(within(dialog).getByTestId("merge-pick-grade-this"))).toBe("true");
    expect(pressed(within(dialog).getByTestId("merge-pick-key_needs-both"))).toBe("true");
    expect(within(dialog).queryByTestId("merge-field-email")).not.toBeInTheDocument();
    expect(within(dialog).getByTestId("merge-same")).toHaveTextContent("Email: wang@acme.example");

    await user.click(within(dialog).getByTestId("merge-pick-company-other"));
    expect(pressed(within(dialog).getByTestId("merge-pick-company-other"))).toBe("true");
    await user.click(within(dialog).getByTestId("merge-confirm"));

    await waitFor(() =>
      expect(merge).toHaveBeenCalledWith("l-1", "l-2", expect.objectContaining({ company: "absorbed", name: "survivor", grade: "survivor", survivor_version: 1, absorbed_version: 1 })),
    );
    expect(merge.mock.calls[0]![2]).not.toHaveProperty("key_needs");
    await waitFor(() => expect(screen.queryByTestId("merge-compare")).not.toBeInTheDocument());
    expect(router.state.location.pathname).toBe("/leads/l-1");
    expect(await screen.findByText("Acme", { selector: "p" })).toBeInTheDocument();
    expect(screen.getByText("Needs 500 units before Q3 Wants a demo")).toBeInTheDocument(); // both texts, one after the other
    expect(screen.queryByTestId("duplicate-hint")).not.toBeInTheDocument();

    // Both histories, newest first: the merge, the merged lead's versions (marked), ours.
    await waitFor(() => expect(screen.getAllByTestId("version-row")).toHaveLength(4));
    const [merged, away, theirs, ours] = screen.getAllByTestId("version-row");
    expect(within(merged!).getByTestId("version-merge")).toHaveTextContent("Merged the lead “Wang W.” into this one");
    expect(within(merged!).queryByTestId("version-from-merged")).not.toBeInTheDocument();
    expect(within(away!).getByTestId("version-merge")).toHaveTextContent("Merged into the lead “Wang Wei”");
    expect(within(away!).getByTestId("version-from-merged")).toHaveTextContent("From the merged lead “Wang W.”");
    expect(within(theirs!).getByTestId("version-from-merged")).toBeInTheDocument();
    expect(theirs).toHaveTextContent("Lisa");
    expect(within(ours!).queryByTestId("version-from-merged")).not.toBeInTheDocument();

    // One lead for the visitor in the show's list.
    await user.click(screen.getByTestId("nav-leads"));
    await waitFor(() => expect(screen.getAllByTestId("lead-row")).toHaveLength(2));
    expect(screen.queryByText("Wang W.")).not.toBeInTheDocument();
  });

  it("finds the other lead by search, can keep it instead, and the merged lead's page points there", async () => {
    await fake.seedAttachment("l-1", "card", samplePng());
    const { user, router } = renderApp("/leads/l-1");
    await user.click(await screen.findByTestId("merge-lead"));
    await user.type(await screen.findByTestId("merge-search"), "Wang");
    // Only this show's other leads: not itself, not the namesake at another show.
    await waitFor(() => expect(screen.getAllByTestId("merge-candidate")).toHaveLength(1));
    await user.click(screen.getByTestId("merge-candidate"));
    const dialog = await screen.findByTestId("merge-compare");
    await user.click(within(dialog).getByTestId("merge-keep-other"));
    // Kept lead changed: the defaults follow it (its empty title is filled from this one).
    expect(pressed(within(dialog).getByTestId("merge-pick-name-other"))).toBe("true");
    expect(pressed(within(dialog).getByTestId("merge-pick-title-this"))).toBe("true");
    expect(pressed(within(dialog).getByTestId("merge-pick-grade-this"))).toBe("true");
    await user.click(within(dialog).getByTestId("merge-confirm"));

    await waitFor(() => expect(router.state.location.pathname).toBe("/leads/l-2"));
    await waitFor(() => expect(screen.getByTestId("lead-detail-name")).toHaveTextContent("Wang W."));
    expect(screen.getByTestId("lead-detail-grade")).toHaveTextContent("A · Hot");
    await waitFor(() => expect(within(screen.getByTestId("attachments")).getAllByTestId("attachment")).toHaveLength(1));

    await router.navigate("/leads/l-1");
    const banner = await screen.findByTestId("merged-banner");
    await waitFor(() => expect(banner).toHaveTextContent("Merged into Wang W."));
    expect(screen.queryByTestId("edit-lead")).not.toBeInTheDocument();
    expect(screen.queryByTestId("merge-lead")).not.toBeInTheDocument();
    await user.click(within(banner).getByTestId("merged-open"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/leads/l-2"));
  });

  it("says so when a lead changed since the comparison and merges nothing", async () => {
    const { user } = renderApp("/leads/l-1");
    await user.click(within(await screen.findByTestId("duplicate-hint")).getByTestId("duplicate-compare"));
    const dialog = await screen.findByTestId("merge-compare");
    fake.patchLead("l-2", { version: 2 });
    await user.click(within(dialog).getByTestId("merge-confirm"));
    expect(await within(dialog).findByTestId("error-alert")).toHaveTextContent(
      "One of the leads was saved again since you compared them; compare them again.",
    );
    expect(fake.leads.every((l) => l.merged_into === null)).toBe(true);
  });
});
