//! The kiosk page's half of the lockdown (the window's half is in src-tauri/src/windows.rs: no
//! close, no navigation elsewhere, no file drops). A visitor at the kiosk's keyboard or touch
//! screen must not reload it, open another window, print, zoom, go back, open devtools or a
//! context menu. Typing in a field and editing it (select all, copy, paste, undo, word moves)
//! still work.

/** What the filter needs of a keydown. */
export type KeyLike = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
};

/** Browser keys on multimedia keyboards that navigate or open things. */
const BROWSER_KEYS = new Set([
  "BrowserBack",
  "BrowserForward",
  "BrowserRefresh",
  "BrowserStop",
  "BrowserHome",
  "BrowserSearch",
  "BrowserFavorites",
  "ContextMenu",
  "Help",
  "Print",
  "LaunchApplication1",
  "LaunchApplication2",
  "LaunchMail",
]);

/** Ctrl/⌘ shortcuts that edit the text of a field: allowed there, and only there. */
const EDITING = new Set(["a", "c", "v", "x", "z", "y", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "Backspace", "Delete"]);

/**
 * Whether a keydown must not reach the browser. `inField`: a text field has the focus.
 * - every function key (F1 help, F3 find, F5 reload, F7 caret browsing, F11 full screen, F12
 *   devtools, Shift+F10 context menu) and the browser keys of multimedia keyboards;
 * - every Ctrl/⌘ shortcut (reload R, close W, quit Q, print P, address L, new window N/T, save
 *   S, open O, find F, zoom +/−/0, back/forward [ ], devtools Ctrl+Shift+I/J/C, ⌘⌥I…), except
 *   the editing ones inside a field, and AltGr (Ctrl+Alt on Windows) typing a character there;
 * - Alt+←/→/Home (back, forward, home page) and Alt+Space (the window menu);
 * - Backspace outside a field (back, in some webviews).
 */
export function isBlockedKey(e: KeyLike, inField: boolean): boolean {
  const { key } = e;
  if (/^F\d{1,2}$/.test(key) || BROWSER_KEYS.has(key)) return true;
  const mod = e.ctrlKey || e.metaKey;
  if (mod) {
    if (!inField) return true;
    const lower = key.length === 1 ? key.toLowerCase() : key;
    // Devtools: Ctrl+Shift+C / ⌘⌥C are not copy.
    if (EDITING.has(lower) && !e.altKey && !(e.shiftKey && lower === "c")) return false;
    // AltGr arrives as Ctrl+Alt with the character it makes (@ on a German keyboard).
    const altGr = e.ctrlKey && e.altKey && !e.metaKey && [...key].length === 1 && !/[a-z]/i.test(key);
    return !altGr;
  }
  if (e.altKey && ["ArrowLeft", "ArrowRight", "Home", " "].includes(key)) return true;
  if (key === "Backspace" && !inField) return true;
  return false;
}

const TEXT_TYPES = new Set(["text", "search", "email", "tel", "url", "password", "number", ""]);

/** A field the visitor types into, where editing shortcuts and Backspace belong. */
export function isTextField(el: Element | null): boolean {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) return TEXT_TYPES.has(el.type) && !el.readOnly && !el.disabled;
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * Installs the lockdown on `win` (the kiosk page, once, before anything renders) and returns
 * a function that removes it (tests).
 */
export function installLockdown(win: Window): () => void {
  const doc = win.document;
  const block = (e: Event) => e.preventDefault();
  const onKey = (e: KeyboardEvent) => {
    if (isBlockedKey(e, isTextField(doc.activeElement))) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  // Ctrl+wheel and trackpad pinches zoom; two-finger touches pinch-zoom.
  const onWheel = (e: WheelEvent) => {
    if (e.ctrlKey || e.metaKey) e.preventDefault();
  };
  const onTouch = (e: TouchEvent) => {
    if (e.touches.length > 1) e.preventDefault();
  };
  const listeners: [string, EventListener, AddEventListenerOptions][] = [
    ["keydown", onKey as EventListener, { capture: true }],
    ["contextmenu", block, { capture: true }],
    ["dragstart", block, { capture: true }],
    ["dragover", block, { capture: true }],
    ["drop", block, { capture: true }],
    ["wheel", onWheel as EventListener, { capture: true, passive: false }],
    ["touchmove", onTouch as EventListener, { capture: true, passive: false }],
    // WebKit's pinch gestures.
    ["gesturestart", block, { capture: true, passive: false }],
    ["gesturechange", block, { capture: true, passive: false }],
    // No links open anything: a stray <a> (there is none) or a middle click goes nowhere.
    ["auxclick", block, { capture: true }],
  ];
  for (const [type, fn, options] of listeners) win.addEventListener(type, fn, options);
  return () => {
    for (const [type, fn, options] of listeners) win.removeEventListener(type, fn, options);
  };
}
