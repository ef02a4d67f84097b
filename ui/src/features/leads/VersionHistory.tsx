//! Every saved version of a lead, newest first: who, when, which fields changed; a row opens
//! to show the values that version held. After a merge the history is both leads': versions
//! that came from the merged lead are marked, and the merge itself says what it did.
import { Badge, Button, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { useFormat } from "../../components/format";
import { commands, type LeadVersion } from "../../ipc";
import { leadLabel } from "../capture/labels";
import { queryKeys } from "../session/queries";
import { LeadFields } from "./LeadFields";

export function VersionHistory({ leadId }: { leadId: string }) {
  const { t } = useTranslation();
  const versions = useQuery({ queryKey: queryKeys.versions(leadId), queryFn: () => commands.leadsVersions(leadId) });
  // The clock stamp orders saves across both leads of a merge; it sorts as text.
  const rows = [...(versions.data ?? [])].sort((a, b) => (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : b.version - a.version));
  return (
    <Stack data-testid="version-history">
      <Title order={3}>{t("versions.title")}</Title>
      {versions.isPending && <Loader />}
      {versions.isError && <ErrorAlert error={versions.error} />}
      {rows.map((v) => (
        <VersionRow key={`${v.lead_id}-${v.version}`} version={v} fromMerged={v.lead_id !== "" && v.lead_id !== leadId} />
      ))}
    </Stack>
  );
}

function VersionRow({ version, fromMerged }: { version: LeadVersion; fromMerged: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const changed = version.changed.map((f) => t(`fields.${f}`, { defaultValue: f }));
  const panelId = `version-${version.lead_id}-${version.version}-values`;
  const merge = version.merge;
  const other = merge ? merge.other_name || t("lead.unnamed") : "";
  return (
    <Card withBorder padding="md" data-testid="version-row" data-from-merged={fromMerged || undefined}>
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={700}>
              {t("versions.version", { version: version.version })} · {version.author_name} · {fmt.dateTime(version.saved_at)}
            </Text>
            {fromMerged && (
              <Badge color="grape" variant="light" size="lg" tt="none" dir="auto" data-testid="version-from-merged">
                {t("versions.fromMerged", { name: leadLabel(version.lead, t("lead.unnamed")) })}
              </Badge>
            )}
          </Group>
          {merge && (
            <Text fw={600} dir="auto" data-testid="version-merge">
              {merge.absorbed ? t("versions.mergedAway", { name: other }) : t("versions.mergedIn", { name: other })}
            </Text>
          )}
          <Text c="dimmed" data-testid="version-changed">
            {changed.length
              ? t("versions.changed", { fields: fmt.list(changed) })
              : version.version === 1
                ? t("versions.created")
                : merge
                  ? t("versions.noFieldChanges")
                  : t("versions.noChanges")}
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
