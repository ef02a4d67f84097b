//! The attract screen, shown between visitors: the show, "scan your badge or tap to start" in
//! each language in turn, and the three languages to start in. A tap anywhere starts in
//! English; a badge scanned here fills the form and opens it. While registration on visitors'
//! phones is on, a QR code beside it holds a one-time link to the same form on their phone.
import { Button, Group, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type KioskConfig } from "../ipc";
import { KIOSK_LANGUAGES, type KioskLanguage } from "./i18n";
import { QrCode } from "./QrCode";

/** How long the prompt stays in one language before the next. */
export const PROMPT_MS = 4000;

/** A phone link is single use and lives 10 minutes: a fresh one this often. */
export const PHONE_LINK_MS = 60_000;

/** A one-time link for the visitor's own phone, or null while phone registration is off. */
function usePhoneLink(): string | null {
  const [link, setLink] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const renew = () => {
      commands.kioskPhoneLink().then(
        (l) => live && setLink(l),
        () => live && setLink(null),
      );
    };
    renew();
    const timer = setInterval(renew, PHONE_LINK_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return link;
}

export function Attract({ config, onStart }: { config: KioskConfig; onStart: (language?: KioskLanguage) => void }) {
  const { i18n } = useTranslation();
  const [shown, setShown] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setShown((i) => (i + 1) % KIOSK_LANGUAGES.length), PROMPT_MS);
    return () => clearInterval(timer);
  }, []);
  const lang = KIOSK_LANGUAGES[shown]!.code;
  // The prompt in the language of the moment, whatever the page's language is.
  const t = i18n.getFixedT(lang);
  const phoneLink = usePhoneLink();

  return (
    <div className={phoneLink ? "kiosk-attract kiosk-attract-phone" : "kiosk-attract"} data-testid="kiosk-attract" onClick={() => onStart()}>
      <div className="kiosk-attract-main">
        <Stack align="center" gap="lg" className="kiosk-attract-show">
          <Title order={1} className="kiosk-event" data-testid="kiosk-event">
            {config.event_name}
          </Title>
          {config.booth && (
            <Text fz={28} c="dimmed">
              {config.booth}
            </Text>
          )}
        </Stack>
        {/* Brochure images rotate here once marketing's content pack exists (materials, MISSION
            capability 7); until then the area stays empty rather than showing placeholders. */}
        <div className="kiosk-media" aria-hidden="true" />
        <Stack align="center" gap="xl" className="kiosk-prompt-block" lang={lang} dir={i18n.dir(lang)} data-testid="kiosk-prompt" data-lang={lang}>
          <Text className="kiosk-prompt" aria-live="off">
            {t("kiosk.attract.prompt")}
          </Text>
          <Button
            size="xl"
            className="kiosk-start"
            data-testid="kiosk-start"
            onClick={(e) => {
              e.stopPropagation();
              onStart();
            }}
          >
            {t("kiosk.attract.start")}
          </Button>
          <Text fz={24} c="dimmed">
            {t("kiosk.attract.chooseLanguage")}
          </Text>
        </Stack>
        <Group justify="center" gap="xl" className="kiosk-languages">
          {KIOSK_LANGUAGES.map((l) => (
            <Button
              key={l.code}
              variant="outline"
              size="xl"
              className="kiosk-language"
              lang={l.code}
              data-testid={`kiosk-lang-${l.code}`}
              onClick={(e) => {
                e.stopPropagation();
                onStart(l.code);
              }}
            >
              {l.label}
            </Button>
          ))}
        </Group>
      </div>
      {phoneLink && (
        <aside className="kiosk-phone" lang={lang} dir={i18n.dir(lang)} data-testid="kiosk-phone">
          <QrCode value={phoneLink} size={window.innerHeight < 900 ? 260 : 300} label={t("kiosk.attract.phoneLabel")} testId="kiosk-phone-qr" />
          <Text fz={24} fw={600} ta="center">
            {t("kiosk.attract.phone")}
          </Text>
        </aside>
      )}
    </div>
  );
}
