//! The note above the capture form after a scan: what the badge was read as, what the reader
//! warned about, an id-only badge's promise of the attendee list, the previous visitor kept as
//! a draft — and, while a scan waits for the form, why it waits.
import { Alert, Anchor, Button, List, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Attendee, Lead } from "../../ipc";
import { leadLabel } from "../capture/labels";
import { isIdOnly } from "./fill";
import type { Scan } from "./ScannerProvider";

/** Why a scanned badge has not filled the form yet. */
export type ScanWait = "recording" | "saving" | "held" | "blocked";

export type ScanNoteProps = {
  /** The scan the form was last filled from, and the visitor kept as a draft to make room for it. */
  filled: { scan: Scan; previous: Lead | null; attendee?: Attendee | null } | null;
  waiting: ScanWait | null;
  onRetry: () => void;
};

const WAIT_KEYS: Record<ScanWait, string> = {
  recording: "scanner.waitRecording",
  saving: "scanner.waitSaving",
  held: "scanner.waitHeld",
  blocked: "scanner.waitBlocked",
};

export function ScanNote({ filled, waiting, onRetry }: ScanNoteProps) {
  const { t } = useTranslation();
  if (!filled && !waiting) return null;
  const parsed = filled?.scan.parsed;
  return (
    <Alert color={waiting === "blocked" ? "red" : "blue"} variant="light" data-testid="scan-note" role="status">
      <Stack gap="xs">
        {waiting && (
          <Text fw={700} data-testid="scan-waiting">
            {t(WAIT_KEYS[waiting])}
          </Text>
        )}
        {waiting === "blocked" && (
          <Button type="button" variant="default" onClick={onRetry} data-testid="scan-retry" w="fit-content">
            {t("scanner.retry")}
          </Button>
        )}
        {filled && parsed && (
          <>
            <Text fw={700}>{t("scanner.readAs", { format: t(`badgeFormat.${parsed.format}`) })}</Text>
            {filled.attendee ? (
              <Text data-testid="scan-attendee-found">{t("scanner.idFound", { id: filled.attendee.attendee_id })}</Text>
            ) : (
              isIdOnly(parsed) && <Text data-testid="scan-id-only">{t("scanner.idOnly", { id: parsed.attendee_id })}</Text>
            )}
            {!!filled.scan.parseError && <Text>{t("scanner.parseFailed")}</Text>}
            {parsed.warnings.length > 0 && (
              <List size="sm" data-testid="scan-warnings">
                {parsed.warnings.map((w, i) => (
                  <List.Item key={i} dir="auto">
                    {w}
                  </List.Item>
                ))}
              </List>
            )}
            {filled.previous && (
              <Text data-testid="scan-previous">
                {t("scanner.previousKept", { name: leadLabel(filled.previous, t("lead.unnamed")) })}{" "}
                <Anchor component={Link} to={`/leads/${filled.previous.id}`} fw={700}>
                  {t("capture.open")}
                </Anchor>
              </Text>
            )}
          </>
        )}
      </Stack>
    </Alert>
  );
}
