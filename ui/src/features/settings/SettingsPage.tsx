//! #/settings: what this computer is set up with. For now, the handheld badge scanner.
import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ScannerSettingsSection } from "../scanner/ScannerSettings";

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={1000}>
      <Title order={2}>{t("settings.title")}</Title>
      <ScannerSettingsSection />
    </Stack>
  );
}
