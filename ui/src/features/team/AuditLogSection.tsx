//! Settings → Audit log (managers): who signed in, viewed, exported, assigned and edited,
//! newest first, filtered by person and action.
import { Code, Group, NativeSelect, Paper, ScrollArea, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/errors";
import type { AuditAction } from "../../ipc";
import { useSession } from "../session/queries";
import { useAudit, useTeam } from "./queries";

export const AUDIT_ACTIONS: AuditAction[] = [
  "signed_in",
  "signed_out",
  "sign_in_failed",
  "viewed",
  "exported",
  "assigned",
  "edited",
  "merged",
  "team_changed",
];

export function AuditLogSection() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const manager = session.data?.user?.role === "manager";
  const [userId, setUserId] = useState<string>("");
  const [action, setAction] = useState<string>("");
  const team = useTeam(manager);
  const audit = useAudit({ user_id: userId || null, action: (action || null) as AuditAction | null, limit: 200 }, manager);
  if (!manager) return null;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium" });

  return (
    <Paper withBorder p="lg" data-testid="audit-section">
      <Stack>
        <Title order={3}>{t("audit.title")}</Title>
        <Group>
          <NativeSelect
            label={t("audit.person")}
            data={[{ value: "", label: t("audit.anyone") }, ...(team.data ?? []).map((m) => ({ value: m.id, label: m.name }))]}
            value={userId}
            onChange={(e) => setUserId(e.currentTarget.value)}
            data-testid="audit-user"
            size="md"
          />
          <NativeSelect
            label={t("audit.action")}
            data={[{ value: "", label: t("audit.anything") }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))]}
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
            data-testid="audit-action"
            size="md"
          />
        </Group>
        {audit.error && <ErrorAlert error={audit.error} />}
        <ScrollArea.Autosize mah={480}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("audit.when")}</Table.Th>
                <Table.Th>{t("audit.person")}</Table.Th>
                <Table.Th>{t("audit.action")}</Table.Th>
                <Table.Th>{t("audit.lead")}</Table.Th>
                <Table.Th>{t("audit.detail")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(audit.data ?? []).map((e) => (
                <Table.Tr key={e.seq} data-testid="audit-row">
                  <Table.Td>{when.format(e.at)}</Table.Td>
                  <Table.Td>{e.user_name}</Table.Td>
                  <Table.Td data-testid="audit-row-action">{t(`audit.actions.${e.action}`)}</Table.Td>
                  <Table.Td>{e.lead_id ? <Link to={`/leads/${e.lead_id}`}>{t("audit.open")}</Link> : "—"}</Table.Td>
                  <Table.Td>
                    {Object.keys(e.detail ?? {}).length > 0 ? <Code>{JSON.stringify(e.detail)}</Code> : <Text c="dimmed">—</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        {audit.isSuccess && audit.data.length === 0 && <Text c="dimmed">{t("audit.empty")}</Text>}
      </Stack>
    </Paper>
  );
}
