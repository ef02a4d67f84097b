//! #/leads/:id/quote — the quote builder: products with quantities and options, the price range
//! and the lead time side by side in large type as the rep types, MOQ warnings, validity, notes
//! and the show's promo code. Save adds it to the lead's quote history (and its interactions).
import { Alert, Anchor, Button, Card, Checkbox, CloseButton, Group, Loader, NativeSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ErrorAlert, fieldErrorText, validationFields } from "../../components/errors";
import { commands, type Estimate, type EstimateRequest, type Lead, type Pricebook, type Warning } from "../../ipc";
import { leadLabel } from "../capture/CapturePage";
import { queryKeys, useSession } from "../session/queries";
import { daysText, useMoney } from "./money";
import { quoteKeys, usePricebook, usePricebooks, usePromoCodes } from "./queries";

type Line = { key: number; sku: string; qty: number | ""; options: string[]; production: number | ""; processing: number | "" };

let nextKey = 1;
const newLine = (): Line => ({ key: nextKey++, sku: "", qty: "", options: [], production: "", processing: "" });

export function QuoteBuilderPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const lead = useQuery({ queryKey: queryKeys.lead(id), queryFn: () => commands.leadsGet(id) });
  const books = usePricebooks();
  const [chosen, setChosen] = useState<string | null>(null);
  const bookId = chosen ?? books.data?.[0]?.id;
  const pb = usePricebook(bookId);

  if (lead.isError) return <ErrorAlert error={lead.error} />;
  if (books.isError) return <ErrorAlert error={books.error} />;
  if (lead.isPending || books.isPending) return <Loader />;
  if (!bookId) {
    return (
      <Stack maw={720}>
        <Alert color="yellow" variant="light" data-testid="no-pricebook">
          {t("quotes.noPricebook")}
        </Alert>
        <Anchor component={Link} to="/quotes">
          {t("quotes.toPricebook")}
        </Anchor>
      </Stack>
    );
  }
  if (pb.isError) return <ErrorAlert error={pb.error} />;
  if (!pb.data) return <Loader />;
  return (
    <Stack maw={1200}>
      <Anchor component={Link} to={`/leads/${id}`}>
        {t("quotes.backToLead")}
      </Anchor>
      <Title order={2}>{t("quotes.builderTitle", { name: leadLabel(lead.data, t("lead.unnamed")) })}</Title>
      {books.data.length > 1 && (
        <NativeSelect
          size="lg"
          maw={480}
          label={t("quotes.pricebook")}
          value={bookId}
          onChange={(e) => setChosen(e.currentTarget.value)}
          data={books.data.map((p) => ({ value: p.id, label: `${p.name} (${p.currency})` }))}
        />
      )}
      <Builder key={`${pb.data.id}:${pb.data.version}`} lead={lead.data} pricebook={pb.data} />
    </Stack>
  );
}

