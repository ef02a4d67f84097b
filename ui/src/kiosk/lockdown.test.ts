import { afterEach, describe, expect, it } from "vitest";
import { installLockdown, isBlockedKey, type KeyLike } from "./lockdown";

/** "Ctrl+Shift+I" → the keydown a keyboard sends for it. */
function parse(combo: string): KeyLike {
  const parts = combo === "+" ? ["+"] : combo.split(/\+(?=.)/);
  const key = parts.pop()!;
  return {
    key: key === "Space" ? " " : key,
    ctrlKey: parts.includes("Ctrl"),
    metaKey: parts.includes("Cmd"),
    altKey: parts.includes("Alt"),
    shiftKey: parts.includes("Shift"),
  };
}

describe("the kiosk's key filter", () => {
  const blockedEverywhere = [
    "F5", "Ctrl+F5", "Shift+F5", "F11", "F12", "F7", "F1", "F3", "Shift+F10",
    "Ctrl+r", "Ctrl+Shift+R", "Cmd+r", "Ctrl+w", "Cmd+w", "Ctrl+q", "Cmd+q", "Ctrl+p", "Cmd+p",
    "Ctrl+l", "Cmd+l", "Ctrl+n", "Cmd+n", "Ctrl+t", "Cmd+t", "Ctrl+Shift+N", "Ctrl+s", "Ctrl+o", "Ctrl+f",
    "Ctrl+Shift+I", "Ctrl+Shift+J", "Ctrl+Shift+C", "Cmd+Alt+i", "Cmd+Alt+j", "Cmd+Alt+c",
    "Ctrl++", "Ctrl+-", "Ctrl+=", "Ctrl+0", "Cmd+[", "Cmd+]", "Ctrl+Tab", "Ctrl+u",
    "Alt+ArrowLeft", "Alt+ArrowRight", "Alt+Home", "Alt+Space", "Alt+F4",
    "BrowserBack", "BrowserForward", "BrowserRefresh", "BrowserHome", "ContextMenu",
  ];
  for (const combo of blockedEverywhere) {
    it(`blocks ${combo} in a field and outside one`, () => {
      expect(isBlockedKey(parse(combo), true)).toBe(true);
      expect(isBlockedKey(parse(combo), false)).toBe(true);
    });
  }

  const typing = ["a", "Z", "汉", "@", "Enter", "Tab", "Shift+Tab", "Escape", "ArrowLeft", "Space", "Shift+A", "0", "Backspace", "Delete"];
  for (const combo of typing) {
    it(`lets ${combo} through in a field`, () => {
      expect(isBlockedKey(parse(combo), true)).toBe(false);
    });
  }

  it("lets a field's editing shortcuts through there, and nowhere else", () => {
    for (const combo of ["Ctrl+a", "Ctrl+c", "Ctrl+v", "Ctrl+x", "Ctrl+z", "Ctrl+Shift+Z", "Ctrl+y", "Cmd+v", "Cmd+z", "Ctrl+ArrowLeft", "Ctrl+Backspace", "Cmd+Backspace"]) {
      expect(isBlockedKey(parse(combo), true), combo).toBe(false);
      expect(isBlockedKey(parse(combo), false), combo).toBe(true);
    }
  });

  it("lets AltGr type a character in a field (Ctrl+Alt+Q is @ on a German keyboard)", () => {
    expect(isBlockedKey({ key: "@", ctrlKey: true, altKey: true, metaKey: false, shiftKey: false }, true)).toBe(false);
    expect(isBlockedKey({ key: "q", ctrlKey: true, altKey: true, metaKey: false, shiftKey: false }, true)).toBe(true);
  });

  it("blocks Backspace outside a field (back in some webviews) but not in one", () => {
    expect(isBlockedKey(parse("Backspace"), false)).toBe(true);
    expect(isBlockedKey(parse("Backspace"), true)).toBe(false);
  });

  it("lets a person move around the screen with the keyboard", () => {
    for (const combo of ["Tab", "Shift+Tab", "Enter", "Space", "Escape", "ArrowDown", "1"]) {
      expect(isBlockedKey(parse(combo), false), combo).toBe(false);
    }
  });
});

describe("installLockdown", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  const fire = (target: EventTarget, event: Event) => {
    target.dispatchEvent(event);
    return event.defaultPrevented;
  };

  it("cancels blocked keys, the context menu, drags, drops and Ctrl+wheel zoom, and nothing else", () => {
    remove = installLockdown(window);
    const input = document.createElement("input");
    document.body.append(input);
    const key = (init: KeyboardEventInit) => new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init });
    expect(fire(document.body, key({ key: "F5" }))).toBe(true);
    expect(fire(document.body, key({ key: "r", ctrlKey: true }))).toBe(true);
    expect(fire(document.body, key({ key: "Backspace" }))).toBe(true);
    input.focus();
    expect(fire(input, key({ key: "Backspace" }))).toBe(false);
    expect(fire(input, key({ key: "v", ctrlKey: true }))).toBe(false);
    expect(fire(input, key({ key: "w", ctrlKey: true }))).toBe(true);
    expect(fire(document.body, new MouseEvent("contextmenu", { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire(document.body, new Event("dragstart", { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire(document.body, new Event("drop", { bubbles: true, cancelable: true }))).toBe(true);
    expect(fire(document.body, new WheelEvent("wheel", { bubbles: true, cancelable: true, ctrlKey: true }))).toBe(true);
    expect(fire(document.body, new WheelEvent("wheel", { bubbles: true, cancelable: true }))).toBe(false);
    input.remove();
  });

  it("is gone once removed", () => {
    installLockdown(window)();
    const event = new KeyboardEvent("keydown", { key: "F5", bubbles: true, cancelable: true });
    expect(fire(document.body, event)).toBe(false);
  });
});
