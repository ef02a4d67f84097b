import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, sampleEvent, sampleUsers } from "../ipc/fake";
import { renderApp } from "../test/render";

vi.mock("../ipc", () => import("../ipc/fake"));

const hannover = { ...sampleEvent, id: "ev-2", tag: "HANNOVER-2026", name: "Hannover Messe", country: "DE" };

describe("header and session", () => {
  beforeEach(() => {
    fake.reset({ events: [sampleEvent, hannover], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
  });

  it("the show and language pickers are native selects and the header names who is signed in", async () => {
    renderApp("/capture");
    const event = await screen.findByTestId("event-picker");
    expect(event.tagName).toBe("SELECT");
    await waitFor(() => expect(event).toHaveValue(sampleEvent.id));
    expect(await screen.findByTestId("signed-in-name")).toHaveTextContent("Dylan");
    expect(screen.getByTestId("lang-picker").tagName).toBe("SELECT");
    expect(screen.getByTestId("lang-picker")).toHaveValue("en");
  });

  it("choosing a show updates the session", async () => {
    const setEvent = vi.spyOn(commands, "sessionSetEvent");
    const { user } = renderApp("/capture");
    await waitFor(() => expect(screen.getByTestId("event-picker")).toHaveValue(sampleEvent.id));

    await user.selectOptions(screen.getByTestId("event-picker"), "ev-2");
    expect(setEvent).toHaveBeenCalledWith("ev-2");
    await waitFor(() => expect(screen.getByRole("textbox", { name: /country/i })).toHaveAttribute("placeholder", "DE"));
  });

  it("asks who is signing in, takes the PIN from the keypad, and signs out again", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: null });
    fake.team.setSecret("u-lisa", "2468");
    const { user } = renderApp("/capture");
    expect(await screen.findByText("Who is signing in?")).toBeInTheDocument();
    await user.click(await screen.findByTestId("sign-in-user-u-lisa"));
    for (const d of ["2", "4", "6", "9"]) await user.click(screen.getByTestId(`keypad-${d}`));
    await user.click(screen.getByTestId("sign-in-submit"));
    expect(await screen.findByTestId("sign-in-message")).toHaveTextContent("Tries left before a pause: 4");
    await user.click(screen.getByTestId("keypad-2"));
    await user.type(screen.getByTestId("sign-in-secret"), "۴۶۸");
    await user.click(screen.getByTestId("sign-in-submit"));
    expect(await screen.findByTestId("save-lead")).toBeInTheDocument();
    expect(screen.getByTestId("signed-in-name")).toHaveTextContent("Lisa");

    await user.click(screen.getByTestId("sign-out"));
    expect(await screen.findByText("Who is signing in?")).toBeInTheDocument();
    expect(fake.team.audit.map((e) => e.action)).toEqual(["sign_in_failed", "signed_in", "signed_out"]);
  });

  it("a person without a PIN chooses one, typed twice, at their first sign-in", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: null });
    const { user } = renderApp("/capture");
    await user.click(await screen.findByTestId("sign-in-user-u-dylan"));
    expect(screen.getByText("Dylan, choose your PIN")).toBeInTheDocument();
    await user.type(screen.getByTestId("sign-in-secret"), "1234");
    await user.type(screen.getByTestId("sign-in-confirm"), "1234");
    await user.click(screen.getByTestId("sign-in-submit"));
    expect(await screen.findByTestId("sign-in-message")).toHaveTextContent("Too easy to guess");
    await user.clear(screen.getByTestId("sign-in-secret"));
    await user.clear(screen.getByTestId("sign-in-confirm"));
    await user.type(screen.getByTestId("sign-in-secret"), "2580");
    await user.type(screen.getByTestId("sign-in-confirm"), "2581");
    await user.click(screen.getByTestId("sign-in-submit"));
    expect(await screen.findByTestId("sign-in-message")).toHaveTextContent("The two entries differ");
    await user.clear(screen.getByTestId("sign-in-confirm"));
    await user.type(screen.getByTestId("sign-in-confirm"), "2580");
    await user.click(screen.getByTestId("sign-in-submit"));
    expect(await screen.findByTestId("save-lead")).toBeInTheDocument();
  });

  it("switching to fa sets dir=rtl and translates the screen; back to English sets ltr", async () => {
    const { user } = renderApp("/capture");
    await screen.findByTestId("save-lead");
    await user.selectOptions(screen.getByTestId("lang-picker"), "fa");
    expect(document.documentElement.dir).toBe("rtl");
    expect(document.documentElement.lang).toBe("fa");
    expect(screen.getByTestId("save-lead")).toHaveTextContent("ذخیره");
    expect(screen.getByTestId("grade-A")).toHaveTextContent("بودجه دارد");

    await user.selectOptions(screen.getByTestId("lang-picker"), "zh-CN");
    expect(document.documentElement.dir).toBe("ltr");
    expect(screen.getByTestId("save-lead")).toHaveTextContent("保存");

    await user.selectOptions(screen.getByTestId("lang-picker"), "en");
    expect(document.documentElement.dir).toBe("ltr");
    expect(screen.getByTestId("save-lead")).toHaveTextContent("Save");
  });
});

