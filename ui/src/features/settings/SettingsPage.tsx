//! #/settings: what this computer is set up with (the handheld badge scanner), and the active
//! show's badge profile.
import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ScannerSettingsSection } from "../scanner/ScannerSettings";
import { BadgeProfileSection } from "./BadgeProfileSection";

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={1000}>
      <Title order={2}>{t("settings.title")}</Title>
      <ScannerSettingsSection />
      <BadgeProfileSection />
    </Stack>
  );
}
