//! The kiosk window: attract → form → thank you → attract, one visitor at a time. Everything
//! a visitor typed, picked or scanned lives in this component's state and is wiped between
//! visitors (after the thank-you, on "Start over", at the end of the idle countdown), with the
//! language reset to English. It calls only the kiosk commands (the window may call no other).
//! With nobody at the kiosk for the show's attract idle time, marketing's playlist plays over
//! the screen (AttractPlayer) until the next touch or key.
import { Button, DirectionProvider, Group, MantineProvider, Stack, Text, Title, useDirection } from "@mantine/core";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { playScanBeep } from "../features/scanner/beep";
import { useScannerSettings } from "../features/scanner/settings";
import { type ScanVerdict, useBadgeScanner } from "../features/scanner/useBadgeScanner";
import { commands, type FieldError, isLeadTrackError, type KioskAttract, type KioskConfig, type KioskReceipt } from "../ipc";
import { theme } from "../theme";
import { Attract } from "./Attract";
import { AttractPlayer } from "./AttractPlayer";
import { KioskHeader } from "./Chrome";
import { createKioskI18n, DEFAULT_LANGUAGE, KIOSK_LANGUAGES, type KioskLanguage } from "./i18n";
import { IdleCountdown, useIdle } from "./idle";
import { PinPad } from "./PinPad";
import { Thanks } from "./Thanks";
import { emptyVisitor, isEmpty, toRegistration, visitorReducer } from "./visitor";
import { VisitorForm } from "./VisitorForm";

type Screen = "attract" | "form" | "thanks";
type Notice = "badge" | "scanFailed" | "failed" | null;

export function KioskApp({ env = "default" }: { env?: "default" | "test" }) {
  const [i18n] = useState(createKioskI18n);
  return (
    <I18nextProvider i18n={i18n}>
      <DirectionProvider initialDirection="ltr" detectDirection={false}>
        <MantineProvider theme={theme} env={env} defaultColorScheme="light">
          <DirectionBridge />
          <Kiosk />
        </MantineProvider>
      </DirectionProvider>
    </I18nextProvider>
  );
}

/** The page follows the visitor's language: <html lang/dir> and Mantine's direction (fa is right to left). */
function DirectionBridge() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const lang = i18n.language;
  const dir = i18n.dir(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
    setDirection(dir);
  }, [lang, dir, setDirection]);
  return null;
}

