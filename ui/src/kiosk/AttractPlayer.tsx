//! The attract loop: after the show's idle time with nobody at the kiosk, the playlist
//! marketing picked plays full screen over whatever was on screen — pictures and Markdown pages
//! for their seconds, a PDF's first page, a video muted to its end — round and round. Any touch
//! or key ends it at once; the screen underneath (the form with what a visitor typed) was never
//! unmounted, so nothing is lost.
import { Text } from "@mantine/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type AttractSlide, commands, materialUrl } from "../ipc";
import { useVideoUrl } from "../features/materials/media";
import type { PdfDocument } from "../features/materials/pdf";
import { SafeHtml } from "../features/materials/SafeHtml";
import { DEFAULT_LANGUAGE, KIOSK_LANGUAGES } from "./i18n";

/** A slide that cannot be shown (a video that will not play) gives way after this long at most. */
const BROKEN_SLIDE_MS = 2000;

function PdfFirstPage({ slide, onBroken }: { slide: AttractSlide; onBroken: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    let doc: PdfDocument | null = null;
    Promise.all([commands.kioskAttractFile(slide.material_id), import("../features/materials/pdf")])
      .then(([data, pdf]) => pdf.openPdf(data))
      .then(async (d) => {
        doc = d;
        if (!live || !canvas.current) return;
        await d.render(1, canvas.current, window.innerWidth * 0.9, window.innerHeight * 0.9);
        if (live) canvas.current?.setAttribute("data-page", "1");
      })
      .catch(() => live && onBroken());
    return () => {
      live = false;
      doc?.destroy();
    };
  }, [slide.material_id, onBroken]);
  return <canvas ref={canvas} className="kiosk-playlist-pdf" data-testid="kiosk-playlist-pdf" aria-label={slide.title} />;
}

/** A video has this long beyond its own length to end before the loop moves on (a stalled one). */
const VIDEO_GRACE_MS = 5000;

function Video({ slide, onEnd, onBroken }: { slide: AttractSlide; onEnd: () => void; onBroken: () => void }) {
  const video = useVideoUrl(slide.sha256, slide.mime, () => commands.kioskAttractFile(slide.material_id));
  const element = useRef<HTMLVideoElement>(null);
  const [length, setLength] = useState<number | null>(null);
  useEffect(() => {
    if (video.error) onBroken();
  }, [video.error, onBroken]);
  // Muted is set on the element itself: React renders no `muted` attribute, and without it
  // WebKit's autoplay policy treats the video as one with sound and does not start it.
  useEffect(() => {
    const v = element.current;
    if (!v || !video.url) return;
    v.defaultMuted = true;
    v.muted = true;
    v.play().catch(onBroken);
  }, [video.url, onBroken]);
  useEffect(() => {
    if (length === null || !Number.isFinite(length)) return;
    const timer = setTimeout(onEnd, length * 1000 + VIDEO_GRACE_MS);
    return () => clearTimeout(timer);
  }, [length, onEnd]);
  if (!video.url) return null;
  return (
    <video
      ref={element}
      src={video.url}
      className="kiosk-playlist-media"
      muted
      playsInline
      onLoadedMetadata={(e) => setLength(e.currentTarget.duration)}
      onEnded={onEnd}
      onError={onBroken}
      aria-label={slide.title}
      data-testid="kiosk-playlist-video"
    />
  );
}

function Slide({ slide, onEnd, onBroken }: { slide: AttractSlide; onEnd: () => void; onBroken: () => void }) {
  switch (slide.kind) {
    case "image":
      return <img src={materialUrl(slide.sha256)} alt={slide.title} className="kiosk-playlist-media" onError={onBroken} />;
    case "video":
      return <Video slide={slide} onEnd={onEnd} onBroken={onBroken} />;
    case "pdf":
      return <PdfFirstPage slide={slide} onBroken={onBroken} />;
    case "markdown":
      return (
        <div className="kiosk-playlist-page" dir="auto" lang={slide.language}>
          <SafeHtml html={slide.html ?? ""} />
        </div>
      );
  }
}

export function AttractPlayer({ slides, onExit }: { slides: AttractSlide[]; onExit: () => void }) {
  const { t, i18n } = useTranslation();
  // `shown` counts every slide put up, so one slide looping (a lone video) is a new element each time.
  const [shown, setShown] = useState(0);
  const slide = slides[shown % slides.length]!;
  const next = useCallback(() => setShown((n) => n + 1), []);
  const [broken, setBroken] = useState(-1);
  const onBroken = useCallback(() => setBroken(shown), [shown]);

  // Pictures, pages and PDFs stay up for their seconds; a video until it ends.
  useEffect(() => {
    if (slide.kind === "video" && broken !== shown) return;
    const ms = broken === shown ? Math.min(BROKEN_SLIDE_MS, slide.seconds * 1000) : slide.seconds * 1000;
    const timer = setTimeout(next, ms);
    return () => clearTimeout(timer);
  }, [shown, slide, broken, next]);

  // Any touch or key: back to registration at once. The touch that ends the loop does nothing
  // else (its click is swallowed); a key goes on to whatever has focus (a badge scanner's digits).
  const exit = useRef(onExit);
  useEffect(() => {
    exit.current = onExit;
  });
  useEffect(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    const eatClick = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
    };
    const onPointer = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
      // Outlives the loop by a moment: the click of the touch that ended it.
      document.addEventListener("click", eatClick, { capture: true });
      setTimeout(() => document.removeEventListener("click", eatClick, { capture: true }), 600);
      exit.current();
    };
    const onKey = () => exit.current();
    document.addEventListener("pointerdown", onPointer, { capture: true });
    document.addEventListener("keydown", onKey, { capture: true });
    return () => {
      document.removeEventListener("pointerdown", onPointer, { capture: true });
      document.removeEventListener("keydown", onKey, { capture: true });
    };
  }, []);

  // Nobody has picked a language: the prompt speaks the slide's, when the kiosk has it.
  const hintLang = i18n.language === DEFAULT_LANGUAGE && KIOSK_LANGUAGES.some((l) => l.code === slide.language) ? slide.language : i18n.language;

  return (
    <div className="kiosk-playlist" data-testid="kiosk-playlist" data-kind={slide.kind} data-item={slide.material_id} aria-label={t("kiosk.playlist.label")} role="presentation">
      <div className="kiosk-playlist-stage" key={shown}>
        <Slide slide={slide} onEnd={next} onBroken={onBroken} />
      </div>
      <Text className="kiosk-playlist-hint" lang={hintLang} dir={i18n.dir(hintLang)}>
        {i18n.getFixedT(hintLang)("kiosk.attract.prompt")}
      </Text>
    </div>
  );
}
