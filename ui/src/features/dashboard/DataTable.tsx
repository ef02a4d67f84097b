//! A dashboard table with its heading and an "Export" (CSV through the native save dialog).
import { Button, Group, Paper, Table, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../ipc";

type Props = {
  id: string;
  title: string;
  headers: string[];
  rows: string[][];
  /** Optional cell rendering (heat colours); the export always gets the text. */
  cell?: (row: number, col: number, text: string) => ReactNode;
};

export function DataTable({ id, title, headers, rows, cell }: Props) {
  const { t } = useTranslation();
  const exportCsv = async () => {
    try {
      const saved = await commands.dashboardTableSave(id, headers, rows);
      if (saved) notifications.show({ color: "green", message: t("dashboard.exported", { path: saved.path }) });
    } catch (e) {
      notifications.show({ color: "red", message: (e as Error).message });
    }
  };
  return (
    <Paper withBorder p="md" data-testid={`table-${id}`}>
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="h4">
          {title}
        </Title>
        <Button variant="light" size="md" mih={48} onClick={() => void exportCsv()} data-testid={`export-${id}`} disabled={rows.length === 0}>
          {t("dashboard.export")}
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={320}>
        <Table striped fz="md">
          <Table.Thead>
            <Table.Tr>
              {headers.map((h, i) => (
                <Table.Th key={i} ta={i === 0 ? "start" : "end"}>
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, ri) => (
              <Table.Tr key={ri}>
                {r.map((c, ci) => (
                  <Table.Td key={ci} ta={ci === 0 ? "start" : "end"}>
                    {cell ? cell(ri, ci, c) : c}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
