//! A show's ROI for managers and marketing: costs editor, order import, the figures per show
//! and per channel, and grade calibration (grade at the show against won / lost / open).
import { Alert, Button, FileButton, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CostCategory, EventCost, ShowRoi } from "../../ipc";
import { DataTable } from "./DataTable";
import { int, money, parseMinor, pct } from "./format";
import { useImportOrders, useSetCosts } from "./queries";

const CATEGORIES: CostCategory[] = ["booth", "build", "travel", "materials", "other"];
const GRADES = ["A", "B", "C", "D", ""];

export function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text fz={32} fw={800} c="blue.8" lh={1.1}>
        {value}
      </Text>
      <Text size="md" c="dimmed" fw={600}>
        {label}
      </Text>
    </Paper>
  );
}

export function RoiPanel({ eventId, roi }: { eventId: string; roi: ShowRoi }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const setCosts = useSetCosts(eventId);
  const importOrders = useImportOrders(eventId);
  // Filled from the saved costs once; the parent keys this panel by show.
  const [currency, setCurrency] = useState(roi.costs[0]?.currency ?? "EUR");
  const [amounts, setAmounts] = useState<Record<string, string>>(() => Object.fromEntries(roi.costs.map((c) => [c.category, (c.amount_minor / 100).toFixed(2)])));
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    const costs: EventCost[] = [];
    for (const category of CATEGORIES) {
      const text = amounts[category]?.trim() ?? "";
      if (text === "") continue;
      const minor = parseMinor(text);
      if (minor === null) {
        setError(t("dashboard.roi.badAmount", { category: t(`dashboard.category.${category}`) }));
        return;
      }
      costs.push({ category, amount_minor: minor, currency: currency.trim().toUpperCase(), note: "" });
    }
    setError(null);
    setCosts.mutate(costs, {
      onSuccess: () => notifications.show({ color: "green", message: t("dashboard.roi.saved") }),
      onError: (e) => setError(e.message),
    });
  };

  const onFile = (file: File | null) => {
    if (!file) return;
    importOrders.mutate(
      { file, currency: currency.trim().toUpperCase() },
      {
        onSuccess: (r) =>
          notifications.show({
            color: r.problems.length ? "yellow" : "green",
            message: [t("dashboard.roi.imported", { lead: r.matched_by_lead, promo: r.matched_by_promo, unmatched: r.unmatched }), ...r.problems.slice(0, 5)].join("\n"),
          }),
        onError: (e) => setError(e.message),
      },
    );
  };

  const channel = (c: string) => t(`dashboard.channel.${c || "all"}`, { defaultValue: c });
  return (
    <Stack data-testid="roi-panel">
      <Title order={2} fz="h3">
        {t("dashboard.roi.title")}
      </Title>
      {roi.problem && (
        <Alert color="red" data-testid="roi-problem">
          {roi.problem}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure testId="figure-roi" label={t("dashboard.roi.roi")} value={pct(roi.roi_bp, locale, true)} />
        <Figure testId="figure-cost" label={t("dashboard.roi.totalCost")} value={money(roi.total_cost, locale)} />
        <Figure testId="figure-won-value" label={t("dashboard.roi.wonValue")} value={money(roi.show.won_value, locale)} />
        <Figure testId="figure-profit" label={t("dashboard.roi.grossProfit")} value={money(roi.show.gross_profit, locale)} />
        <Figure testId="figure-cpl" label={t("dashboard.roi.costPerLead")} value={money(roi.cost_per_lead, locale)} />
        <Figure testId="figure-cpo" label={t("dashboard.roi.costPerOpportunity")} value={money(roi.cost_per_opportunity, locale)} />
      </SimpleGrid>

      <Paper withBorder p="md">
        <Title order={3} fz="h4" mb="sm">
          {t("dashboard.roi.costs")}
        </Title>
        <SimpleGrid cols={{ base: 2, md: 6 }}>
          <TextInput label={t("dashboard.roi.currency")} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)} maxLength={3} size="md" data-testid="cost-currency" />
          {CATEGORIES.map((c) => (
            <TextInput
              key={c}
              label={t(`dashboard.category.${c}`)}
              value={amounts[c] ?? ""}
              inputMode="decimal"
              onChange={(e) => setAmounts({ ...amounts, [c]: e.currentTarget.value })}
              size="md"
              data-testid={`cost-${c}`}
            />
          ))}
        </SimpleGrid>
        {error && (
          <Text c="red" mt="sm" data-testid="roi-error">
            {error}
          </Text>
        )}
        <Group mt="md">
          <Button size="md" mih={48} onClick={save} loading={setCosts.isPending} data-testid="costs-save">
            {t("dashboard.roi.saveCosts")}
          </Button>
          <FileButton onChange={onFile} accept=".csv,.xlsx,.xls,.ods,text/csv">
            {(props) => (
              <Button {...props} size="md" mih={48} variant="light" loading={importOrders.isPending} data-testid="orders-import">
                {t("dashboard.roi.importOrders")}
              </Button>
            )}
          </FileButton>
          <Text size="sm" c="dimmed">
            {t("dashboard.roi.importHint")}
          </Text>
        </Group>
      </Paper>

      <DataTable
        id="roi-channels"
        title={t("dashboard.roi.channels")}
        headers={[t("dashboard.roi.channel"), t("dashboard.leads"), t("dashboard.funnel.opportunities"), t("dashboard.roi.orders"), t("dashboard.roi.wonValue"), t("dashboard.roi.grossProfit")]}
        rows={[...roi.channels, roi.show].map((c) => [channel(c.channel), int(c.leads, locale), int(c.opportunities, locale), int(c.orders, locale), money(c.won_value, locale), money(c.gross_profit, locale)])}
      />
      <DataTable
        id="calibration"
        title={t("dashboard.calibration.title")}
        headers={[t("dashboard.grade"), t("dashboard.calibration.won"), t("dashboard.calibration.lost"), t("dashboard.calibration.open"), t("dashboard.calibration.winRate")]}
        rows={GRADES.map((g, i) => {
          const [won, lost, open] = roi.calibration[i] ?? [0, 0, 0];
          const closed = won + lost;
          return [g || t("dashboard.ungraded"), int(won, locale), int(lost, locale), int(open, locale), closed ? pct(Math.floor((won * 10000) / closed), locale) : "–"];
        })}
      />
    </Stack>
  );
}
