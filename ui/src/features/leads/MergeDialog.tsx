//! "Merge with another lead…": find the other lead of the same show, compare the two side by
//! side, pick per field which value stays (defaults pre-selected: the kept lead's value unless
//! it is empty, the better grade, both key-needs texts), then merge. The rules themselves live
//! in the store (crates/leadtrack-domain/src/merge.rs); this only shows and sends the picks.
import { Alert, Badge, Button, Card, Group, Loader, Modal, Radio, SimpleGrid, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, validationFields } from "../../components/errors";
import { commands, type Lead, type MergeChoice } from "../../ipc";
import { leadLabel } from "../capture/labels";
import { leadQuery, queryKeys } from "../session/queries";

/** The fields a rep picks a side for, in the order the form shows them. */
export const MERGE_FIELDS = ["name", "company", "title", "email", "phone", "country", "grade", "next_action", "key_needs"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
/** Which lead a value comes from, as the rep sees them; "both" only for key needs. */
type Source = "this" | "other" | "both";

const dash = "—";

function toSource(v: string): Source {
  return v === "other" || v === "both" ? v : "this";
}

function blank(v: string | null): boolean {
  return v === null || v.trim() === "";
}

function same(a: Lead, b: Lead, f: MergeField): boolean {
  return (a[f] ?? "").toString().trim() === (b[f] ?? "").toString().trim();
}

/** The store's default rule, for showing which option is pre-selected. */
export function defaultSource(f: MergeField, kept: Lead, keptRef: "this" | "other", gone: Lead): Source {
  const goneRef = keptRef === "this" ? "other" : "this";
  if (f === "key_needs") return "both";
  if (f === "grade") {
    if (kept.grade === null) return gone.grade === null ? keptRef : goneRef;
    return gone.grade !== null && gone.grade < kept.grade ? goneRef : keptRef; // "A" is best
  }
  return blank(kept[f]) && !blank(gone[f]) ? goneRef : keptRef;
}

function shown(t: TFunction, lead: Lead, f: MergeField): string {
  if (f === "grade") return lead.grade ? `${lead.grade} · ${t(`grade.${lead.grade}.name`)}` : dash;
  if (f === "next_action") return lead.next_action ? t(`nextAction.${lead.next_action}`) : dash;
  return lead[f] || dash;
}

export type MergeDialogProps = {
  lead: Lead;
  /** The other lead to compare with at once (from a duplicate hint); `null` starts with a search. */
  otherId: string | null;
  onClose: () => void;
  /** Called with the kept lead's id once the merge is saved. */
  onMerged: (survivorId: string) => void;
};

export function MergeDialog({ lead, otherId: initial, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation();
  const [otherId, setOtherId] = useState<string | null>(initial);
  return (
    <Modal opened onClose={onClose} title={t("merge.title")} size="xl" closeButtonProps={{ "aria-label": t("common.close") }}>
      {otherId ? (
        <Compare lead={lead} otherId={otherId} onBack={() => setOtherId(null)} onMerged={onMerged} />
      ) : (
        <PickOther lead={lead} onPick={setOtherId} />
      )}
    </Modal>
  );
}

function PickOther({ lead, onPick }: { lead: Lead; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [debounced] = useDebouncedValue(text, 150);
  const query = leadQuery({ text: debounced.trim(), event_id: lead.event_id, limit: 20 });
  const results = useQuery({
    queryKey: queryKeys.leadSearch(query),
    queryFn: () => commands.leadsSearch(query),
    placeholderData: keepPreviousData,
  });
  const rows = (results.data ?? []).filter((r) => r.id !== lead.id);
  return (
    <Stack>
      <Text>{t("merge.pickHint", { show: lead.event_tag })}</Text>
      <TextInput
        type="search"
        data-autofocus
        label={t("merge.search")}
        placeholder={t("leads.searchPlaceholder")}
        data-testid="merge-search"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        rightSection={results.isFetching ? <Loader size="xs" /> : null}
        autoComplete="off"
      />
      {results.isError && <ErrorAlert error={results.error} />}
      {results.isSuccess && rows.length === 0 && <Text c="dimmed">{t("merge.noOther")}</Text>}
      <Stack gap="xs" role="list">
        {rows.map((row) => (
          <UnstyledButton
            key={row.id}
            role="listitem"
            onClick={() => onPick(row.id)}
            data-testid="merge-candidate"
            mih={56}
            p="sm"
            style={{ border: "1px solid var(--mantine-color-gray-4)", borderRadius: "var(--mantine-radius-md)" }}
          >
            <Text fw={700} dir="auto">
              {leadLabel({ ...row, phone: "" }, t("lead.unnamed"))}
            </Text>
            <Text size="sm" c="dimmed" dir="auto">
              {[row.company, row.email, row.captured_by_name].filter(Boolean).join(" · ")}
            </Text>
          </UnstyledButton>
        ))}
      </Stack>
    </Stack>
  );
}

function Compare({ lead, otherId, onBack, onMerged }: { lead: Lead; otherId: string; onBack: () => void; onMerged: (id: string) => void }) {
  const { t } = useTranslation();
  const other = useQuery({ queryKey: queryKeys.lead(otherId), queryFn: () => commands.leadsGet(otherId) });
  if (other.isPending) return <Loader />;
  if (other.isError) return <ErrorAlert error={other.error} />;
  if (other.data.merged_into) {
    return (
      <Stack>
        <Alert color="yellow" title={t("errors.already_merged")} />
        <Button variant="default" onClick={onBack}>
          {t("merge.back")}
        </Button>
      </Stack>
    );
  }
  return <CompareLeads mine={lead} theirs={other.data} onBack={onBack} onMerged={onMerged} />;
}

function CompareLeads({ mine, theirs, onBack, onMerged }: { mine: Lead; theirs: Lead; onBack: () => void; onMerged: (id: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [keep, setKeep] = useState<"this" | "other">("this");
  const [picks, setPicks] = useState<Partial<Record<MergeField, Source>>>({});
  const byRef = { this: mine, other: theirs };
  const kept = byRef[keep];
  const gone = byRef[keep === "this" ? "other" : "this"];
  const name = (l: Lead) => leadLabel(l, t("lead.unnamed"));
  const differing = MERGE_FIELDS.filter((f) => !same(mine, theirs, f));
  const pick = (f: MergeField): Source => picks[f] ?? defaultSource(f, kept, keep, gone);
  const interests = [...kept.interests, ...gone.interests.filter((tag) => !kept.interests.includes(tag))];

  const merge = useMutation({
    mutationFn: () => {
      const choice: MergeChoice = { survivor_version: kept.version, absorbed_version: gone.version };
      for (const f of differing) {
        const p = pick(f);
        if (p !== "both") choice[f] = p === keep ? "survivor" : "absorbed";
      }
      return commands.leadsMerge(kept.id, gone.id, choice);
    },
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: queryKeys.leads });
      void qc.invalidateQueries({ queryKey: ["attachments"] });
      notifications.show({ color: "green", message: t("merge.done", { absorbed: name(gone), survivor: name(saved) }) });
      onMerged(saved.id);
    },
  });

  return (
    <Stack data-testid="merge-compare">
      <Text>{t("merge.explain")}</Text>
      <Radio.Group label={t("merge.keep")} value={keep} onChange={(v) => setKeep(v === "other" ? "other" : "this")}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
          {(["this", "other"] as const).map((ref) => (
            <Choice key={ref} value={ref} testId={`merge-keep-${ref}`} caption={ref === "this" ? t("merge.thisLead") : t("merge.otherLead")}>
              {name(byRef[ref])}
              <Text span size="sm" c="dimmed" display="block">
                {t("merge.capturedBy", { name: byRef[ref].captured_by_name })}
              </Text>
            </Choice>
          ))}
        </SimpleGrid>
      </Radio.Group>

      {differing.map((f) => (
        <Radio.Group
          key={f}
          label={t(`fields.${f}`)}
          value={pick(f)}
          onChange={(v) => setPicks((p) => ({ ...p, [f]: toSource(v) }))}
          data-testid={`merge-field-${f}`}
        >
          <SimpleGrid cols={{ base: 1, sm: f === "key_needs" ? 3 : 2 }} mt="xs">
            {(["this", "other"] as const).map((ref) => (
              <Choice key={ref} value={ref} testId={`merge-pick-${f}-${ref}`} caption={ref === "this" ? t("merge.thisLead") : t("merge.otherLead")}>
                {shown(t, byRef[ref], f)}
              </Choice>
            ))}
            {f === "key_needs" && (
              <Choice value="both" testId="merge-pick-key_needs-both" caption={t("merge.both")}>
                {t("merge.bothTexts")}
              </Choice>
            )}
          </SimpleGrid>
        </Radio.Group>
      ))}

      <Card withBorder padding="sm">
        <Text size="sm" fw={600} c="dimmed">
          {t("merge.sameOnBoth")}
        </Text>
        <Text dir="auto" data-testid="merge-same">
          {MERGE_FIELDS.filter((f) => same(mine, theirs, f))
            .map((f) => `${t(`fields.${f}`)}: ${shown(t, mine, f)}`)
            .join(" · ") || dash}
        </Text>
        <Text size="sm" fw={600} c="dimmed" mt="sm">
          {t("merge.interests")}
        </Text>
        <Group gap="xs">
          {interests.length ? (
            interests.map((tag) => (
              <Badge key={tag} variant="light" size="lg" tt="none" dir="auto">
                {tag}
              </Badge>
            ))
          ) : (
            <Text>{dash}</Text>
          )}
        </Group>
      </Card>

      <Text size="sm" c="dimmed">
        {t("merge.whatHappens", { name: name(gone) })}
      </Text>
      <ErrorAlert error={merge.error} fields={validationFields(merge.error)} />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={merge.isPending}>
          {t("merge.back")}
        </Button>
        <Button onClick={() => merge.mutate()} loading={merge.isPending} data-testid="merge-confirm">
          {t("merge.confirm")}
        </Button>
      </Group>
    </Stack>
  );
}

/** One side of a choice: a big card (the whole card is the touch target) with a radio dot. */
function Choice({ value, testId, caption, children }: { value: string; testId: string; caption: string; children: ReactNode }) {
  return (
    <Radio.Card value={value} data-testid={testId} p="sm" mih={56} radius="md">
      <Group wrap="nowrap" align="flex-start">
        <Radio.Indicator mt={4} />
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" fw={600}>
            {caption}
          </Text>
          <Text dir="auto" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {children}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  );
}