function Builder({ lead, pricebook }: { lead: Lead; pricebook: Pricebook }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const session = useSession();
  const promo = usePromoCodes(lead.event_id);
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  const [lane, setLane] = useState("");
  const [validUntil, setValidUntil] = useState("");
  const [notes, setNotes] = useState("");
  const [promoCode, setPromoCode] = useState<string | null>(null);
  const userId = session.data?.user?.id;
  // The rep's own code, else the show's, until the rep types another.
  const defaultPromo = promo.data?.find((c) => c.user_id === userId)?.code ?? promo.data?.find((c) => c.user_id === null)?.code ?? "";
  const promoValue = promoCode ?? defaultPromo;

  // A lane is picked by its position in the pricebook: names may hold any character.
  const lanes = pricebook.shipping.map((l, i) => ({ value: String(i), label: t("quotes.lane", { method: l.method, destination: l.destination, min: l.min_days, max: l.max_days }) }));
  const request: EstimateRequest = useMemo(() => {
    const picked = lane === "" ? undefined : pricebook.shipping[Number(lane)];
    const [method, destination] = picked ? [picked.method, picked.destination] : [null, null];
    return {
      lines: lines
        .filter((l) => l.sku && l.qty !== "")
        .map((l) => ({
          sku: l.sku,
          qty: Number(l.qty),
          options: l.options,
          production_days: l.production === "" ? null : Number(l.production),
          processing_days: l.processing === "" ? null : Number(l.processing),
        })),
      shipping_method: method ?? null,
      destination: destination ?? null,
      shipping_days: null,
    };
  }, [lines, lane, pricebook.shipping]);
  const [debounced] = useDebouncedValue(request, 150);
  const estimate = useQuery({
    queryKey: ["quote-estimate", pricebook.id, pricebook.version, debounced],
    queryFn: () => commands.quotesEstimate(pricebook.id, pricebook.version, debounced),
    enabled: debounced.lines.length > 0,
    placeholderData: keepPreviousData,
  });
  const save = useMutation({
    mutationFn: () =>
      commands.quotesSave({
        lead_id: lead.id,
        pricebook_id: pricebook.id,
        pricebook_version: pricebook.version,
        request,
        valid_until: validUntil || null,
        notes,
        promo_code: promoValue,
      }),
    onSuccess: (quote) => {
      void qc.invalidateQueries({ queryKey: quoteKeys.forLead(lead.id) });
      notifications.show({ color: "green", message: t("quotes.saved") });
      void navigate(`/leads/${quote.lead_id}`);
    },
  });
  const update = (key: number, patch: Partial<Line>) => setLines((all) => all.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const productOptions = pricebook.products.map((p) => ({ value: p.sku, label: `${p.name} · ${p.sku}${p.category ? ` · ${p.category}` : ""}` }));
  const saveErrors = validationFields(save.error);
  const fieldError = (field: string) => {
    const e = saveErrors.find((f) => f.field === field);
    return e ? fieldErrorText(t, e) : undefined;
  };
  const shown = request.lines.length > 0 ? estimate.data : undefined;

  return (
    <Stack>
      <Summary estimate={shown} loading={estimate.isFetching} />
      {estimate.isError && request.lines.length > 0 && <ErrorAlert error={estimate.error} fields={validationFields(estimate.error)} />}
      {shown?.warnings.map((w, i) => <WarningLine key={i} warning={w} pricebook={pricebook} />)}
      {lines.map((line, index) => {
        const product = pricebook.products.find((p) => p.sku === line.sku);
        const est = shown?.lines.find((l) => l.sku === line.sku && l.qty === line.qty);
        return (
          <Card withBorder key={line.key} data-testid={`quote-line-${index}`}>
            <Stack>
              <Group align="flex-end" wrap="wrap">
                <Select
                  size="lg"
                  searchable
                  label={t("quotes.product")}
                  placeholder={t("quotes.productSearch")}
                  data={productOptions}
                  value={line.sku || null}
                  onChange={(v) => update(line.key, { sku: v ?? "", options: [] })}
                  nothingFoundMessage={t("quotes.noProduct")}
                  style={{ flex: 2, minWidth: 280 }}
                  data-testid={`line-product-${index}`}
                />
                <NumberInput
                  size="lg"
                  min={1}
                  allowDecimal={false}
                  allowNegative={false}
                  label={product ? t("quotes.qtyUnit", { unit: product.unit }) : t("quotes.qty")}
                  value={line.qty}
                  onChange={(v) => update(line.key, { qty: v === "" ? "" : Number(v) })}
                  style={{ flex: 1, minWidth: 140 }}
                  data-testid={`line-qty-${index}`}
                />
                {lines.length > 1 && <CloseButton size={48} aria-label={t("quotes.removeLine")} onClick={() => setLines((all) => all.filter((l) => l.key !== line.key))} />}
              </Group>
              {product && product.moq > 1 && (
                <Text size="sm" c="dimmed">
                  {t("quotes.moqRule", { moq: product.moq, unit: product.unit, rule: t(`quotes.belowMoq.${product.below_moq}`) })}
                </Text>
              )}
              {product && product.options.length > 0 && (
                <Group>
                  {product.options.map((o) => (
                    <Checkbox
                      key={o.code}
                      size="lg"
                      label={o.name}
                      checked={line.options.includes(o.code)}
                      onChange={(e) => update(line.key, { options: e.currentTarget.checked ? [...line.options, o.code] : line.options.filter((c) => c !== o.code) })}
                      data-testid={`line-option-${index}-${o.code}`}
                    />
                  ))}
                </Group>
              )}
              {product && (
                <Group>
                  <NumberInput
                    size="md"
                    min={0}
                    allowDecimal={false}
                    label={t("quotes.productionDays")}
                    placeholder={est ? String(est.production_days) : ""}
                    value={line.production}
                    onChange={(v) => update(line.key, { production: v === "" ? "" : Number(v) })}
                    maw={220}
                  />
                  <NumberInput
                    size="md"
                    min={0}
                    allowDecimal={false}
                    label={t("quotes.processingDays")}
                    placeholder={String(product.processing_days)}
                    value={line.processing}
                    onChange={(v) => update(line.key, { processing: v === "" ? "" : Number(v) })}
                    maw={220}
                  />
                  {est && <LineFigures currency={shown?.currency ?? pricebook.currency} decimals={shown?.decimals ?? 2} low={est.unit_low} high={est.unit_high} totalLow={est.total_low} totalHigh={est.total_high} />}
                </Group>
              )}
            </Stack>
          </Card>
        );
      })}
      <Group>
        <Button size="lg" variant="default" onClick={() => setLines((all) => [...all, newLine()])} data-testid="add-line">
          {t("quotes.addLine")}
        </Button>
      </Group>
      <Paper withBorder p="lg">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect size="lg" label={t("quotes.shipping")} value={lane} onChange={(e) => setLane(e.currentTarget.value)} data={[{ value: "", label: t("quotes.exWorks") }, ...lanes]} data-testid="quote-shipping" />
          <TextInput size="lg" type="date" label={t("quotes.validUntil")} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} error={fieldError("valid_until")} data-testid="quote-valid-until" />
          <TextInput size="lg" label={t("quotes.promoCode")} value={promoValue} onChange={(e) => setPromoCode(e.currentTarget.value)} error={fieldError("promo_code")} data-testid="quote-promo" />
          <Textarea size="lg" autosize minRows={2} label={t("quotes.notes")} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={fieldError("notes")} data-testid="quote-notes" />
        </SimpleGrid>
      </Paper>
      {save.isError && saveErrors.every((f) => !["valid_until", "promo_code", "notes"].includes(f.field)) && <ErrorAlert error={save.error} fields={saveErrors} />}
      <Group>
        <Button size="xl" onClick={() => save.mutate()} loading={save.isPending} disabled={request.lines.length === 0 || !estimate.data || estimate.isError} data-testid="quote-save">
          {t("quotes.save")}
        </Button>
      </Group>
    </Stack>
  );
}

