//! A lead's quotes on its detail page, newest first: who, when, the range and lead time, the
//! pricebook version it was made with, validity and promo code.
import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/errors";
import { useFormat } from "../../components/format";
import { commands, type Quote } from "../../ipc";
import { handoutText, paperFor } from "./handout";
import { daysText, useMoney } from "./money";
import { useLeadQuotes } from "./queries";

export function QuoteHistory({ leadId, canQuote }: { leadId: string; canQuote: boolean }) {
  const { t } = useTranslation();
  const quotes = useLeadQuotes(leadId);
  return (
    <Card withBorder padding="lg" data-testid="quote-history">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>{t("quotes.history")}</Title>
          {canQuote && (
            <Button component={Link} to={`/leads/${leadId}/quote`} size="lg" data-testid="new-quote">
              {t("quotes.newQuote")}
            </Button>
          )}
        </Group>
        {quotes.isError && <ErrorAlert error={quotes.error} />}
        {quotes.data?.length === 0 && <Text c="dimmed">{t("quotes.noQuotes")}</Text>}
        {quotes.data?.map((q) => <QuoteRow key={q.id} quote={q} />)}
      </Stack>
    </Card>
  );
}

function QuoteRow({ quote }: { quote: Quote }) {
  const { t, i18n } = useTranslation();
  const text = () => handoutText(t, i18n.dir(i18n.language), paperFor(navigator.language));
  const savePdf = useMutation({
    mutationFn: () => commands.quotesPdfSave(quote.id, text()),
    onSuccess: (file) => {
      if (file) notifications.show({ color: "green", message: t("quotes.pdfSaved", { path: file.path }) });
    },
  });
  const print = useMutation({
    mutationFn: () => commands.quotesPrint(quote.id, text()),
    onSuccess: (r) => notifications.show({ color: "green", message: r.sent ? t("quotes.printSent") : t("quotes.printViewer") }),
  });
  const f = useFormat();
  const e = quote.estimate;
  const money = useMoney(e.currency, e.decimals);
  return (
    <Card withBorder padding="sm" data-testid="quote-row">
      <Stack gap={4}>
        <Group justify="space-between">
          <Text fw={800} size="xl" dir="ltr" data-testid="quote-row-total">
            {money.range(e.total_low, e.total_high)}
          </Text>
          <Text fw={700} size="lg">
            {daysText(t, e.lead_days)}
          </Text>
        </Group>
        <Text size="sm">{e.lines.map((l) => t("quotes.lineShort", { qty: l.qty, unit: l.unit, name: l.name })).join(" · ")}</Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed" data-testid="quote-row-meta">
            {t("quotes.byWhen", { who: quote.author_name || "—", when: f.dateTime(quote.created_at) })}
          </Text>
          <Badge variant="light" tt="none" data-testid="quote-row-pricebook">{t("quotes.pricebookVersion", { name: quote.pricebook_name, version: quote.pricebook_version })}</Badge>
          {quote.valid_until && <Badge variant="outline">{t("quotes.validUntilShort", { date: f.date(quote.valid_until) })}</Badge>}
          {quote.promo_code && <Badge color="grape">{quote.promo_code}</Badge>}
        </Group>
        {quote.notes && (
          <Text size="sm" dir="auto" style={{ whiteSpace: "pre-wrap" }}>
            {quote.notes}
          </Text>
        )}
        <Group>
          <Button size="md" variant="default" onClick={() => savePdf.mutate()} loading={savePdf.isPending} data-testid="quote-pdf">
            {t("quotes.savePdf")}
          </Button>
          <Button size="md" variant="default" onClick={() => print.mutate()} loading={print.isPending} data-testid="quote-print">
            {t("quotes.print")}
          </Button>
        </Group>
        {(savePdf.isError || print.isError) && <ErrorAlert error={savePdf.error ?? print.error} />}
      </Stack>
    </Card>
  );
}
