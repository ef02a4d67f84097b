//! #/drafts: incomplete leads of the active show; they stay here until completed.
import { Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSession } from "../session/queries";
import { LeadsList } from "./LeadsList";

export function DraftsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const eventId = session.data?.event?.id ?? null;
  return (
    <Stack>
      <Title order={2}>{t("drafts.title")}</Title>
      <Text c="dimmed">{t("drafts.intro")}</Text>
      {/* keyed by show, so switching shows starts a fresh list */}
      <LeadsList key={eventId} status="draft" eventId={eventId} compact emptyText={t("drafts.empty")} />
    </Stack>
  );
}