function Kiosk() {
  const { t, i18n } = useTranslation();
  const [config, setConfig] = useState<KioskConfig | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [screen, setScreen] = useState<Screen>("attract");
  const [visitor, dispatch] = useReducer(visitorReducer, undefined, emptyVisitor);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<Notice>(null);
  const [submitting, setSubmitting] = useState(false);
  const [receipt, setReceipt] = useState<KioskReceipt | null>(null);
  const [pinOpen, setPinOpen] = useState(false);
  const [idle, setIdle] = useState(false);
  const [attract, setAttract] = useState<KioskAttract | null>(null);
  const [playing, setPlaying] = useState(false);
  // One number per visitor: an answer that arrives after a wipe (a slow save, a late scan)
  // belongs to the visitor before and is dropped.
  const visit = useRef(0);
  const [visitKey, setVisitKey] = useState(0);

  const load = useCallback(() => {
    commands.kioskConfig().then(
      (c) => {
        setConfig(c);
        setLoadFailed(false);
      },
      () => setLoadFailed(true),
    );
    // No loop (none saved, or it could not be read) is a kiosk without one, not a broken kiosk.
    commands.kioskAttract().then(setAttract, () => setAttract(null));
  }, []);
  useEffect(load, [load]);

  const wipe = useCallback(() => {
    visit.current += 1;
    setVisitKey(visit.current);
    dispatch({ type: "wipe" });
    setErrors([]);
    setNotice(null);
    setSubmitting(false);
    setReceipt(null);
    setPinOpen(false);
    setIdle(false);
    setPlaying(false);
    setScreen("attract");
    void i18n.changeLanguage(DEFAULT_LANGUAGE);
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    load();
  }, [i18n, load]);

  // Each screen starts at its top (the page scrolls under the header on a long form).
  useEffect(() => {
    document.documentElement.scrollTop = 0;
  }, [screen, visitKey]);

  const start = (language?: KioskLanguage) => {
    if (language) void i18n.changeLanguage(language);
    setScreen("form");
  };

  const [scannerSettings] = useScannerSettings();
  const onScan = (scan: ScanVerdict) => {
    const at = visit.current;
    commands.kioskScan(scan.payload).then(
      (prefill) => {
        if (visit.current !== at) return;
        playScanBeep();
        dispatch({ type: "badge", prefill });
        setNotice("badge");
        setScreen("form");
      },
      () => {
        if (visit.current !== at) return;
        setNotice("scanFailed");
        setScreen("form");
      },
    );
  };
  useBadgeScanner({ enabled: config !== null && screen !== "thanks" && !pinOpen && !idle, settings: scannerSettings, onScan });

  const submit = async () => {
    const at = visit.current;
    setSubmitting(true);
    try {
      const saved = await commands.kioskRegister(toRegistration(visitor, i18n.language));
      if (visit.current !== at) return;
      // Saved: the kiosk keeps nothing of the visitor but the name on the thank-you screen.
      dispatch({ type: "wipe" });
      setErrors([]);
      setNotice(null);
      setReceipt(saved);
      setScreen("thanks");
    } catch (err) {
      if (visit.current !== at) return;
      const fields = isLeadTrackError(err) && err.kind === "validation" ? err.fields : [];
      setErrors(fields);
      setNotice(fields.length ? null : "failed");
    } finally {
      if (visit.current === at) setSubmitting(false);
    }
  };

  const pristine = screen === "attract" && !pinOpen && i18n.language === DEFAULT_LANGUAGE && isEmpty(visitor);
  const idleMs = (config?.form.idle_seconds ?? 60) * 1000;
  useIdle((pinOpen || (!pristine && screen !== "thanks")) && !idle, idleMs, () => {
    setIdle(true);
    setPlaying(false);
  });
  // The attract loop: its own idle time, on the attract screen and the form (kept underneath);
  // the "Still there?" countdown, when it comes, takes over from it.
  const slides = attract?.slides ?? [];
  const loopMs = (attract?.idle_seconds ?? 60) * 1000;
  useIdle(config !== null && slides.length > 0 && screen !== "thanks" && !pinOpen && !idle && !playing, loopMs, () => setPlaying(true));
  const looping = playing && slides.length > 0 && !idle && !pinOpen;

  return (
    <div className="kiosk-root" data-screen={screen} data-testid="kiosk-root">
      <KioskHeader show={screen === "attract" ? "" : (config?.event_name ?? "")} onStaff={() => setPinOpen(true)}>
        {screen === "form" && (
          <>
            <Group gap={6} wrap="nowrap" role="group" aria-label={t("kiosk.form.language")}>
              {KIOSK_LANGUAGES.map((l) => (
                <Button
                  key={l.code}
                  size="lg"
                  variant={i18n.language === l.code ? "filled" : "subtle"}
                  lang={l.code}
                  aria-pressed={i18n.language === l.code}
                  onClick={() => void i18n.changeLanguage(l.code)}
                  data-testid={`kiosk-switch-${l.code}`}
                >
                  {l.label}
                </Button>
              ))}
            </Group>
            <Button size="lg" variant="default" onClick={wipe} data-testid="kiosk-start-over">
              {t("kiosk.form.startOver")}
            </Button>
          </>
        )}
      </KioskHeader>
      <main className="kiosk-main">
        {config === null ? (
          loadFailed && <NotReady onRetry={load} />
        ) : screen === "attract" ? (
          <Attract config={config} onStart={start} />
        ) : screen === "form" ? (
          <VisitorForm key={visitKey} config={config} visitor={visitor} dispatch={dispatch} errors={errors} submitting={submitting} onSubmit={() => void submit()} notice={notice} />
        ) : (
          receipt && <Thanks receipt={receipt} onDone={wipe} />
        )}
      </main>
      {looping && <AttractPlayer slides={slides} onExit={() => setPlaying(false)} />}
      {pinOpen && <PinPad onClose={() => setPinOpen(false)} />}
      {idle && <IdleCountdown onContinue={() => setIdle(false)} onExpire={wipe} />}
    </div>
  );
}

/** The kiosk could not read its show (kiosk mode off, storage trouble): staff are needed. */
function NotReady({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack align="center" justify="center" gap="xl" className="kiosk-not-ready" data-testid="kiosk-not-ready">
      <Title order={1}>{t("kiosk.notReady.title")}</Title>
      <Text fz={28}>{t("kiosk.notReady.body")}</Text>
      <Button size="xl" onClick={onRetry}>
        {t("kiosk.notReady.retry")}
      </Button>
    </Stack>
  );
}
