import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { LeadStatus } from "../ipc";

export const STATUSES: readonly LeadStatus[] = ["draft", "new", "contacted", "opportunity", "quoted", "won", "lost"];

export function StatusBadge({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === "draft" ? "yellow" : "gray"} variant={status === "draft" ? "filled" : "light"} c={status === "draft" ? "dark" : undefined} size="lg" tt="none" miw="max-content">
      {t(`status.${status}`)}
    </Badge>
  );
}
