import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { commands, fake, sampleEvent, sampleUsers } from "../../ipc/fake";
import { renderApp } from "../../test/render";

vi.mock("../../ipc", () => import("../../ipc/fake"));

const section = () => screen.findByTestId("phone-registration");
const status = () => screen.getByTestId("phone-registration-status");

beforeEach(() => {
  fake.reset({ events: [sampleEvent], users: sampleUsers, eventId: sampleEvent.id, userId: "u-lisa" });
});

afterEach(async () => {
  await act(() => i18n.changeLanguage("en"));
});

describe("settings: registration on visitors' phones", () => {
  it("is off by default; turning it on listens on the picked interface and the kiosk gets one-time links", async () => {
    const { user } = renderApp("/settings");
    const card = await section();
    expect(card).toHaveTextContent("Registration on visitors' phones");
    expect(card).toHaveTextContent("each code works once, for 10 minutes");
    const toggle = within(card).getByRole("switch", { name: "Let visitors register on their phones" });
    expect(toggle).not.toBeChecked();
    expect(status()).toHaveAttribute("data-state", "off");
    expect(await commands.kioskPhoneLink()).toBeNull();

    const picker = within(card).getByTestId("phone-registration-interface");
    expect(within(picker).getAllByRole("option").map((o) => o.textContent)).toEqual(["wlan0 (192.168.1.20)", "eth0 (10.0.0.5)"]);
    await user.selectOptions(picker, "10.0.0.5");
    await waitFor(() => expect(fake.phone.settings).toEqual({ enabled: false, address: "10.0.0.5" }));
    expect(status()).toHaveAttribute("data-state", "off");

    await user.click(toggle);
    await waitFor(() => expect(status()).toHaveAttribute("data-state", "listening"));
    expect(status()).toHaveTextContent("Listening at 10.0.0.5:8740");
    expect(fake.phone.settings).toEqual({ enabled: true, address: "10.0.0.5" });
    expect(toggle).toBeChecked();
    const first = await commands.kioskPhoneLink();
    expect(first).toMatch(/^http:\/\/10\.0\.0\.5:8740\/r\//);
    expect(await commands.kioskPhoneLink()).not.toBe(first);

    await user.click(toggle);
    await waitFor(() => expect(status()).toHaveAttribute("data-state", "off"));
    expect(fake.phone.settings).toEqual({ enabled: false, address: "10.0.0.5" });
    expect(await commands.kioskPhoneLink()).toBeNull();
  });

  it("says so when the picked interface cannot be listened on, and another one can be picked", async () => {
    fake.phone.failOn("192.168.1.20");
    const { user } = renderApp("/settings");
    const card = await section();
    await user.click(within(card).getByRole("switch"));
    await waitFor(() => expect(status()).toHaveAttribute("data-state", "failed"));
    expect(status()).toHaveTextContent("cannot listen on 192.168.1.20");
    await user.selectOptions(within(card).getByTestId("phone-registration-interface"), "10.0.0.5");
    await waitFor(() => expect(status()).toHaveAttribute("data-state", "listening"));
  });

  it("cannot be turned on without a network", async () => {
    fake.phone.setInterfaces([]);
    renderApp("/settings");
    const card = await section();
    expect(within(card).getByTestId("phone-registration-no-network")).toHaveTextContent("no network connection");
    expect(within(card).getByRole("switch")).toBeDisabled();
  });

  it("keeps a saved address that is no longer on this computer visible", async () => {
    await commands.phoneRegistrationSet(false, "192.168.7.7");
    renderApp("/settings");
    const picker = within(await section()).getByTestId("phone-registration-interface");
    expect(picker).toHaveValue("192.168.7.7");
    expect(within(picker).getAllByRole("option")[0]).toHaveTextContent("192.168.7.7 (not found on this computer)");
  });

  it("is translated, and the switch is reachable by keyboard", async () => {
    const { user } = renderApp("/settings");
    const card = await section();
    await act(() => i18n.changeLanguage("fa"));
    expect(card).toHaveTextContent("ثبت‌نام با گوشی بازدیدکنندگان");
    await act(() => i18n.changeLanguage("zh-CN"));
    expect(card).toHaveTextContent("在访客手机上登记");
    const toggle = within(card).getByRole("switch");
    toggle.focus();
    await user.keyboard(" ");
    await waitFor(() => expect(fake.phone.settings.enabled).toBe(true));
    expect(await screen.findByText(/正在 192\.168\.1\.20:8740 上提供服务/)).toBeInTheDocument();
  });
});
