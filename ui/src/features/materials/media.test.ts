import { describe, expect, it } from "vitest";
import { videoNeedsBlob } from "./media";

const LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15";
const MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)";
const SHA = "a".repeat(64);

describe("where a video plays from", () => {
  it("is a blob on Linux, where WebKitGTK cannot play from a custom scheme", () => {
    expect(videoNeedsBlob(`leadtrack-content://localhost/${SHA}`, LINUX)).toBe(true);
  });

  it("is the content URL where the webview streams it (macOS; Windows' http form)", () => {
    expect(videoNeedsBlob(`leadtrack-content://localhost/${SHA}`, MAC)).toBe(false);
    expect(videoNeedsBlob(`http://leadtrack-content.localhost/${SHA}`, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120")).toBe(false);
  });
});
