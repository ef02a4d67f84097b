import { render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fake, makeLead, sampleEvent, sampleUsers } from "../../ipc/fake";
import { interactionsFake } from "../../ipc/fakeInteractions";
import { sampleMaterials } from "../../ipc/fakeMaterials";
import { renderApp } from "../../test/render";
import { SafeHtml } from "./SafeHtml";

vi.mock("../../ipc", () => import("../../ipc/fake"));
// pdf.js needs a real canvas; the presenter's page handling is what is tested here.
const rendered: number[] = [];
// How each PDF was opened: whole (its byte count) or by ranges (its length and the first range read).
const opened: string[] = [];
const doc = () => ({
  pages: 2,
  render: (n: number) => {
    rendered.push(n);
    return Promise.resolve();
  },
  destroy: () => {},
});
vi.mock("./pdf", () => ({
  openPdf: (data: ArrayBuffer) => {
    opened.push(`whole ${data.byteLength}`);
    return Promise.resolve(doc());
  },
  openPdfRanges: async (length: number, read: (offset: number, length: number) => Promise<ArrayBuffer>) => {
    opened.push(`ranges of ${length}, first ${(await read(0, 5)).byteLength}`);
    return doc();
  },
}));

const lead = makeLead();

beforeEach(() => {
  rendered.length = 0;
  opened.length = 0;
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan", leads: [lead] });
});

const ids = () => screen.queryAllByTestId(/^material-(?!s)/).map((e) => e.dataset.testid);

describe("materials library", () => {
  it("replaces its coming-soon page and downloads everything into a searchable grid", async () => {
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("nav-materials"));
    expect(await screen.findByTestId("materials-empty")).toHaveTextContent("Download the content pack");
    expect(screen.queryByTestId("coming-soon-materials")).toBeNull();

    await user.click(screen.getByTestId("materials-download"));
    await waitFor(() => expect(ids()).toHaveLength(sampleMaterials().length));
    expect(screen.getByTestId("materials-pack")).toHaveTextContent("2026.11-demo · 4 items");
    const photo = screen.getByTestId("material-photo").querySelector("img");
    expect(photo).toHaveAttribute("src", `leadtrack-content://localhost/${sampleMaterials()[1]!.sha256}`);

    // Markdown text is searched as well as titles and tags.
    await user.type(screen.getByTestId("materials-search"), "hydraulic");
    await waitFor(() => expect(ids()).toEqual(["material-about-zh"]));
    await user.clear(screen.getByTestId("materials-search"));
    await user.type(screen.getByTestId("materials-search"), "brochure");
    await waitFor(() => expect(ids()).toEqual(["material-brochure"]));
  });

  it("filters by kind and language", async () => {
    fake.materials.seed();
    const { user } = renderApp("/materials");
    await waitFor(() => expect(ids()).toHaveLength(4));
    await user.click(screen.getByTestId("materials-kind"));
    await user.click(await screen.findByRole("option", { name: "Video" }));
    await waitFor(() => expect(ids()).toEqual(["material-demo-video"]));
    await user.click(screen.getByTestId("materials-kind"));
    await user.click(await screen.findByRole("option", { name: "Video" }));
    await user.click(screen.getByTestId("materials-language"));
    await user.click(await screen.findByRole("option", { name: /Chinese/ }));
    await waitFor(() => expect(ids()).toEqual(["material-about-zh"]));
  });

  it("shows why an import was refused and keeps the pack in use", async () => {
    fake.materials.seed();
    fake.materials.importNext(sampleMaterials().slice(0, 1));
    fake.materials.failNext("The content pack names an unsafe path \"../evil.pdf\": it has a '.' or '..' segment.");
    const { user } = renderApp("/materials");
    await waitFor(() => expect(ids()).toHaveLength(4));
    await user.click(screen.getByTestId("materials-import-zip"));
    expect(await screen.findByTestId("error-alert")).toHaveTextContent("unsafe path");
    expect(ids()).toHaveLength(4);

    await user.click(screen.getByTestId("materials-import-folder"));
    await waitFor(() => expect(ids()).toEqual(["material-brochure"]));
  });
});

