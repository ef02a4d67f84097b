import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
// The example profile shipped for managers (docs/badge-profiles.md), as a manager would load it.
import example from "../../../../assets/badge-profiles/techexpo-caret.json?raw";
import i18n from "../../i18n";
import { commands, FAKE_QR_MARKER, fake, sampleEvent, samplePng, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";
import { blurAll, scanBadge } from "../../test/scanner";

vi.mock("../../ipc", () => import("../../ipc/fake"));

/** Surname before given name, a zero-padded id with the show's prefix. */
const CARET = "TX00012345^Smith^Mary^Acme Robotics^CTO^mary.smith@acme.example^DE";

const formInput = (name: string) => document.querySelector<HTMLInputElement>(`[data-lead-form] [name="${name}"]`)!;
const savedProfile = async () => (await commands.sessionGet()).event?.badge_profile;

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
});

describe("settings: badge profile for the active show", () => {
  it("loads the example file, tries it on a sample without saving, saves it, and then scans follow it", async () => {
    const { user, router } = renderApp("/settings", { scanner: true });
    const section = await screen.findByTestId("badge-profile");
    expect(section).toHaveTextContent("Badge profile for Canton Fair 2026");
    expect(screen.getByTestId("badge-profile-status")).toHaveTextContent("auto-detected");

    await user.upload(screen.getByTestId("badge-profile-file"), new File([example], "techexpo-caret.json", { type: "application/json" }));
    await waitFor(() => expect(screen.getByTestId("badge-profile-text")).toHaveValue(example));
    expect(screen.getByTestId("badge-profile-unsaved")).toBeInTheDocument();

    await user.click(screen.getByTestId("badge-sample"));
    await user.paste(CARET);
    await user.click(screen.getByTestId("badge-profile-try"));
    const result = screen.getByTestId("badge-profile-result");
    await waitFor(() => expect(within(result).getByTestId("badge-profile-format")).toHaveTextContent("Delimited record"));
    const fields = within(result).getByTestId("badge-profile-fields");
    expect(fields).toHaveTextContent("NameMary Smith");
    expect(fields).toHaveTextContent("CompanyAcme Robotics");
    expect(within(result).getByTestId("badge-profile-id")).toHaveTextContent("12345");
    expect(await savedProfile()).toBeUndefined();

    await user.click(screen.getByTestId("badge-profile-save"));
    expect(await screen.findByTestId("badge-profile-notice")).toHaveTextContent("Scans at Canton Fair 2026 now follow this profile");
    expect(await savedProfile()).toBe(example);
    await waitFor(() => expect(screen.getByTestId("badge-profile-status")).toHaveTextContent("saved profile"));
    expect(screen.queryByTestId("badge-profile-unsaved")).not.toBeInTheDocument();

    // A handheld scan on the capture screen is now read by the profile.
    await act(() => router.navigate("/capture"));
    await screen.findByTestId("save-lead");
    blurAll();
    await scanBadge(`${CARET}\n`);
    await waitFor(() => expect(formInput("name")).toHaveValue("Mary Smith"));
    expect(formInput("company")).toHaveValue("Acme Robotics");
    expect(formInput("email")).toHaveValue("mary.smith@acme.example");
  });

  it("a bad profile shows the reason and the line it points at, and is not saved", async () => {
    fake.reset({ events: [{ ...sampleEvent, badge_profile: example }], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
    const { user } = renderApp("/settings");
    const text = await screen.findByTestId("badge-profile-text");
    expect(text).toHaveValue(example);
    await user.clear(text);
    await user.click(text);
    await user.paste('{\n  "name": "TechExpo",\n  "delimiter": "^"\n  "fields": ["id"]\n}');
    await user.type(screen.getByTestId("badge-sample"), "TX000123^Mary");
    await user.click(screen.getByTestId("badge-profile-try"));

    const error = await screen.findByTestId("badge-profile-error");
    expect(error).toHaveTextContent("This profile cannot be used");
    expect(error).toHaveTextContent(/not valid JSON.*line 4, column 3/);
    expect(within(error).getByTestId("badge-profile-error-line").textContent).toBe('  "fields": ["id"]\n  ^');

    await user.click(screen.getByTestId("badge-profile-save"));
    await waitFor(() => expect(screen.getByTestId("badge-profile-error")).toHaveTextContent("line 4, column 3"));
    expect(screen.queryByTestId("badge-profile-notice")).not.toBeInTheDocument();
    expect(await savedProfile()).toBe(example);

    // A key the backend names: no line to show, just what to write instead.
    await user.clear(text);
    await user.click(text);
    await user.paste('{"name": "TechExpo", "delimiter": "^"}');
    await user.click(screen.getByTestId("badge-profile-try"));
    await waitFor(() => expect(screen.getByTestId("badge-profile-error")).toHaveTextContent('"delimiter" is set but "fields" is empty'));
    expect(screen.queryByTestId("badge-profile-error-line")).not.toBeInTheDocument();
  });

  it("a scan while the section has the focus becomes the sample and is tried, never a lead", async () => {
    const parse = vi.spyOn(commands, "badgesParse");
    const create = vi.spyOn(commands, "leadsCreate");
    const { user, router } = renderApp("/settings", { scanner: true });
    const text = await screen.findByTestId("badge-profile-text");
    await user.click(text);
    await user.paste(example);
    // The manager clicked into the profile itself: the scan must not land in the JSON.
    await scanBadge(`${CARET}\n`);

    await waitFor(() => expect(screen.getByTestId("badge-sample")).toHaveValue(CARET));
    expect(text).toHaveValue(example);
    await waitFor(() => expect(screen.getByTestId("badge-profile-fields")).toHaveTextContent("NameMary Smith"));
    expect(parse).not.toHaveBeenCalled();
    expect(screen.getByTestId("scanner-test-result")).toHaveTextContent("Waiting for a scan…");
    expect(router.state.location.pathname).toBe("/settings");
    expect(create).not.toHaveBeenCalled();

    // Focus elsewhere: scans go to the scanner test again.
    blurAll();
    await scanBadge("MECARD:N:Wang,Fang;ORG:Huaqiang;;\n");
    await waitFor(() => expect(screen.getByTestId("scanner-test-format")).toHaveTextContent("MECARD"));
    expect(screen.getByTestId("badge-sample")).toHaveValue(CARET);
  });

  it("a badge photo gives the sample, read with the profile being written", async () => {
    const { user } = renderApp("/settings");
    const text = await screen.findByTestId("badge-profile-text");
    await user.click(text);
    await user.paste(example);
    const photo = new Uint8Array([...samplePng(), ...new TextEncoder().encode(`${FAKE_QR_MARKER}${CARET}`)]);
    await user.upload(screen.getByTestId("badge-profile-photo"), new File([photo], "badge.png", { type: "image/png" }));
    await waitFor(() => expect(screen.getByTestId("badge-sample")).toHaveValue(CARET));
    expect(await screen.findByTestId("badge-profile-id")).toHaveTextContent("12345");
  });

  it("Use auto-detect clears the saved profile", async () => {
    fake.reset({ events: [{ ...sampleEvent, badge_profile: example }], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
    const { user } = renderApp("/settings");
    expect(await screen.findByTestId("badge-profile-status")).toHaveTextContent("saved profile");
    await user.click(screen.getByTestId("badge-profile-clear"));
    expect(await screen.findByTestId("badge-profile-notice")).toHaveTextContent("auto-detected again");
    expect(screen.getByTestId("badge-profile-text")).toHaveValue("");
    expect(await savedProfile()).toBeUndefined();
    await waitFor(() => expect(screen.getByTestId("badge-profile-status")).toHaveTextContent("auto-detected"));
    expect(screen.getByTestId("badge-profile-clear")).toBeDisabled();
  });

  it("asks for an active show first, and is translated", async () => {
    fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: null, userId: "u-lisa" });
    renderApp("/settings");
    expect(await screen.findByTestId("badge-profile")).toHaveTextContent("Choose the active show");
    await act(() => i18n.changeLanguage("fa"));
    expect(screen.getByTestId("badge-profile")).toHaveTextContent("پروفایل کارت");
    await act(() => i18n.changeLanguage("zh-CN"));
    expect(screen.getByTestId("badge-profile")).toHaveTextContent("胸卡配置");
  });
});
