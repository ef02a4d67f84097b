//! Editing one product of a pricebook (managers and marketing): its basics, MOQ rule, lead-time
//! factors, price tiers and formulation margin band. Saved as a new pricebook version.
import { ActionIcon, Button, Group, Modal, NativeSelect, NumberInput, Stack, Table, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { commands, type BelowMoq, type Pricebook, type Product } from "../../ipc";
import { currencyDecimals, fromMajorText, toMajorText } from "./money";
import { quoteKeys } from "./queries";

type TierText = { min_qty: number; low: string; high: string };

export function ProductEditor({ pricebook, product, onClose }: { pricebook: Pricebook; product: Product; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const d = currencyDecimals(pricebook.currency);
  const [p, setP] = useState<Product>(structuredClone(product));
  const [tiers, setTiers] = useState<TierText[]>(product.tiers.map((x) => ({ min_qty: x.min_qty, low: toMajorText(x.unit_low, d), high: toMajorText(x.unit_high, d) })));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (next: Product) => commands.pricebooksUpdateProduct(pricebook.id, next),
    onSuccess: (pb) => {
      qc.setQueryData(quoteKeys.pricebook(pb.id), pb);
      void qc.invalidateQueries({ queryKey: quoteKeys.pricebooks });
      notifications.show({ color: "green", message: t("quotes.productSaved", { sku: p.sku, version: pb.version }) });
      onClose();
    },
  });
  const submit = () => {
    const parsed = tiers.map((x) => ({ min_qty: x.min_qty, unit_low: fromMajorText(x.low, d), unit_high: fromMajorText(x.high, d) }));
    const bad = parsed.findIndex((x) => x.unit_low === null || x.unit_high === null);
    if (bad >= 0) {
      setProblem(t("quotes.badAmount", { row: bad + 1, decimals: d }));
      return;
    }
    setProblem(null);
    save.mutate({ ...p, tiers: parsed.map((x) => ({ min_qty: x.min_qty, unit_low: x.unit_low ?? 0, unit_high: x.unit_high ?? 0 })) });
  };
  const num = (v: string | number) => (typeof v === "number" ? v : Number(v) || 0);
  const setTier = (i: number, patch: Partial<TierText>) => setTiers((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  return (
    <Modal opened onClose={onClose} title={t("quotes.editTitle", { sku: product.sku })} size="xl" data-testid="product-editor">
      <Stack>
        <TextInput size="md" label={t("quotes.field.name")} value={p.name} onChange={(e) => setP({ ...p, name: e.currentTarget.value })} data-testid="product-name" />
        <Group grow>
          <TextInput size="md" label={t("quotes.field.category")} value={p.category} onChange={(e) => setP({ ...p, category: e.currentTarget.value })} />
          <TextInput size="md" label={t("quotes.field.unit")} value={p.unit} onChange={(e) => setP({ ...p, unit: e.currentTarget.value })} />
        </Group>
        <Group grow>
          <NumberInput size="md" min={0} allowDecimal={false} label={t("quotes.field.moq")} value={p.moq} onChange={(v) => setP({ ...p, moq: num(v) })} data-testid="product-moq" />
          <NativeSelect
            size="md"
            label={t("quotes.field.belowMoq")}
            value={p.below_moq}
            onChange={(e) => setP({ ...p, below_moq: e.currentTarget.value as BelowMoq })}
            data={(["price_at_moq", "refuse"] as const).map((v) => ({ value: v, label: t(`quotes.belowMoq.${v}`) }))}
          />
        </Group>
        <Group grow>
          <NumberInput size="md" min={1} allowDecimal={false} label={t("quotes.field.capacity")} value={p.capacity_per_day} onChange={(v) => setP({ ...p, capacity_per_day: num(v) })} />
          <NumberInput size="md" min={0} allowDecimal={false} label={t("quotes.field.processing")} value={p.processing_days} onChange={(v) => setP({ ...p, processing_days: num(v) })} />
        </Group>
        {p.formulation && (
          <Group grow>
            <NumberInput size="md" min={0} max={99.99} decimalScale={2} label={t("quotes.field.marginLow")} value={p.formulation.margin_low_bp / 100} onChange={(v) => p.formulation && setP({ ...p, formulation: { ...p.formulation, margin_low_bp: Math.round(num(v) * 100) } })} />
            <NumberInput size="md" min={0} max={99.99} decimalScale={2} label={t("quotes.field.marginHigh")} value={p.formulation.margin_high_bp / 100} onChange={(v) => p.formulation && setP({ ...p, formulation: { ...p.formulation, margin_high_bp: Math.round(num(v) * 100) } })} />
          </Group>
        )}
        {!p.formulation && (
          <Stack gap="xs">
            <Text fw={600}>{t("quotes.tiers", { currency: pricebook.currency })}</Text>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("quotes.field.minQty")}</Table.Th>
                  <Table.Th>{t("quotes.field.low")}</Table.Th>
                  <Table.Th>{t("quotes.field.high")}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tiers.map((x, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>
                      <NumberInput size="md" min={1} allowDecimal={false} aria-label={t("quotes.field.minQty")} value={x.min_qty} onChange={(v) => setTier(i, { min_qty: num(v) })} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput size="md" inputMode="decimal" aria-label={t("quotes.field.low")} value={x.low} onChange={(e) => setTier(i, { low: e.currentTarget.value })} data-testid={`tier-low-${i}`} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput size="md" inputMode="decimal" aria-label={t("quotes.field.high")} value={x.high} onChange={(e) => setTier(i, { high: e.currentTarget.value })} data-testid={`tier-high-${i}`} />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon size={48} variant="subtle" color="red" aria-label={t("quotes.removeTier")} onClick={() => setTiers((all) => all.filter((_, j) => j !== i))}>
                        ×
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group>
              <Button variant="default" onClick={() => setTiers((all) => [...all, { min_qty: (all.at(-1)?.min_qty ?? 0) + 1, low: "", high: "" }])}>
                {t("quotes.addTier")}
              </Button>
            </Group>
          </Stack>
        )}
        {problem && (
          <Text c="red" role="alert">
            {problem}
          </Text>
        )}
        {save.isError && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button size="lg" variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button size="lg" onClick={submit} loading={save.isPending} data-testid="product-save">
            {t("quotes.saveProduct")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
