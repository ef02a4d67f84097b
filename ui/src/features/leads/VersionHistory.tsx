//! Every saved version of a lead, newest first: who, when, which fields changed;
//! a row opens to show the values that version held.
import { Button, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { useFormat } from "../../components/format";
import { commands, type LeadVersion } from "../../ipc";
import { queryKeys } from "../session/queries";
import { LeadFields } from "./LeadFields";

export function VersionHistory({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const versions = useQuery({ queryKey: queryKeys.versions(leadId), queryFn: () => commands.leadsVersions(leadId) });
  const rows = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Stack data-testid="version-history">
      <Title order={3}>{t("versions.title")}</Title>
      {versions.isPending && <Loader />}
      {versions.isError && <ErrorAlert error={versions.error} />}
      {rows.map((v) => (
        <VersionRow key={v.version} version={v} />
      ))}
    </Stack>
  );
}

function VersionRow({ version }: { version: LeadVersion }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const changed = version.changed.map((f) => t(`fields.${f}`, { defaultValue: f }));
  const panelId = `version-${version.version}-values`;
  return (
    <Card withBorder padding="md" data-testid="version-row">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2}>
          <Text fw={700}>
            {t("versions.version", { version: version.version })} · {version.author_name} · {fmt.dateTime(version.saved_at)}
          </Text>
          <Text c="dimmed" data-testid="version-changed">
            {changed.length ? t("versions.changed", { fields: fmt.list(changed) }) : version.version === 1 ? t("versions.created") : t("versions.noChanges")}
          </Text>
        </Stack>
        <Button variant="light" aria-expanded={open} aria-controls={open ? panelId : undefined} onClick={() => setOpen((o) => !o)}>
          {open ? t("versions.hide") : t("versions.show")}
        </Button>
      </Group>
      {open && (
        <Card withBorder mt="md" p="md" bg="var(--mantine-color-gray-0)" id={panelId} data-testid="version-values">
          <LeadFields lead={version.lead} />
        </Card>
      )}
    </Card>
  );
}