describe("presenter", () => {
  it("opened from a lead records shown, shows the QR of the public URL and adds the item to the follow-up", async () => {
    fake.materials.seed();
    const { user } = renderApp(`/leads/${lead.id}`);
    await user.click(await screen.findByTestId("lead-materials"));
    expect(await screen.findByTestId("materials-for-lead")).toHaveTextContent(lead.name);
    await user.click(await screen.findByTestId("material-photo"));

    const presenter = await screen.findByTestId("presenter-title");
    expect(presenter).toHaveTextContent("HX-200 at the booth");
    expect(screen.getByTestId("presenter-image")).toHaveAttribute("src", expect.stringContaining(sampleMaterials()[1]!.sha256));
    await waitFor(() => expect(interactionsFake.all.map((i) => i.kind)).toEqual(["material_shown"]));
    expect(interactionsFake.all[0]).toMatchObject({ lead_id: lead.id, detail: { material_id: "photo", pack_version: "2026.11-demo" } });

    await user.click(screen.getByTestId("presenter-qr"));
    expect(screen.getByTestId("material-qr")).toHaveAttribute("data-value", "https://example.com/photo");
    await user.click(screen.getByTestId("presenter-share"));
    expect(await screen.findByTestId("presenter-shared")).toBeInTheDocument();
    expect(interactionsFake.all.map((i) => i.kind)).toEqual(["material_shown", "material_shared"]);
    expect(screen.getByTestId("presenter-share")).toBeDisabled();
  });

  it("opened without a lead records nothing and pages through a PDF", async () => {
    fake.materials.seed();
    const { user } = renderApp("/materials");
    await user.click(await screen.findByTestId("material-brochure"));
    expect(await screen.findByTestId("pdf-page")).toHaveTextContent("Page 1 of 2");
    expect(screen.queryByTestId("presenter-share")).toBeNull();
    await user.click(screen.getByTestId("pdf-next"));
    expect(screen.getByTestId("pdf-page")).toHaveTextContent("Page 2 of 2");
    await waitFor(() => expect(rendered).toEqual([1, 2]));
    expect(screen.getByTestId("pdf-next")).toBeDisabled();
    expect(interactionsFake.all).toEqual([]);
  });

  it("loads a large PDF by ranges and a small one whole", async () => {
    const [brochure, ...rest] = sampleMaterials();
    fake.materials.seed([brochure!, { ...brochure!, id: "catalogue", title: "Big catalogue", bytes: 20_000_000 }, ...rest]);
    const { user } = renderApp("/materials");
    await user.click(await screen.findByTestId("material-catalogue"));
    expect(await screen.findByTestId("pdf-page")).toHaveTextContent("Page 1 of 2");
    await user.click(screen.getByTestId("presenter-close"));
    await user.click(await screen.findByTestId("material-brochure"));
    expect(await screen.findByTestId("pdf-page")).toHaveTextContent("Page 1 of 2");
    expect(opened).toEqual(["ranges of 20000000, first 5", `whole ${"%PDF-1.4 fake".length}`]);
  });

  it("shows a Markdown page's text as elements", async () => {
    fake.materials.seed();
    const { user } = renderApp("/materials");
    await user.click(await screen.findByTestId("material-about-zh"));
    const page = await screen.findByTestId("markdown-page");
    expect(within(page).getByRole("heading", { level: 1 })).toHaveTextContent("为什么选择 HX-200？");
    expect(page.querySelector("strong")).toHaveTextContent("液压泵");
  });
});

describe("SafeHtml", () => {
  it("never turns markup into scripts, handlers, images or links the webview could follow", () => {
    const { container } = render(
      <SafeHtml html={'<p onclick="x()">hi <a href="javascript:x()">there</a><img src="x" onerror="y()"><script>z()</script><iframe src="https://e"></iframe></p>'} />,
    );
    expect(container.querySelectorAll("script, img, iframe, a, [onclick], [onerror], [href]")).toHaveLength(0);
    expect(container).toHaveTextContent("hi there");
  });
});
