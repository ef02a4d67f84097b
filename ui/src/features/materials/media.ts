//! Where a `<video>` gets its bytes. WebKitGTK hands a video's URL straight to GStreamer, which
//! has no handler for a custom URI scheme (WebKit bug 146351: MEDIA_ERR_SRC_NOT_SUPPORTED), so on
//! Linux a video plays from a blob of its bytes (fetched over IPC, hash-checked). Elsewhere it
//! streams from `leadtrack-content://` with range requests and is never held in memory whole.
import { useEffect, useRef, useState } from "react";
import { materialUrl } from "../../ipc";

export function videoNeedsBlob(url: string, userAgent = navigator.userAgent): boolean {
  return url.startsWith("leadtrack-content:") && /Linux/.test(userAgent) && !/Android/.test(userAgent);
}

/** A URL the webview can play the video `sha256` from; `null` while its bytes load. */
export function useVideoUrl(sha256: string, mime: string, load: () => Promise<ArrayBuffer>): { url: string | null; error: unknown } {
  const direct = materialUrl(sha256);
  const blob = videoNeedsBlob(direct);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  const [state, setState] = useState<{ sha256: string; url: string | null; error: unknown }>({ sha256: "", url: null, error: null });
  useEffect(() => {
    if (!blob) return;
    let live = true;
    let made: string | null = null;
    loader.current().then(
      (bytes) => {
        if (!live) return;
        made = URL.createObjectURL(new Blob([bytes], { type: mime }));
        setState({ sha256, url: made, error: null });
      },
      (error: unknown) => live && setState({ sha256, url: null, error }),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [blob, sha256, mime]);
  if (!blob) return { url: direct, error: null };
  return state.sha256 === sha256 ? { url: state.url, error: state.error } : { url: null, error: null };
}
