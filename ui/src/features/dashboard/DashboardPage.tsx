//! The manager's dashboard (issue 8, items 6–8): one show or all, as the signed-in person may
//! see it (a rep: their own leads). Charts where a picture beats a table; every table exports.
import { Alert, Button, Group, Paper, Progress, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Count, Dashboard } from "../../ipc";
import { useEvents, useSession } from "../session/queries";
import { Bars, Donut, Stacked } from "./charts";
import { DataTable } from "./DataTable";
import { hours, int, pct } from "./format";
import { useDashboard, useRoi } from "./queries";
import { ReportDialog } from "./ReportDialog";
import { Figure, RoiPanel } from "./RoiPanel";

const ALL = "__all__";
const GRADE_COLORS = ["teal.6", "blue.6", "yellow.6", "gray.5", "gray.3"];

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const session = useSession();
  const events = useEvents();
  const [picked, setPicked] = useState<string | null>(null);
  const [reportOpen, setReportOpen] = useState(false);
  const eventId = picked === ALL ? null : (picked ?? session.data?.event?.id ?? null);
  const role = session.data?.user?.role;
  const money = role === "manager" || role === "marketing";
  const dash = useDashboard(eventId);
  const roi = useRoi(eventId, money);

  const options = [{ value: ALL, label: t("dashboard.allShows") }, ...(events.data ?? []).map((e) => ({ value: e.id, label: e.name }))];

  return (
    <Stack gap="lg" data-testid="dashboard">
      <Group justify="space-between" align="end">
        <Title order={2}>{t("nav.dashboard")}</Title>
        <Group align="end">
          <Select
            label={t("dashboard.show")}
            data={options}
            value={eventId ?? ALL}
            onChange={(v) => setPicked(v)}
            allowDeselect={false}
            size="md"
            w={280}
            data-testid="dashboard-show"
          />
          {money && eventId && (
            <Button size="md" mih={48} onClick={() => setReportOpen(true)} data-testid="report-open">
              {t("dashboard.report.open")}
            </Button>
          )}
        </Group>
      </Group>
      {dash.data?.own_leads_only && <Alert color="blue">{t("dashboard.ownOnly")}</Alert>}
      {dash.error && <Alert color="red">{dash.error.message}</Alert>}
      {dash.data && <Figures d={dash.data} locale={locale} />}
      {roi.data && eventId && <RoiPanel key={eventId} eventId={eventId} roi={roi.data} />}
      {eventId && <ReportDialog eventId={eventId} opened={reportOpen} onClose={() => setReportOpen(false)} />}
    </Stack>
  );
}

function countRows(counts: Count[], locale: string, label: (c: Count) => string = (c) => c.label): string[][] {
  return counts.map((c) => [label(c), int(c.count, locale)]);
}

