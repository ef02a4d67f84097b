//! Search and filter leads; a row opens the lead. Visitor-typed text is rendered as text.
import { Badge, Checkbox, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { ErrorAlert } from "../../components/errors";
import { useFormat } from "../../components/format";
import { GradeBadge, GRADES } from "../../components/GradeBadge";
import { StatusBadge, STATUSES } from "../../components/StatusBadge";
import { commands, type Grade, type LeadSource, type LeadStatus } from "../../ipc";
import { leadQuery, queryKeys, useEvents, useUsers } from "../session/queries";
import { AssignBar, AutoAssign, dragLeads, RepDropTargets, useIsManager } from "../team/AssignTools";
import { ExportMenu } from "./ExportMenu";

const SOURCES: LeadSource[] = ["manual", "rep_scan", "kiosk", "import"];

/** Enough rows for a show day; the search narrows it further. */
export const LIST_LIMIT = 500;

export type LeadsListProps = {
  /** Fixed status (the drafts view); hides the status filter. */
  status?: LeadStatus;
  /** The show to start with; `null` = all shows. */
  eventId: string | null;
  /** Hide the grade / rep / show filters (drafts view). */
  compact?: boolean;
  emptyText: string;
};

export function LeadsList({ status, eventId, compact = false, emptyText }: LeadsListProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const fmt = useFormat();
  const users = useUsers();
  const events = useEvents();
  const [text, setText] = useState("");
  const [debounced] = useDebouncedValue(text, 150);
  const [grade, setGrade] = useState<Grade | "">("");
  const [statusFilter, setStatusFilter] = useState<LeadStatus | "">("");
  const [rep, setRep] = useState("");
  const [show, setShow] = useState<string>(eventId ?? "");
  // `?reconcile=1` (from the attendee list screen): only scans waiting for the list.
  const [params] = useSearchParams();
  const [reconcile, setReconcile] = useState(params.get("reconcile") === "1");
  // `?source=kiosk` (from the kiosk screen): visitors who registered themselves.
  const [source, setSource] = useState<LeadSource | "">(() => SOURCES.find((s) => s === params.get("source")) ?? "");

  const query = leadQuery({
    text: debounced.trim(),
    event_id: compact ? eventId : show || null,
    grade: grade || null,
    status: status ?? (statusFilter || null),
    captured_by: rep || null,
    limit: LIST_LIMIT,
    ...(reconcile ? { to_reconcile: true } : {}),
    ...(source ? { source } : {}),
  });
  const results = useQuery({
    queryKey: queryKeys.leadSearch(query),
    queryFn: () => commands.leadsSearch(query),
    placeholderData: keepPreviousData,
  });
  const rows = results.data ?? [];
  const open = (id: string) => void navigate(`/leads/${id}`);
  // Managers select rows to assign them in bulk.
  const selectable = useIsManager() && !compact;
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          type="search"
          label={t("leads.search")}
          placeholder={t("leads.searchPlaceholder")}
          data-testid="lead-search"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          rightSection={results.isFetching ? <Loader size="xs" /> : null}
          miw={280}
          style={{ flex: 1 }}
          autoComplete="off"
        />
        {!compact && (
          <>
            <NativeSelect
              label={t("fields.grade")}
              data-testid="filter-grade"
              value={grade}
              onChange={(e) => setGrade(e.currentTarget.value as Grade | "")}
              data={[{ value: "", label: t("leads.allGrades") }, ...GRADES.map((g) => ({ value: g, label: `${g} · ${t(`grade.${g}.name`)}` }))]}
            />
            {!status && (
              <NativeSelect
                label={t("fields.status")}
                data-testid="filter-status"
                value={statusFilter}
                onChange={(e) => setStatusFilter(e.currentTarget.value as LeadStatus | "")}
                data={[{ value: "", label: t("leads.allStatuses") }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
              />
            )}
            <NativeSelect
              label={t("fields.source")}
              data-testid="filter-source"
              value={source}
              onChange={(e) => setSource(e.currentTarget.value as LeadSource | "")}
              data={[{ value: "", label: t("selfRegistration.allSources") }, ...SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))]}
            />
            <NativeSelect
              label={t("fields.captured_by")}
              data-testid="filter-rep"
              value={rep}
              onChange={(e) => setRep(e.currentTarget.value)}
              data={[{ value: "", label: t("leads.allReps") }, ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))]}
            />
            <NativeSelect
              label={t("fields.event")}
              data-testid="filter-event"
              value={show}
              onChange={(e) => setShow(e.currentTarget.value)}
              data={[{ value: "", label: t("leads.allShows") }, ...(events.data ?? []).map((ev) => ({ value: ev.id, label: ev.tag }))]}
            />
            <Checkbox
              size="lg"
              label={t("attendees.filterReconcile")}
              data-testid="filter-reconcile"
              checked={reconcile}
              onChange={(e) => setReconcile(e.currentTarget.checked)}
              mb={6}
            />
            <ExportMenu query={query} />
            {selectable && <AutoAssign eventId={query.event_id} />}
          </>
        )}
      </Group>
      {selectable && <AssignBar selected={selected} onDone={() => setSelected([])} />}
      {selectable && rows.length > 0 && <RepDropTargets onAssigned={() => setSelected([])} />}

      {results.isError && <ErrorAlert error={results.error} />}
      {results.isPending ? (
        <Loader />
      ) : rows.length === 0 ? (
        <Paper withBorder p="xl" data-testid="leads-empty">
          <Text size="lg" c="dimmed" ta="center">
            {query.text ? t("leads.noMatch", { text: query.text }) : emptyText}
          </Text>
        </Paper>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={800}>
            <Table highlightOnHover verticalSpacing="md" fz="md" data-testid="lead-table">
              <Table.Thead>
                <Table.Tr>
                  {selectable && (
                    <Table.Th w={56}>
                      <Checkbox
                        size="lg"
                        aria-label={t("assign.selectAll")}
                        checked={rows.length > 0 && rows.every((r) => selected.includes(r.id))}
                        onChange={(e) => setSelected(e.currentTarget.checked ? rows.map((r) => r.id) : [])}
                        data-testid="select-all-leads"
                      />
                    </Table.Th>
                  )}
                  <Table.Th>{t("fields.name")}</Table.Th>
                  <Table.Th>{t("fields.company")}</Table.Th>
                  <Table.Th>{t("fields.title")}</Table.Th>
                  <Table.Th>{t("fields.grade")}</Table.Th>
                  <Table.Th>{t("fields.status")}</Table.Th>
                  <Table.Th>{t("fields.captured_by")}</Table.Th>
                  <Table.Th>{t("assign.assignedTo")}</Table.Th>
                  <Table.Th>{t("fields.updated_at")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr
                    key={row.id}
                    data-testid="lead-row"
                    draggable={selectable}
                    onDragStart={selectable ? (e) => dragLeads(e, selected.includes(row.id) ? selected : [row.id]) : undefined}
                    tabIndex={0}
                    role="link"
                    aria-label={row.name || row.company || row.email || t("lead.unnamed")}
                    onClick={() => open(row.id)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter" || e.key === " ") {
                        e.preventDefault();
                        open(row.id);
                      }
                    }}
                  >
                    {selectable && (
                      <Table.Td onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                        <Checkbox
                          size="lg"
                          aria-label={t("assign.select", { name: row.name || row.company })}
                          checked={selected.includes(row.id)}
                          onChange={(e) => toggle(row.id, e.currentTarget.checked)}
                          data-testid="select-lead"
                        />
                      </Table.Td>
                    )}
                    <Table.Td fw={600} dir="auto" data-testid="lead-name">
                      {row.name || (
                        <Text c="dimmed" span>
                          {row.attendee_id ? `#${row.attendee_id}` : t("lead.unnamed")}
                        </Text>
                      )}
                      {row.source === "kiosk" && row.grade === null && (
                        <Badge color="grape" variant="light" ms="xs" tt="none" data-testid="self-registered-badge">
                          {t("selfRegistration.badge")}
                        </Badge>
                      )}
                      {row.to_reconcile && (
                        <Badge color="orange" variant="light" ms="xs" data-testid="reconcile-badge">
                          {t("attendees.toReconcile")}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td dir="auto">{row.company}</Table.Td>
                    <Table.Td dir="auto">{row.title}</Table.Td>
                    <Table.Td>
                      <GradeBadge grade={row.grade} />
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={row.status} />
                    </Table.Td>
                    <Table.Td dir="auto">{row.captured_by_name}</Table.Td>
                    <Table.Td dir="auto" data-testid="lead-assignee">
                      {row.assigned_to_name ?? ""}
                    </Table.Td>
                    <Table.Td>{fmt.dateTime(row.updated_at)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length >= LIST_LIMIT && (
            <Text c="dimmed" p="sm">
              {t("leads.limited", { count: LIST_LIMIT })}
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
