//! #/settings: what this computer is set up with (the handheld badge scanner), the active
//! show's badge profile, and registration on visitors' phones.
import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { FollowupSettingsSection } from "../followup/RulesSection";
import { ScannerSettingsSection } from "../scanner/ScannerSettings";
import { BadgeProfileSection } from "./BadgeProfileSection";
import { PhoneRegistrationSection } from "./PhoneRegistrationSection";
import { AuditLogSection } from "../team/AuditLogSection";
import { TeamSection } from "../team/TeamSection";

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={1000}>
      <Title order={2}>{t("settings.title")}</Title>
      <ScannerSettingsSection />
      <BadgeProfileSection />
      <PhoneRegistrationSection />
      <FollowupSettingsSection />
      <TeamSection />
      <AuditLogSection />
    </Stack>
  );
}