function Figures({ d, locale }: { d: Dashboard; locale: string }) {
  const { t } = useTranslation();
  const gradeLabel = (k: string) => (k ? t("dashboard.gradeN", { grade: k }) : t("dashboard.ungraded"));
  const blank = (c: Count) => (c.key === "" ? t("dashboard.notGiven") : c.key === "*" ? t("dashboard.others") : c.label);
  const f = d.funnel;
  const stages = [
    { key: "leads", n: f.leads, rate: null as number | null },
    { key: "opportunities", n: f.opportunities, rate: f.opportunity_rate_bp },
    { key: "quoted", n: f.quoted, rate: f.quote_rate_bp },
    { key: "won", n: f.won, rate: f.win_rate_bp },
  ];
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }}>
        <Figure testId="figure-leads" label={t("dashboard.leads")} value={int(d.total_leads, locale)} />
        <Figure testId="figure-a" label={t("dashboard.gradeN", { grade: "A" })} value={int(d.by_grade[0]?.count ?? 0, locale)} />
        <Figure testId="figure-won" label={t("dashboard.funnel.won")} value={int(f.won, locale)} />
        <Figure testId="figure-overdue" label={t("dashboard.followUp.overdue")} value={int(d.follow_up.overdue, locale)} />
        <Figure testId="figure-first-touch" label={t("dashboard.followUp.medianHours")} value={hours(d.follow_up.first_touch_median_ms, locale)} />
        <Figure testId="figure-drafts" label={t("dashboard.drafts")} value={int(d.drafts, locale)} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md" data-testid="chart-hours">
          <Title order={3} fz="h4" mb="sm">
            {t("dashboard.perHour", { zone: d.time_zone })}
          </Title>
          <Bars label={t("dashboard.perHour", { zone: d.time_zone })} data={d.by_hour.map((h) => ({ label: h.hour.slice(5).replace("T", " "), value: h.count }))} />
        </Paper>
        <Paper withBorder p="md" data-testid="chart-grades">
          <Title order={3} fz="h4" mb="sm">
            {t("dashboard.gradeSplit")}
          </Title>
          <Donut
            label={t("dashboard.gradeSplit")}
            total={int(d.total_leads, locale)}
            data={d.by_grade.filter((g) => g.count > 0).map((g) => ({ label: gradeLabel(g.key), value: g.count, color: GRADE_COLORS[["A", "B", "C", "D", ""].indexOf(g.key)] ?? "gray.4" }))}
          />
        </Paper>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="md" data-testid="funnel">
          <Title order={3} fz="h4" mb="sm">
            {t("dashboard.funnel.title")}
          </Title>
          <Stack gap="sm">
            {stages.map((s) => (
              <div key={s.key} data-testid={`funnel-${s.key}`}>
                <Group justify="space-between">
                  <Text fw={700} size="lg">
                    {t(`dashboard.funnel.${s.key}`)}
                  </Text>
                  <Text fw={800} size="xl">
                    {int(s.n, locale)}
                    {s.rate !== null && (
                      <Text span c="dimmed" size="md" ms="sm">
                        {pct(s.rate, locale)}
                      </Text>
                    )}
                  </Text>
                </Group>
                <Progress size="xl" value={f.leads ? (s.n * 100) / f.leads : 0} aria-label={t(`dashboard.funnel.${s.key}`)} />
              </div>
            ))}
          </Stack>
        </Paper>
        <Paper withBorder p="md" data-testid="follow-up">
          <Title order={3} fz="h4" mb="sm">
            {t("dashboard.followUp.title")}
          </Title>
          <Stacked
            label={t("dashboard.followUp.title")}
            parts={[
              { label: t("dashboard.followUp.done"), value: d.follow_up.done, color: "teal.6" },
              { label: t("dashboard.followUp.due"), value: d.follow_up.due, color: "blue.5" },
              { label: t("dashboard.followUp.overdue"), value: d.follow_up.overdue, color: "red.6" },
            ]}
          />
          <Text mt="sm" size="md">
            {t("dashboard.followUp.touchLine", {
              touched: int(d.follow_up.touched, locale),
              median: hours(d.follow_up.first_touch_median_ms, locale),
              p90: hours(d.follow_up.first_touch_p90_ms, locale),
            })}
          </Text>
        </Paper>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <DataTable id="by-rep" title={t("dashboard.byRep")} headers={[t("dashboard.rep"), t("dashboard.leads")]} rows={countRows(d.by_rep, locale)} />
        <DataTable id="by-source" title={t("dashboard.bySource")} headers={[t("dashboard.roi.channel"), t("dashboard.leads")]} rows={countRows(d.by_source, locale, (c) => t(`dashboard.channel.${c.key}`, { defaultValue: c.key }))} />
        <DataTable id="by-region" title={t("dashboard.byRegion")} headers={[t("dashboard.region"), t("dashboard.leads")]} rows={countRows(d.by_region, locale, blank)} />
        <DataTable id="by-title" title={t("dashboard.byTitle")} headers={[t("dashboard.jobTitle"), t("dashboard.leads")]} rows={countRows(d.by_title, locale, blank)} />
      </SimpleGrid>

      <Interests d={d} locale={locale} />

      <Paper withBorder p="md" data-testid="sync-backlog">
        <Title order={3} fz="h4" mb="xs">
          {t("dashboard.sync.title")}
        </Title>
        <Text size="lg" fw={700}>
          {t("dashboard.sync.line", { pending: int(d.sync.pending, locale), inflight: int(d.sync.inflight, locale), parked: int(d.sync.parked, locale), acked: int(d.sync.acked, locale) })}
        </Text>
        <Text size="sm" c="dimmed">
          {t("dashboard.sync.note")}
        </Text>
      </Paper>
    </Stack>
  );
}

function Interests({ d, locale }: { d: Dashboard; locale: string }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...d.interests.flatMap((h) => h.by_grade));
  const rows = d.interests.map((h) => [h.interest, ...h.by_grade.map((n) => int(n, locale))]);
  return (
    <Stack gap={4}>
      <DataTable
        id="interests"
        title={t("dashboard.interests")}
        headers={[t("dashboard.interest"), "A", "B", "C", "D", t("dashboard.ungraded")]}
        rows={rows}
        cell={(r, c, text) => {
          if (c === 0) return text;
          const n = d.interests[r]?.by_grade[c - 1] ?? 0;
          const alpha = n / max;
          return (
            <Text span fw={700} px="sm" py={4} style={{ borderRadius: 4, background: `rgba(230, 73, 128, ${alpha * 0.6})`, display: "inline-block", minWidth: 48 }}>
              {text}
            </Text>
          );
        }}
      />
      <Text size="sm" c="dimmed">
        {t("dashboard.industryNote")}
      </Text>
    </Stack>
  );
}
