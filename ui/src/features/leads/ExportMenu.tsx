//! "Export" on the lead list: the leads its filters show, in the format picked from a menu.
//! The file's place is chosen in the native save dialog that the backend opens; the webview
//! never sees or sends a path except the one reported back.
import { Alert, Button, Menu, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { commands, type ExportFormat, type LeadQuery } from "../../ipc";

export const EXPORT_FORMATS: readonly ExportFormat[] = ["hubspot", "salesforce", "excel_csv", "xlsx", "vcard", "json"];

export function ExportMenu({ query }: { query: LeadQuery }) {
  const { t } = useTranslation();
  const run = useMutation({
    // Text and page size belong to the list, not the export (the backend ignores them too).
    mutationFn: (format: ExportFormat) => commands.leadsExport(format, { ...query, text: "", limit: null }),
  });

  return (
    <>
      <Menu position="bottom-end" withinPortal={false}>
        <Menu.Target>
          <Button size="lg" variant="default" loading={run.isPending} data-testid="export-button" aria-haspopup="menu">
            {t("export.button")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="export-menu">
          <Menu.Label maw={320}>{t("export.hint")}</Menu.Label>
          {EXPORT_FORMATS.map((format) => (
            <Menu.Item key={format} mih={48} fz="md" data-testid={`export-${format}`} onClick={() => run.mutate(format)}>
              {t(`export.format.${format}`)}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      {run.isError && <ErrorAlert error={run.error} />}
      {run.isSuccess && run.data && (
        <Alert color="green" variant="light" data-testid="export-done" withCloseButton onClose={() => run.reset()} w="100%">
          <Text dir="auto">{t("export.done", { count: run.data.count, path: run.data.path })}</Text>
        </Alert>
      )}
    </>
  );
}
