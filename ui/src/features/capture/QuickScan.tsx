//! Quick scan: at a rush, every badge is saved at once as a draft — contact details from the
//! badge and the attendee list, nothing to type — and the rep qualifies them later from Drafts.
//! Each row says how long the badge took from read to saved.
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Switch, Table, Text } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { describe } from "../../components/errors";
import { useFormat } from "../../components/format";
import { commands, type Event, type Lead, type LeadInput } from "../../ipc";
import { contactFromBadge } from "../scanner/fill";
import type { Scan } from "../scanner/ScannerProvider";
import { queryKeys } from "../session/queries";
import { leadLabel } from "./labels";

export const QUICK_SCAN_KEY = "leadtrack.quickScan";

/** Whether quick scan is on, remembered across restarts on this laptop. */
export function useQuickScan(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useLocalStorage<boolean>({ key: QUICK_SCAN_KEY, defaultValue: false, getInitialValueInEffect: false });
  return [on, setOn];
}

export function QuickScanSwitch({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  return <Switch size="xl" checked={on} onChange={(e) => onChange(e.currentTarget.checked)} label={t("quickScan.switch")} data-testid="quick-scan-switch" styles={{ label: { fontWeight: 700 } }} />;
}

type Row =
  | { seq: number; kind: "saved"; lead: Lead; ms: number }
  | { seq: number; kind: "duplicate"; lead: Lead }
  | { seq: number; kind: "failed"; scan: Scan; error: unknown };

/** The draft a scan becomes: the badge's contact fields, the list's where the badge has none. */
async function quickSave(event: Event, scan: Scan): Promise<{ kind: "saved"; lead: Lead } | { kind: "duplicate"; lead: Lead }> {
  const { parsed } = scan;
  const [existing, attendee] = await Promise.all([
    commands.leadsFindByBadge(event.id, parsed.raw).catch(() => null),
    parsed.attendee_id ? commands.attendeesFind(event.id, parsed.attendee_id).catch(() => null) : Promise.resolve(null),
  ]);
  if (existing) return { kind: "duplicate", lead: existing };
  const contact = contactFromBadge(parsed);
  const input: LeadInput = {
    event_id: event.id,
    ...contact,
    grade: null,
    interests: [],
    key_needs: "",
    next_action: null,
    draft: true,
    source: "rep_scan",
    badge_raw: parsed.raw,
    badge_format: parsed.format,
    attendee_id: parsed.attendee_id,
  };
  // The store fills from the attendee list too; doing it here only makes the row say who it is.
  if (attendee) {
    for (const key of ["company", "name", "title", "email", "phone"] as const) input[key] ||= attendee[key];
  }
  return { kind: "saved", lead: await commands.leadsCreate(input) };
}

export function QuickScan({ event, scan, onScanTaken }: { event: Event; scan: Scan | null; onScanTaken: (seq: number) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [rows, setRows] = useState<Row[]>([]);
  const busy = useRef<number | null>(null);

  const handle = async (next: Scan) => {
    try {
      const done = await quickSave(event, next);
      const ms = Math.round(performance.now() - next.at);
      const row: Row = done.kind === "saved" ? { seq: next.seq, kind: "saved", lead: done.lead, ms } : { seq: next.seq, kind: "duplicate", lead: done.lead };
      setRows((r) => [row, ...r].slice(0, 50));
      if (done.kind === "saved") void qc.invalidateQueries({ queryKey: queryKeys.leads });
    } catch (error) {
      // The badge is not lost: its row keeps the payload and a retry.
      setRows((r) => [{ seq: next.seq, kind: "failed" as const, scan: next, error }, ...r].slice(0, 50));
    } finally {
      busy.current = null;
      onScanTaken(next.seq);
    }
  };

  useEffect(() => {
    if (!scan || busy.current === scan.seq) return;
    busy.current = scan.seq;
    void handle(scan);
    // `handle` is recreated each render; the scan's seq is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scan?.seq]);

  const retry = (row: Extract<Row, { kind: "failed" }>) => {
    setRows((r) => r.filter((x) => x.seq !== row.seq));
    void handle({ ...row.scan, at: performance.now() });
  };
  const saved = rows.filter((r) => r.kind === "saved").length;

  return (
    <Stack data-testid="quick-scan">
      <Alert color="blue" variant="light">
        <Text fw={700} size="lg">
          {t("quickScan.ready")}
        </Text>
        <Text>
          {t("quickScan.explain")}{" "}
          <Anchor component={Link} to="/drafts" fw={700}>
            {t("quickScan.toDrafts")}
          </Anchor>
        </Text>
      </Alert>
      <Text fw={700} data-testid="quick-scan-count">
        {t("quickScan.count", { count: saved })}
      </Text>
      {rows.length > 0 && (
        <Paper withBorder>
          <Table verticalSpacing="sm" fz="md">
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.seq} data-testid="quick-row" data-kind={row.kind}>
                  {row.kind === "failed" ? (
                    <>
                      <Table.Td>
                        <Text c="red.8" fw={700}>
                          {t("quickScan.failed")}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {describe(t, row.error)}
                        </Text>
                        <pre className="raw-text" dir="ltr">
                          {row.scan.parsed.raw}
                        </pre>
                      </Table.Td>
                      <Table.Td>
                        <Button variant="default" onClick={() => retry(row)}>
                          {t("scanner.retry")}
                        </Button>
                      </Table.Td>
                    </>
                  ) : (
                    <>
                      <Table.Td dir="auto" fw={600}>
                        {leadLabel(row.lead, row.lead.attendee_id ? `#${row.lead.attendee_id}` : t("lead.unnamed"))}
                        {row.lead.to_reconcile && (
                          <Badge color="orange" variant="light" ms="xs">
                            {t("attendees.toReconcile")}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {row.kind === "saved" ? (
                          <Text c="green.8" fw={600} data-testid="quick-saved-ms" data-ms={row.ms}>
                            {t("quickScan.savedIn", { ms: row.ms })}
                          </Text>
                        ) : (
                          <Text c="orange.8" fw={600}>
                            {t("quickScan.duplicate", { name: row.lead.captured_by_name, time: fmt.dateTime(row.lead.created_at) })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/leads/${row.lead.id}`} fw={700}>
                          {t("capture.open")}
                        </Anchor>
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {rows.length === 0 && (
        <Group>
          <Text c="dimmed">{t("quickScan.empty")}</Text>
        </Group>
      )}
    </Stack>
  );
}