/** The two figures the visitor looks at: price range and lead time, large and side by side. */
function Summary({ estimate, loading }: { estimate?: Estimate; loading: boolean }) {
  const { t } = useTranslation();
  const money = useMoney(estimate?.currency ?? "USD", estimate?.decimals ?? 2);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="quote-summary" aria-busy={loading}>
      <Paper withBorder p="lg" bg="blue.0">
        <Text size="lg" fw={600} c="dimmed">
          {t("quotes.priceRange")}
        </Text>
        <Text fz={40} fw={800} lh={1.15} data-testid="quote-total" dir="ltr" style={{ textAlign: "start" }}>
          {estimate ? money.range(estimate.total_low, estimate.total_high) : "—"}
        </Text>
      </Paper>
      <Paper withBorder p="lg" bg="green.0">
        <Text size="lg" fw={600} c="dimmed">
          {t("quotes.leadTime")}
        </Text>
        <Text fz={40} fw={800} lh={1.15} data-testid="quote-lead-time">
          {estimate ? daysText(t, estimate.lead_days) : "—"}
        </Text>
        {estimate && !estimate.shipping_days && (
          <Text size="sm" c="dimmed">
            {t("quotes.exWorksNote")}
          </Text>
        )}
      </Paper>
    </SimpleGrid>
  );
}

function LineFigures({ currency, decimals, low, high, totalLow, totalHigh }: { currency: string; decimals: number; low: number; high: number; totalLow: number; totalHigh: number }) {
  const { t } = useTranslation();
  const money = useMoney(currency, decimals);
  return (
    <Stack gap={0}>
      <Text size="sm">{t("quotes.unitRange", { range: money.range(low, high) })}</Text>
      <Text size="sm" fw={600}>
        {t("quotes.lineTotal", { range: money.range(totalLow, totalHigh) })}
      </Text>
    </Stack>
  );
}

function WarningLine({ warning, pricebook }: { warning: Warning; pricebook: Pricebook }) {
  const { t } = useTranslation();
  if (warning.code !== "below_moq") return null;
  const product = pricebook.products.find((p) => p.sku === warning.sku);
  return (
    <Alert color="yellow" variant="filled" c="dark" data-testid="moq-warning" role="status">
      <Text fw={700} size="lg">
        {t("quotes.belowMoqWarning", { name: product?.name ?? warning.sku, qty: warning.qty, moq: warning.moq, unit: product?.unit ?? "" })}
      </Text>
    </Alert>
  );
}
