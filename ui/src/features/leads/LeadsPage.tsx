//! #/leads: every lead the rep may see, searchable, starting with the active show.
import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSession } from "../session/queries";
import { LeadsList } from "./LeadsList";

export function LeadsPage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <Stack>
      <Title order={2}>{t("leads.title")}</Title>
      <LeadsList key={session.data?.event?.id ?? "all"} eventId={session.data?.event?.id ?? null} emptyText={t("leads.empty")} />
    </Stack>
  );
}
