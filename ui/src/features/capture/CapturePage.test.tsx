import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { commands, fake, LeadTrackError, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const input = (name: string) => document.querySelector<HTMLInputElement>(`[data-lead-form] [name="${name}"]`)!;

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-dylan" });
});

describe("capture", () => {
  it("saving a complete lead calls leadsCreate with the typed fields and shows the saved banner", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");

    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Acme Pumps");
    await user.type(input("name"), "Wang Wei");
    await user.type(input("title"), "Buyer");
    await user.type(input("phone"), "138 0013 8000");
    await user.type(input("email"), "wang@acme.example");
    await user.type(input("country"), "cn");
    await user.click(screen.getByTestId("grade-A"));
    await user.click(screen.getByTestId("interest-pumps"));
    await user.type(input("new_interest"), "solar{Enter}");
    await user.type(input("key_needs"), "500 units before Q3");
    await user.selectOptions(input("next_action"), "send_quote");
    await user.click(screen.getByTestId("save-lead"));

    expect(create).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledWith({
      event_id: sampleEvent.id,
      company: "Acme Pumps",
      name: "Wang Wei",
      title: "Buyer",
      phone: "138 0013 8000",
      email: "wang@acme.example",
      country: "CN",
      grade: "A",
      interests: ["pumps", "solar"],
      key_needs: "500 units before Q3",
      next_action: "send_quote",
      draft: false,
      source: "manual",
      badge_raw: null,
      badge_format: null,
    });
    const banner = await screen.findByTestId("saved-banner");
    expect(banner).toHaveTextContent("Saved — Wang Wei");
    expect(within(banner).getByRole("link", { name: "Open" })).toHaveAttribute("href", "/leads/lead-1");
  });

  it("clears the form and puts focus back on the first field after a save", async () => {
    const { user } = renderApp("/capture");
    const company = await screen.findByRole("textbox", { name: /company/i });
    await user.type(company, "Acme");
    await user.type(input("name"), "Li Na");
    await user.click(screen.getByTestId("grade-B"));
    await user.click(screen.getByTestId("save-lead"));

    await screen.findByTestId("saved-banner");
    expect(company).toHaveValue("");
    expect(input("name")).toHaveValue("");
    expect(screen.getByTestId("grade-B")).toHaveAttribute("aria-pressed", "false");
    expect(company).toHaveFocus();
  });

  it("Enter in a text field saves, and the banner names the company when there is no name", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    fake.reset({
      events: [{ ...sampleEvent, form: { ...sampleEvent.form, required: ["company"] } }],
      users: sampleUsers,
      eventId: sampleEvent.id,
      userId: "u-dylan",
    });
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Globex{Enter}");
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Globex");
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ company: "Globex", draft: false }));
  });

  it("Enter in the last field (next action) saves", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Umbrella");
    await user.type(input("name"), "Alice");
    await user.selectOptions(input("next_action"), "demo");
    input("next_action").focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(create).toHaveBeenCalledWith(expect.objectContaining({ next_action: "demo", draft: false })));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Saved — Alice");
  });

  it("Ctrl+S saves and Ctrl+D saves a draft from any field", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Initech");
    await user.type(input("name"), "Peter");
    await user.keyboard("{Control>}s{/Control}");
    await screen.findByTestId("saved-banner");
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ name: "Peter", draft: false }));

    await user.type(input("key_needs"), "call back");
    await user.type(input("name"), "Milton");
    await user.keyboard("{Control>}d{/Control}");
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ name: "Milton", key_needs: "call back", draft: true }));
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Draft saved — Milton");
  });

  it("save as draft sends draft: true even when required fields are missing", async () => {
    const create = vi.spyOn(commands, "leadsCreate");
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /name/i }), "Only A Name");
    await user.click(screen.getByTestId("save-draft"));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    expect(create.mock.calls[0]![0]).toMatchObject({ name: "Only A Name", company: "", draft: true });
    expect(await screen.findByTestId("saved-banner")).toHaveTextContent("Draft saved — Only A Name");
    expect(fake.leads[0]!.status).toBe("draft");
  });

  it("required-field errors from a validation error appear under the right inputs", async () => {
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /title/i }), "CTO");
    await user.type(input("email"), "not-an-email");
    await user.click(screen.getByTestId("save-lead"));

    const company = screen.getByRole("textbox", { name: /company/i });
    await waitFor(() => expect(company).toHaveAccessibleDescription("Company is required."));
    expect(input("name")).toHaveAccessibleDescription("Name is required.");
    expect(input("email")).toHaveAccessibleDescription("This email address is not complete (like name@company.com).");
    expect(input("title")).not.toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("saved-banner")).not.toBeInTheDocument();
    // the first field in error gets the focus so the rep can fix it at once
    expect(company).toHaveFocus();
  });

  it("an error code the UI does not know falls back to the backend's message", async () => {
    vi.spyOn(commands, "leadsCreate").mockRejectedValueOnce(
      new LeadTrackError("validation", "phone odd", [{ field: "phone", code: "brand_new_code", message: "The phone looks odd." }]),
    );
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /phone/i }), "12");
    await user.click(screen.getByTestId("save-lead"));
    await waitFor(() => expect(input("phone")).toHaveAccessibleDescription("The phone looks odd."));
  });

  it("a storage failure shows one red alert and keeps what was typed", async () => {
    vi.spyOn(commands, "leadsCreate").mockRejectedValueOnce(new LeadTrackError("storage", "disk full"));
    const { user } = renderApp("/capture");
    await user.type(await screen.findByRole("textbox", { name: /company/i }), "Hooli");
    await user.type(input("name"), "Gavin");
    await user.click(screen.getByTestId("save-lead"));
    expect(await screen.findByRole("alert")).toHaveTextContent(/database could not save/i);
    expect(input("company")).toHaveValue("Hooli");
  });

  it("grade buttons show their meanings and toggle with aria-pressed", async () => {
    const { user } = renderApp("/capture");
    const a = await screen.findByTestId("grade-A");
    expect(a).toHaveTextContent("Has budget, buys within 3–6 months — phone them");
    expect(screen.getByTestId("grade-B")).toHaveTextContent("Buys in 6–12 months");
    expect(screen.getByTestId("grade-C")).toHaveTextContent("About 2 years — send the catalogue");
    expect(screen.getByTestId("grade-D")).toHaveTextContent("No follow-up");
    expect(a).toHaveAttribute("aria-pressed", "false");
    await user.click(a);
    expect(a).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByTestId("grade-C"));
    expect(a).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("grade-C")).toHaveAttribute("aria-pressed", "true");
  });

  it("marks the show's required fields and offers its next actions plus none", async () => {
    renderApp("/capture");
    const company = await screen.findByRole("textbox", { name: /company/i });
    expect(document.querySelector(`label[for="${company.id}"]`)).toHaveTextContent("*");
    const title = input("title");
    expect(document.querySelector(`label[for="${title.id}"]`)).not.toHaveTextContent("*");
    const options = within(input("next_action") as unknown as HTMLElement).getAllByRole("option").map((o) => o.textContent);
    expect(options).toEqual(["None", "Send quote", "Demo", "Mail samples"]);
    expect(input("country")).toHaveAttribute("placeholder", "CN");
    expect(screen.getByTestId("media-placeholder")).toHaveTextContent("Photos and voice memo — coming with badge scanning");
  });
});
