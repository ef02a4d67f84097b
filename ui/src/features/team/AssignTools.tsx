//! Assignment for managers: "Assign to…" for the rows selected in the lead list, and
//! "Auto-assign unassigned leads", which shows the rule's proposal before anything is saved.
import { Badge, Button, Group, Modal, NativeSelect, Paper, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { commands } from "../../ipc";
import { useSession, useUsers } from "../session/queries";
import { teamKeys, useAssign } from "./queries";

/** Whether the signed-in person may assign leads. */
export function useIsManager(): boolean {
  return useSession().data?.user?.role === "manager";
}

/** What a dragged lead row carries: the ids of the leads it moves (the selection, or itself). */
export const LEADS_MIME = "application/x-leadtrack-leads";

export function dragLeads(e: DragEvent, ids: string[]) {
  e.dataTransfer.setData(LEADS_MIME, JSON.stringify(ids));
  e.dataTransfer.effectAllowed = "move";
}

/**
 * One drop target per person who can own leads: drop lead rows on a name to assign them.
 * (The keyboard way is the selection and "Assign to…".)
 */
export function RepDropTargets({ onAssigned }: { onAssigned: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const assign = useAssign();
  const [over, setOver] = useState<string | null>(null);
  const people = (users.data ?? []).filter((u) => u.role === "rep" || u.role === "manager");
  const carries = (e: DragEvent) => Array.from(e.dataTransfer.types).includes(LEADS_MIME);
  return (
    <Group gap="xs" data-testid="assign-drop-targets">
      <Text size="sm" c="dimmed">
        {t("assign.dropHint")}
      </Text>
      {people.map((u) => (
        <Paper
          key={u.id}
          withBorder
          px="md"
          py="sm"
          miw={140}
          bg={over === u.id ? "blue.1" : undefined}
          style={{ borderStyle: "dashed" }}
          onDragOver={(e) => {
            if (!carries(e)) return;
            e.preventDefault();
            setOver(u.id);
          }}
          onDragLeave={() => setOver(null)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(null);
            const ids = JSON.parse(e.dataTransfer.getData(LEADS_MIME) || "[]") as string[];
            if (ids.length === 0) return;
            assign.mutate(
              ids.map((lead_id) => ({ lead_id, user_id: u.id })),
              {
                onSuccess: (changed) => {
                  notifications.show({ color: "green", message: t("assign.done", { count: changed.length }) });
                  onAssigned();
                },
              },
            );
          }}
          data-testid={`assign-drop-${u.id}`}
        >
          <Text fw={600}>{u.name}</Text>
        </Paper>
      ))}
      {assign.isError && <ErrorAlert error={assign.error} />}
    </Group>
  );
}

/** The bar over the lead list while rows are selected. */
export function AssignBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const assign = useAssign();
  const [to, setTo] = useState("");
  const people = (users.data ?? []).filter((u) => u.role === "rep" || u.role === "manager");
  if (selected.length === 0) return null;
  return (
    <Paper withBorder p="sm" data-testid="assign-bar">
      <Group align="flex-end">
        <Text fw={600}>{t("assign.selected", { count: selected.length })}</Text>
        <NativeSelect
          label={t("assign.to")}
          data={[{ value: "", label: t("assign.choose"), disabled: true }, ...people.map((u) => ({ value: u.id, label: u.name }))]}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          data-testid="assign-to"
          size="md"
        />
        <Button
          h={48}
          disabled={!to}
          loading={assign.isPending}
          data-testid="assign-selected"
          onClick={() =>
            assign.mutate(
              selected.map((lead_id) => ({ lead_id, user_id: to })),
              {
                onSuccess: (changed) => {
                  notifications.show({ color: "green", message: t("assign.done", { count: changed.length }) });
                  onDone();
                },
              },
            )
          }
        >
          {t("assign.assign")}
        </Button>
        <Button variant="subtle" h={48} onClick={onDone}>
          {t("assign.clear")}
        </Button>
      </Group>
      {assign.isError && <ErrorAlert error={assign.error} />}
    </Paper>
  );
}

/** "Auto-assign unassigned leads": the proposal in a dialog, applied only on "Apply". */
export function AutoAssign({ eventId }: { eventId: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const proposal = useQuery({ queryKey: teamKeys.proposal(eventId), queryFn: () => commands.leadsProposeAssignments(eventId), enabled: open });
  const assign = useAssign();
  const rows = proposal.data ?? [];
  return (
    <>
      <Button variant="light" h={48} onClick={() => setOpen(true)} data-testid="auto-assign">
        {t("assign.auto")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("assign.proposalTitle")} size="xl">
        <Stack>
          <Text c="dimmed">{t("assign.proposalExplain")}</Text>
          {proposal.error && <ErrorAlert error={proposal.error} />}
          {proposal.isSuccess && rows.length === 0 && <Text data-testid="proposal-empty">{t("assign.nothingWaiting")}</Text>}
          {rows.length > 0 && (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("fields.name")}</Table.Th>
                  <Table.Th>{t("fields.company")}</Table.Th>
                  <Table.Th>{t("assign.to")}</Table.Th>
                  <Table.Th>{t("assign.why")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((p) => (
                  <Table.Tr key={p.lead_id} data-testid="proposal-row">
                    <Table.Td dir="auto">{p.lead_name}</Table.Td>
                    <Table.Td dir="auto">{p.company}</Table.Td>
                    <Table.Td fw={600}>{p.user_name}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {p.reasons.map((r) => (
                          <Badge key={r} variant="light" tt="none">
                            {t(`assign.reasons.${r}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {assign.isError && <ErrorAlert error={assign.error} />}
          <Group justify="flex-end">
            <Button variant="default" h={48} onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </Button>
            <Button
              h={48}
              disabled={rows.length === 0}
              loading={assign.isPending}
              data-testid="auto-assign-apply"
              onClick={() =>
                assign.mutate(
                  rows.map((p) => ({ lead_id: p.lead_id, user_id: p.user_id })),
                  {
                    onSuccess: (changed) => {
                      notifications.show({ color: "green", message: t("assign.done", { count: changed.length }) });
                      setOpen(false);
                    },
                  },
                )
              }
            >
              {t("assign.apply", { count: rows.length })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
