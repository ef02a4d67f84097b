//! #/attendees: the organiser's attendee list for the active show. Pick a CSV or Excel file,
//! check the column mapping against the first rows, import; id-only badges then fill in from
//! it offline, and scans that waited for it are named.
import { Alert, Anchor, Box, Button, Group, NativeSelect, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type DragEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/errors";
import { commands, type AttendeeColumns, type AttendeeImport, type AttendeePreview, type Event } from "../../ipc";
import { queryKeys, useSession } from "../session/queries";
import { attendeeFromRow, COLUMN_FIELDS, fileExt } from "./columns";

export const ATTENDEE_FILE_ACCEPT = ".csv,.tsv,.txt,.xlsx,.xls,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel";

export const attendeeKeys = {
  status: (eventId: string) => ["leads", "attendees", eventId] as const,
};

type Picked = { name: string; bytes: Uint8Array; preview: AttendeePreview };

export function AttendeesPage() {
  const session = useSession();
  const event = session.data?.event;
  if (!event) return null;
  return <AttendeeList key={event.id} event={event} />;
}

function AttendeeList({ event }: { event: Event }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const status = useQuery({ queryKey: attendeeKeys.status(event.id), queryFn: () => commands.attendeesStatus(event.id) });
  const [picked, setPicked] = useState<Picked | null>(null);
  const [columns, setColumns] = useState<AttendeeColumns | null>(null);
  const [result, setResult] = useState<AttendeeImport | null>(null);

  const preview = useMutation({
    mutationFn: async (file: File) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return { name: file.name, bytes, preview: await commands.attendeesPreview(bytes, fileExt(file.name)) };
    },
    onMutate: () => {
      setResult(null);
      setPicked(null);
    },
    onSuccess: (p) => {
      setPicked(p);
      setColumns(p.preview.columns);
    },
  });
  const run = useMutation({
    mutationFn: ({ p, cols }: { p: Picked; cols: AttendeeColumns }) => commands.attendeesImport(event.id, cols, p.bytes, fileExt(p.name)),
    onSuccess: (report) => {
      setResult(report);
      setPicked(null);
      void qc.invalidateQueries({ queryKey: queryKeys.leads });
    },
  });

  const choose = (file: File | undefined) => {
    if (file) preview.mutate(file);
  };
  const onInput = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    choose(file);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    choose(e.dataTransfer.files[0]);
  };

  return (
    <Stack maw={1100}>
      <Title order={2}>{t("attendees.title", { show: event.name })}</Title>
      <Text c="dimmed" maw={760}>
        {t("attendees.intro")}
      </Text>

      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={760}>
        <Paper withBorder p="md" data-testid="attendee-count">
          <Text size="xl" fw={800}>
            {status.data?.attendees ?? "…"}
          </Text>
          <Text c="dimmed">{t("attendees.onList")}</Text>
        </Paper>
        <Paper withBorder p="md" data-testid="reconcile-count">
          <Text size="xl" fw={800} c={status.data?.to_reconcile ? "orange.8" : undefined}>
            {status.data?.to_reconcile ?? "…"}
          </Text>
          <Text c="dimmed">
            {status.data?.to_reconcile ? (
              <Anchor component={Link} to="/leads?reconcile=1" fw={600}>
                {t("attendees.waiting")}
              </Anchor>
            ) : (
              t("attendees.waiting")
            )}
          </Text>
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="lg" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="attendee-drop" style={{ borderStyle: "dashed" }}>
        <Group>
          <Box className="file-pick">
            <Button component="span" size="lg" className="file-pick-button" aria-hidden loading={preview.isPending}>
              {t("attendees.pick")}
            </Button>
            <input type="file" accept={ATTENDEE_FILE_ACCEPT} data-testid="attendee-file" aria-label={t("attendees.pick")} onChange={onInput} className="file-pick-input" disabled={run.isPending} />
          </Box>
          <Text c="dimmed">{t("attendees.dropHint")}</Text>
        </Group>
      </Paper>

      {preview.isError && <ErrorAlert error={preview.error} />}
      {run.isError && <ErrorAlert error={run.error} />}

      {result && (
        <Alert color="green" variant="light" title={t("attendees.done")} data-testid="attendee-result" role="status">
          <Text>{t("attendees.resultCounts", { added: result.added, updated: result.updated })}</Text>
          {result.reconciled > 0 && <Text fw={700}>{t("attendees.resultReconciled", { count: result.reconciled })}</Text>}
          {result.skipped > 0 && (
            <Text c="orange.9" data-testid="attendee-skipped">
              {t("attendees.resultSkipped", { count: result.skipped, rows: result.skipped_rows.join(", ") })}
            </Text>
          )}
        </Alert>
      )}

      {picked && columns && <Mapping picked={picked} columns={columns} onChange={setColumns} importing={run.isPending} onImport={() => run.mutate({ p: picked, cols: columns })} onCancel={() => setPicked(null)} />}
    </Stack>
  );
}