describe("navigation", () => {
  beforeEach(() => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
  });

  it("has capture, leads and drafts, and clearly marked placeholders for what is coming", async () => {
    const { user } = renderApp("/capture");
    for (const id of ["nav-capture", "nav-leads", "nav-drafts", "nav-new-show"]) {
      expect(await screen.findByTestId(id)).toBeInTheDocument();
    }
    expect(within(screen.getByTestId("nav-dashboard")).queryByText("Coming soon")).toBeNull();
    await user.click(screen.getByTestId("nav-quotes"));
    expect(await screen.findByTestId("no-pricebook")).toBeInTheDocument();
    expect(within(screen.getByTestId("nav-quotes")).queryByText("Coming soon")).toBeNull();
    expect(within(screen.getByTestId("nav-materials")).queryByText("Coming soon")).toBeNull();

    await user.click(screen.getByTestId("nav-leads"));
    expect(await screen.findByTestId("lead-search")).toBeInTheDocument();
    expect(screen.getByTestId("nav-leads")).toHaveAttribute("data-active", "true");
  });
});

describe("shows", () => {
  it("without any show, asks for the first one and makes it active", async () => {
    fake.reset({ users: sampleUsers, userId: "u-dylan" });
    const create = vi.spyOn(commands, "eventsCreate");
    const { user } = renderApp("/capture");
    expect(await screen.findByText("Create your first show")).toBeInTheDocument();

    const form = screen.getByTestId("event-form");
    const field = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
    await user.type(field("tag"), "canton-2026");
    await user.type(field("name"), "Canton Fair");
    await user.type(field("starts_on"), "2026-04-15");
    await user.type(field("ends_on"), "2026-04-19");
    await user.type(field("booth"), "9.1 C12");
    await user.type(field("country"), "cn");
    expect(screen.getByTestId("required-company")).toBeChecked();
    await user.click(screen.getByTestId("required-email"));
    await user.type(field("interests"), "pumps, valves , ,OEM");
    await user.click(screen.getByTestId("create-event"));

    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0]![0]).toEqual({
      tag: "canton-2026",
      name: "Canton Fair",
      starts_on: "2026-04-15",
      ends_on: "2026-04-19",
      booth: "9.1 C12",
      country: "CN",
      form: {
        required: ["company", "name", "email"],
        interests: ["pumps", "valves", "OEM"],
        next_actions: ["send_quote", "demo", "mail_samples", "technical_exchange", "factory_visit", "sample_request", "deep_dive"],
      },
    });
    // the new show is active and the capture form is there
    expect(await screen.findByTestId("interest-valves")).toBeInTheDocument();
    expect(screen.getByTestId("event-picker")).toHaveValue("ev-1");
  });

  it("shows a taken tag under the tag field", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
    const { user } = renderApp("/events/new");
    const form = await screen.findByTestId("event-form");
    const tag = form.querySelector<HTMLInputElement>('[name="tag"]')!;
    await user.type(tag, sampleEvent.tag);
    await user.type(form.querySelector<HTMLInputElement>('[name="name"]')!, "Again");
    await user.click(screen.getByTestId("create-event"));
    await waitFor(() => expect(tag).toHaveAccessibleDescription(/Another show already uses this tag\./));
  });
});
