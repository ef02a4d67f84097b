//! #/capture: a new lead for the active show, with a clear "Saved — <name> · 2 attachments" banner.
//! Badges scanned anywhere in the window come here and fill the form (see features/scanner);
//! "Scan with camera" puts a live preview beside the form that reads them too.
import { Alert, Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Event, Lead } from "../../ipc";
import { CameraScanner, CameraToggle, useCameraOn } from "../scanner/camera/CameraScanner";
import { useScanInbox } from "../scanner/ScannerProvider";
import { useSession } from "../session/queries";
import { leadLabel } from "./labels";
import { LeadForm } from "./LeadForm";
import { QuickScan, QuickScanSwitch, useQuickScan } from "./QuickScan";

export { leadLabel };

/** "Saved — 李娜", or "Saved — 李娜 · 2 attachments" when photos or memos went with it. */
export function savedMessage(t: TFunction, lead: Lead, draft: boolean, attachments: number): string {
  const name = leadLabel(lead, t("lead.unnamed"));
  if (attachments === 0) return t(draft ? "capture.savedDraft" : "capture.saved", { name });
  return t(draft ? "capture.savedDraftWith" : "capture.savedWith", { name, attachments: t("attachments.count", { count: attachments }) });
}

export function CapturePage() {
  const session = useSession();
  const event = session.data?.event;
  if (!event) return null; // the session gate above never lets us get here without one
  return <Capture event={event} />;
}

function Capture({ event }: { event: Event }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<{ lead: Lead; draft: boolean; attachments: number } | null>(null);
  const inbox = useScanInbox();
  const [camera, toggleCamera] = useCameraOn();
  const [quick, setQuick] = useQuickScan();

  return (
    <Stack maw={camera ? 1400 : 1000}>
      <Group justify="space-between" align="center">
        <Title order={2}>{t("capture.title")}</Title>
        <Group gap="md">
          <Text c="dimmed">
            {event.tag} · {event.name}
            {event.booth ? ` · ${t("capture.booth", { booth: event.booth })}` : ""}
          </Text>
          <QuickScanSwitch on={quick} onChange={setQuick} />
          <CameraToggle on={camera} onToggle={toggleCamera} />
        </Group>
      </Group>
      {saved && (
        <Alert
          color={saved.draft ? "yellow" : "green"}
          variant="filled"
          role="status"
          data-testid="saved-banner"
          withCloseButton
          closeButtonLabel={t("common.close")}
          onClose={() => setSaved(null)}
        >
          <Group justify="space-between">
            <Text fw={700} size="lg" c={saved.draft ? "dark" : "white"}>
              {savedMessage(t, saved.lead, saved.draft, saved.attachments)}
            </Text>
            <Anchor component={Link} to={`/leads/${saved.lead.id}`} c={saved.draft ? "dark" : "white"} fw={700} underline="always" data-testid="saved-open">
              {t("capture.open")}
            </Anchor>
          </Group>
        </Alert>
      )}
      <div className={camera ? "capture-with-camera" : undefined}>
        {quick && <QuickScan key={event.id} event={event} scan={inbox.next} onScanTaken={inbox.take} />}
        {/* Hidden, not unmounted, during quick scan: a visitor half-typed on it stays there.
            A new key remounts the form if the active show changes. */}
        <div hidden={quick}>
          <LeadForm
            key={event.id}
            event={event}
            onSaved={(lead, draft, attachments) => setSaved({ lead, draft, attachments: attachments.saved })}
            scan={quick ? null : inbox.next}
            onScanTaken={inbox.take}
          />
        </div>
        {camera && <CameraScanner />}
      </div>
    </Stack>
  );
}
