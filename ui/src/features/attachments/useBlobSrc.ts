//! Shows a Blob in an <img> or <audio> through an object URL that lives exactly as long as
//! the element: made when it mounts, revoked when it unmounts or the Blob changes
//! (a React 19 ref callback with cleanup, so StrictMode's double mount is safe too).
import { useCallback } from "react";

export function useBlobSrc<E extends HTMLImageElement | HTMLMediaElement>(blob: Blob | undefined) {
  return useCallback(
    (element: E | null) => {
      if (!element || !blob) return;
      const url = URL.createObjectURL(blob);
      element.src = url;
      return () => {
        element.removeAttribute("src");
        URL.revokeObjectURL(url);
      };
    },
    [blob],
  );
}
