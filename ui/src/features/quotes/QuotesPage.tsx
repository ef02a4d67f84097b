//! #/quotes: the pricebook reps quote from. Everyone sees the products and their prices;
//! managers and marketing import a spreadsheet (preview first, every problem by row), edit a
//! product (each save is a new version; old quotes keep theirs) and set the show's promo code.
import { Alert, Badge, Box, Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/errors";
import { useFormat } from "../../components/format";
import { commands, type Event, type Pricebook, type PricebookPreview, type Product, type User } from "../../ipc";
import { fileExt } from "../attendees/columns";
import { ATTENDEE_FILE_ACCEPT } from "../attendees/AttendeesPage";
import { useSession } from "../session/queries";
import { currencyDecimals, useMoney } from "./money";
import { ProductEditor } from "./ProductEditor";
import { quoteKeys, usePricebook, usePricebooks, usePromoCodes } from "./queries";

export function canEditPricebooks(user: User | null | undefined): boolean {
  return user?.role === "manager" || user?.role === "marketing";
}

export function QuotesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const list = usePricebooks();
  const [chosen, setChosen] = useState<string | null>(null);
  const user = session.data?.user;
  const editor = canEditPricebooks(user);
  const selected = chosen ?? list.data?.[0]?.id ?? null;

  if (list.isPending || session.isPending) return <Loader />;
  if (list.isError) return <ErrorAlert error={list.error} />;

  return (
    <Stack maw={1200}>
      <Title order={2}>{t("quotes.title")}</Title>
      <Text c="dimmed" maw={760}>
        {t("quotes.intro")}
      </Text>
      {!editor && (
        <Alert color="gray" variant="light" data-testid="pricebook-readonly">
          {t("quotes.editorsOnly")}
        </Alert>
      )}
      {list.data.length > 1 && (
        <NativeSelect
          size="lg"
          maw={480}
          label={t("quotes.pricebook")}
          value={selected ?? ""}
          onChange={(e) => setChosen(e.currentTarget.value)}
          data={list.data.map((p) => ({ value: p.id, label: `${p.name} (${p.currency})` }))}
          data-testid="pricebook-picker"
        />
      )}
      {editor && <ImportSection targetId={selected} onImported={(pb) => setChosen(pb.id)} />}
      {editor && session.data?.event && <PromoSection event={session.data.event} />}
      {selected ? (
        <PricebookView id={selected} editor={editor} />
      ) : (
        <Alert color="yellow" variant="light" data-testid="no-pricebook">
          {t("quotes.noPricebook")}
        </Alert>
      )}
    </Stack>
  );
}

