//! A QR code drawn here as SVG from `uqr`'s module matrix: no image service, no network, no
//! markup from a string (each dark module is a square in one path).
import { encode } from "uqr";

/** `size`: the most pixels it may take; it takes the largest whole number of pixels per module that fits. */
export function QrCode({ value, size, label, testId }: { value: string; size: number; label: string; testId?: string }) {
  // Four light modules around the code: the quiet zone phone cameras need to find it.
  const { data, size: modules } = encode(value, { ecc: "M", border: 4 });
  // Whole pixels per module: uneven modules blur at the edges and cameras read them worse.
  const px = Math.max(1, Math.floor(size / modules)) * modules;
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid={testId}
      data-value={value}
      width={px}
      height={px}
      viewBox={`0 0 ${modules} ${modules}`}
      shapeRendering="crispEdges"
    >
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
