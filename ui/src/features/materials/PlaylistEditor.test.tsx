import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fake, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

function signIn(userId: string) {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId });
  fake.materials.seed();
}

const rows = () => screen.queryAllByTestId("playlist-item").map((r) => r.dataset.id);

async function add(user: ReturnType<typeof renderApp>["user"], title: string) {
  await user.click(screen.getByTestId("playlist-pick"));
  await user.click(await screen.findByRole("option", { name: title }));
  await user.click(screen.getByTestId("playlist-add"));
}

describe("the kiosk attract loop editor", () => {
  beforeEach(() => signIn("u-lisa"));

  it("lets a manager add, reorder, time and remove items and saves them in that order", async () => {
    const { user } = renderApp("/materials");
    expect(await screen.findByTestId("playlist-empty")).toBeInTheDocument();
    await add(user, "HX-200 at the booth");
    await add(user, "Pump demo");
    await add(user, "HX-200 brochure");
    expect(rows()).toEqual(["photo", "demo-video", "brochure"]);
    // A video plays to its end: no seconds to set.
    const video = screen.getAllByTestId("playlist-item")[1]!;
    expect(within(video).queryByTestId("playlist-seconds")).toBeNull();

    await user.click(within(screen.getAllByTestId("playlist-item")[2]!).getByTestId("playlist-up"));
    expect(rows()).toEqual(["photo", "brochure", "demo-video"]);
    const seconds = within(screen.getAllByTestId("playlist-item")[1]!).getByTestId("playlist-seconds");
    await user.clear(seconds);
    await user.type(seconds, "12");
    await user.click(within(screen.getAllByTestId("playlist-item")[0]!).getByTestId("playlist-remove"));
    await user.clear(screen.getByTestId("playlist-idle"));
    await user.type(screen.getByTestId("playlist-idle"), "45");
    expect(fake.materials.playlist(sampleEvent.id).items).toEqual([]);

    await user.click(screen.getByTestId("playlist-save"));
    await screen.findByTestId("playlist-saved");
    expect(fake.materials.playlist(sampleEvent.id)).toEqual({
      idle_seconds: 45,
      items: [
        { material_id: "brochure", seconds: 12 },
        { material_id: "demo-video", seconds: 8 },
      ],
    });
    expect(screen.getByTestId("playlist-save")).toBeDisabled();
  });

  it("reorders by dragging a row onto another", async () => {
    fake.materials.setPlaylist(sampleEvent.id, {
      idle_seconds: 60,
      items: ["photo", "demo-video", "brochure"].map((material_id) => ({ material_id, seconds: 8 })),
    });
    renderApp("/materials");
    await waitFor(() => expect(rows()).toEqual(["photo", "demo-video", "brochure"]));
    const [first, , last] = screen.getAllByTestId("playlist-item");
    const dataTransfer = { setData: () => {}, effectAllowed: "", dropEffect: "" };
    fireEvent.dragStart(last!, { dataTransfer });
    fireEvent.dragOver(first!, { dataTransfer });
    fireEvent.drop(first!, { dataTransfer });
    expect(rows()).toEqual(["brochure", "photo", "demo-video"]);
  });

  it("marks an item the pack no longer has, shows the refusal under it, and saves once it is removed", async () => {
    fake.materials.setPlaylist(sampleEvent.id, {
      idle_seconds: 60,
      items: [
        { material_id: "photo", seconds: 8 },
        { material_id: "old-flyer", seconds: 8 },
      ],
    });
    const { user } = renderApp("/materials");
    await waitFor(() => expect(rows()).toEqual(["photo", "old-flyer"]));
    const gone = screen.getAllByTestId("playlist-item")[1]!;
    expect(gone).toHaveTextContent("Not in this pack");
    await user.click(within(screen.getAllByTestId("playlist-item")[0]!).getByTestId("playlist-down"));
    await user.click(screen.getByTestId("playlist-save"));
    expect(await within(screen.getAllByTestId("playlist-item")[0]!).findByText("The content pack in use has no such item.")).toBeInTheDocument();
    expect(fake.materials.playlist(sampleEvent.id).items.map((i) => i.material_id)).toEqual(["photo", "old-flyer"]);

    await user.click(within(screen.getAllByTestId("playlist-item")[0]!).getByTestId("playlist-remove"));
    await user.click(screen.getByTestId("playlist-save"));
    await screen.findByTestId("playlist-saved");
    expect(fake.materials.playlist(sampleEvent.id).items).toEqual([{ material_id: "photo", seconds: 8 }]);
  });

  it("is not there for a rep", async () => {
    signIn("u-dylan");
    renderApp("/materials");
    await screen.findByTestId("material-photo");
    expect(screen.queryByTestId("playlist-editor")).toBeNull();
  });
});
