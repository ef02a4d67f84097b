//! The post-show report: the evaluation form (seed 004: goals against results, booth,
//! promotion, competitors, next time) and one click to a PDF or Markdown file.
import { Button, Group, Modal, NumberInput, Stack, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { commands, type ReportFormat, type ReportText, type ShowEvaluation } from "../../ipc";
import { useEvaluation, useSaveEvaluation } from "./queries";

const TEXT_FIELDS = ["goals", "results", "booth_notes", "promotion_notes", "competitor_notes", "next_time"] as const;

export function useReportText(): () => ReportText {
  const { t, i18n } = useTranslation();
  return () => {
    const r = (k: string) => t(`dashboard.report.${k}`);
    return {
      rtl: i18n.dir() === "rtl",
      title: r("title"),
      page: r("page"),
      booth: r("booth"),
      generated: r("generated"),
      leads: t("dashboard.leads"),
      won_value: t("dashboard.roi.wonValue"),
      gross_profit: t("dashboard.roi.grossProfit"),
      total_cost: t("dashboard.roi.totalCost"),
      roi: t("dashboard.roi.roi"),
      cost_per_lead: t("dashboard.roi.costPerLead"),
      cost_per_opportunity: t("dashboard.roi.costPerOpportunity"),
      lead_goal: t("dashboard.evaluation.lead_goal"),
      grades: t("dashboard.calibration.title"),
      grade: t("dashboard.grade"),
      ungraded: t("dashboard.ungraded"),
      won: t("dashboard.calibration.won"),
      lost: t("dashboard.calibration.lost"),
      open: t("dashboard.calibration.open"),
      by_rep: t("dashboard.byRep"),
      rep: t("dashboard.rep"),
      funnel: t("dashboard.funnel.title"),
      stage: t("dashboard.funnel.stage"),
      rate: t("dashboard.funnel.rate"),
      opportunities: t("dashboard.funnel.opportunities"),
      quoted: t("dashboard.funnel.quoted"),
      follow_up: t("dashboard.followUp.title"),
      due: t("dashboard.followUp.due"),
      overdue: t("dashboard.followUp.overdue"),
      done: t("dashboard.followUp.done"),
      first_touch_median: t("dashboard.followUp.median"),
      first_touch_p90: t("dashboard.followUp.p90"),
      hours: t("dashboard.followUp.hoursUnit"),
      channels: t("dashboard.roi.channels"),
      channel: t("dashboard.roi.channel"),
      orders: t("dashboard.roi.orders"),
      costs: t("dashboard.roi.costs"),
      category: t("dashboard.roi.category"),
      amount: t("dashboard.roi.amount"),
      goals: t("dashboard.evaluation.goals"),
      results: t("dashboard.evaluation.results"),
      booth_notes: t("dashboard.evaluation.booth_notes"),
      promotion_notes: t("dashboard.evaluation.promotion_notes"),
      competitor_notes: t("dashboard.evaluation.competitor_notes"),
      next_time: t("dashboard.evaluation.next_time"),
      channel_names: Object.fromEntries(["manual", "rep_scan", "kiosk", "import", "promo"].map((c) => [c, t(`dashboard.channel.${c}`)])),
      category_names: Object.fromEntries(["booth", "build", "travel", "materials", "other"].map((c) => [c, t(`dashboard.category.${c}`)])),
    };
  };
}

export function ReportDialog({ eventId, opened, onClose }: { eventId: string; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const evaluation = useEvaluation(eventId, opened);
  return (
    <Modal opened={opened} onClose={onClose} title={t("dashboard.report.title")} size="lg" data-testid="report-dialog">
      {evaluation.data && <ReportForm key={eventId} eventId={eventId} initial={evaluation.data} />}
    </Modal>
  );
}

function ReportForm({ eventId, initial }: { eventId: string; initial: ShowEvaluation }) {
  const { t } = useTranslation();
  const save = useSaveEvaluation(eventId);
  const text = useReportText();
  const [form, setForm] = useState<ShowEvaluation>(initial);
  const [busy, setBusy] = useState<ReportFormat | null>(null);

  const generate = async (format: ReportFormat) => {
    setBusy(format);
    try {
      await save.mutateAsync(form);
      const file = await commands.dashboardReportSave(eventId, format, text());
      if (file) notifications.show({ color: "green", message: t("dashboard.exported", { path: file.path }) });
    } catch (e) {
      notifications.show({ color: "red", message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack>
      <NumberInput
        label={t("dashboard.evaluation.lead_goal")}
        value={form.lead_goal ?? ""}
        min={0}
        size="md"
        onChange={(v) => setForm({ ...form, lead_goal: typeof v === "number" ? v : null })}
        data-testid="evaluation-lead_goal"
      />
      {TEXT_FIELDS.map((f) => (
        <Textarea
          key={f}
          label={t(`dashboard.evaluation.${f}`)}
          description={t(`dashboard.evaluation.${f}Hint`)}
          autosize
          minRows={2}
          size="md"
          value={form[f]}
          onChange={(e) => setForm({ ...form, [f]: e.currentTarget.value })}
          data-testid={`evaluation-${f}`}
        />
      ))}
      <Group justify="flex-end">
        <Button size="md" mih={48} variant="default" onClick={() => save.mutate(form)} loading={save.isPending} data-testid="evaluation-save">
          {t("dashboard.evaluation.save")}
        </Button>
        <Button size="md" mih={48} variant="light" onClick={() => void generate("md")} loading={busy === "md"} data-testid="report-markdown">
          {t("dashboard.report.markdown")}
        </Button>
        <Button size="md" mih={48} onClick={() => void generate("pdf")} loading={busy === "pdf"} data-testid="report-pdf">
          {t("dashboard.report.pdf")}
        </Button>
      </Group>
    </Stack>
  );
}