function ImportSection({ targetId, onImported }: { targetId: string | null; onImported: (pb: Pricebook) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [picked, setPicked] = useState<{ name: string; bytes: Uint8Array; preview: PricebookPreview } | null>(null);
  const [asNew, setAsNew] = useState(false);
  const preview = useMutation({
    mutationFn: async (file: File) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      return { name: file.name, bytes, preview: await commands.pricebooksPreview(bytes, fileExt(file.name)) };
    },
    onMutate: () => setPicked(null),
    onSuccess: setPicked,
  });
  const run = useMutation({
    mutationFn: (p: { name: string; bytes: Uint8Array }) => commands.pricebooksImport(asNew ? null : targetId, p.bytes, fileExt(p.name)),
    onSuccess: (pb) => {
      setPicked(null);
      void qc.invalidateQueries({ queryKey: quoteKeys.pricebooks });
      notifications.show({ color: "green", message: t("quotes.imported", { name: pb.name, version: pb.version }) });
      onImported(pb);
    },
  });
  const onInput = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = "";
    if (file) preview.mutate(file);
  };
  const pb = picked?.preview.pricebook;
  return (
    <Paper withBorder p="lg" style={{ borderStyle: "dashed" }}>
      <Stack>
        <Group>
          <Box className="file-pick">
            <Button component="span" size="lg" className="file-pick-button" aria-hidden loading={preview.isPending}>
              {t("quotes.pick")}
            </Button>
            <input type="file" accept={ATTENDEE_FILE_ACCEPT} data-testid="pricebook-file" aria-label={t("quotes.pick")} onChange={onInput} className="file-pick-input" disabled={run.isPending} />
          </Box>
          <Text c="dimmed">{t("quotes.pickHint")}</Text>
        </Group>
        {preview.isError && <ErrorAlert error={preview.error} />}
        {run.isError && <ErrorAlert error={run.error} />}
        {picked && picked.preview.errors.length > 0 && (
          <Alert color="red" variant="light" title={t("quotes.previewErrors", { count: picked.preview.errors.length })} data-testid="pricebook-errors" role="alert">
            <Stack gap={2}>
              {picked.preview.errors.slice(0, 50).map((e, i) => (
                <Text key={i} data-testid="pricebook-error">
                  {e.row > 0 ? t("quotes.rowError", { row: e.row, message: e.message }) : e.message}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        {picked && pb && (
          <Alert color="blue" variant="light" title={t("quotes.previewOk")} data-testid="pricebook-preview">
            <Stack>
              <Text>{t("quotes.previewSummary", { name: pb.name || picked.name, currency: pb.currency, products: pb.products.length, lanes: pb.shipping.length })}</Text>
              {targetId && (
                <NativeSelect
                  label={t("quotes.importAs")}
                  value={asNew ? "new" : "version"}
                  onChange={(e) => setAsNew(e.currentTarget.value === "new")}
                  data={[
                    { value: "version", label: t("quotes.asNewVersion") },
                    { value: "new", label: t("quotes.asNewPricebook") },
                  ]}
                  data-testid="pricebook-import-as"
                />
              )}
              <Group>
                <Button size="lg" onClick={() => run.mutate(picked)} loading={run.isPending} data-testid="pricebook-import">
                  {t("quotes.import")}
                </Button>
                <Button size="lg" variant="default" onClick={() => setPicked(null)}>
                  {t("common.cancel")}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function PromoSection({ event }: { event: Event }) {
  const codes = usePromoCodes(event.id);
  if (!codes.data) return null;
  const show = codes.data.find((c) => c.user_id === null)?.code ?? "";
  // Keyed by the saved code: a new code from the backend starts a fresh edit.
  return <PromoForm key={show} event={event} saved={show} />;
}

function PromoForm({ event, saved }: { event: Event; saved: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState(saved);
  const save = useMutation({
    mutationFn: () => commands.promoCodesSet(event.id, null, code),
    onSuccess: (list) => {
      qc.setQueryData(quoteKeys.promo(event.id), list);
      notifications.show({ color: "green", message: t("quotes.promoSaved") });
    },
  });
  return (
    <Paper withBorder p="lg">
      <Group align="flex-end">
        <TextInput size="lg" label={t("quotes.promoFor", { show: event.name })} value={code} onChange={(e) => setCode(e.currentTarget.value)} data-testid="promo-code" maw={360} />
        <Button size="lg" onClick={() => save.mutate()} loading={save.isPending} data-testid="promo-save">
          {t("quotes.promoSave")}
        </Button>
      </Group>
      {save.isError && <ErrorAlert error={save.error} />}
    </Paper>
  );
}

function PricebookView({ id, editor }: { id: string; editor: boolean }) {
  const { t } = useTranslation();
  const pb = usePricebook(id);
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<Product | null>(null);
  if (pb.isPending) return <Loader />;
  if (pb.isError) return <ErrorAlert error={pb.error} />;
  const needle = search.trim().toLowerCase();
  const products = pb.data.products.filter((p) => !needle || [p.sku, p.name, p.category].some((s) => s.toLowerCase().includes(needle)));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3} data-testid="pricebook-name">
          {pb.data.name}{" "}
          <Badge size="lg" variant="light">
            {t("quotes.version", { version: pb.data.version })}
          </Badge>{" "}
          <Badge size="lg" variant="outline" color="gray">
            {pb.data.currency}
          </Badge>
        </Title>
        <TextInput size="lg" placeholder={t("quotes.searchProducts")} aria-label={t("quotes.searchProducts")} value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="product-search" />
      </Group>
      <ProductTable pricebook={pb.data} products={products} onEdit={editor ? setEditing : undefined} />
      <Versions id={id} />
      {editing && <ProductEditor pricebook={pb.data} product={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function ProductTable({ pricebook, products, onEdit }: { pricebook: Pricebook; products: Product[]; onEdit?: (p: Product) => void }) {
  const { t } = useTranslation();
  const money = useMoney(pricebook.currency, currencyDecimals(pricebook.currency));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="sm" data-testid="product-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("quotes.col.sku")}</Table.Th>
            <Table.Th>{t("quotes.col.product")}</Table.Th>
            <Table.Th>{t("quotes.col.moq")}</Table.Th>
            <Table.Th>{t("quotes.col.prices")}</Table.Th>
            <Table.Th>{t("quotes.col.capacity")}</Table.Th>
            {onEdit && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {products.map((p) => (
            <Table.Tr key={p.sku} data-testid={`product-${p.sku}`}>
              <Table.Td ff="monospace">{p.sku}</Table.Td>
              <Table.Td>
                <Text fw={600} dir="auto">
                  {p.name}
                </Text>
                <Text size="sm" c="dimmed" dir="auto">
                  {p.category}
                </Text>
              </Table.Td>
              <Table.Td>
                {p.moq > 1 ? t("quotes.moqRule", { moq: p.moq, unit: p.unit, rule: t(`quotes.belowMoq.${p.below_moq}`) }) : "—"}
              </Table.Td>
              <Table.Td>
                {p.formulation ? (
                  <Text size="sm">{t("quotes.formulation", { count: p.formulation.ingredients.length, low: p.formulation.margin_low_bp / 100, high: p.formulation.margin_high_bp / 100 })}</Text>
                ) : (
                  p.tiers.map((tier) => (
                    <Text size="sm" key={tier.min_qty}>
                      {t("quotes.tierFrom", { qty: tier.min_qty })} {money.range(tier.unit_low, tier.unit_high)}
                    </Text>
                  ))
                )}
              </Table.Td>
              <Table.Td>{t("quotes.capacity", { perDay: p.capacity_per_day, days: p.processing_days })}</Table.Td>
              {onEdit && (
                <Table.Td>
                  <Button variant="default" size="md" onClick={() => onEdit(p)} data-testid={`edit-product-${p.sku}`}>
                    {t("quotes.edit")}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Versions({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const versions = useQuery({ queryKey: quoteKeys.versions(id), queryFn: () => commands.pricebooksVersions(id) });
  if (!versions.data || versions.data.length === 0) return null;
  return (
    <Stack gap={4} data-testid="pricebook-versions">
      <Title order={4}>{t("quotes.versions")}</Title>
      {versions.data.map((v) => (
        <Text key={v.version} size="sm">
          {t("quotes.versionLine", { version: v.version, when: f.dateTime(v.created_at), who: v.created_by || "—", products: v.products })}
        </Text>
      ))}
    </Stack>
  );
}