type MappingProps = {
  picked: Picked;
  columns: AttendeeColumns;
  onChange: (c: AttendeeColumns) => void;
  importing: boolean;
  onImport: () => void;
  onCancel: () => void;
};

/** The mapping selects and the first rows as they would import. */
function Mapping({ picked, columns, onChange, importing, onImport, onCancel }: MappingProps) {
  const { t } = useTranslation();
  const { preview } = picked;
  const options = [{ value: "", label: t("attendees.notInFile") }, ...preview.headers.map((h, i) => ({ value: String(i), label: h }))];
  const rows = preview.rows.map((r) => ({ number: r.number, attendee: attendeeFromRow(columns, r.cells) }));
  const shown = ["attendee_id", "name", "company", "title", "email", "phone", "country"] as const;
  return (
    <Paper withBorder p="lg" data-testid="attendee-mapping">
      <Stack>
        <Text fw={700}>{t("attendees.fileSummary", { name: picked.name, rows: preview.total_rows, format: preview.format.toUpperCase(), source: preview.source })}</Text>
        <Text c="dimmed">{t("attendees.mappingHint")}</Text>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          {COLUMN_FIELDS.map((field) => (
            <NativeSelect
              key={field}
              size="md"
              label={t(`attendees.field.${field}`)}
              withAsterisk={field === "attendee_id"}
              data-testid={`map-${field}`}
              value={columns[field] === null ? "" : String(columns[field])}
              onChange={(e) => onChange({ ...columns, [field]: e.currentTarget.value === "" ? null : Number(e.currentTarget.value) })}
              data={options}
            />
          ))}
        </SimpleGrid>
        {columns.attendee_id === null && (
          <Alert color="orange" variant="light" data-testid="map-needs-id">
            {t("attendees.needsId")}
          </Alert>
        )}
        <Table.ScrollContainer minWidth={700}>
          <Table withTableBorder striped data-testid="attendee-preview">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("attendees.row")}</Table.Th>
                {shown.map((f) => (
                  <Table.Th key={f}>{t(`attendees.field.${f}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ number, attendee }) => (
                <Table.Tr key={number} data-testid="preview-row">
                  <Table.Td>{number}</Table.Td>
                  {attendee ? (
                    shown.map((f) => (
                      <Table.Td key={f} dir="auto">
                        {attendee[f]}
                      </Table.Td>
                    ))
                  ) : (
                    <Table.Td colSpan={shown.length} c="orange.9">
                      {t("attendees.rowSkipped")}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {importing && <Progress value={100} striped animated size="xl" aria-label={t("attendees.importing")} data-testid="attendee-progress" />}
        <Group>
          <Button size="lg" onClick={onImport} disabled={columns.attendee_id === null} loading={importing} data-testid="attendee-import">
            {t("attendees.import", { count: preview.total_rows })}
          </Button>
          <Button size="lg" variant="default" onClick={onCancel} disabled={importing}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
