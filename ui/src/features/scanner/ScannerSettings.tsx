//! Settings → "Badge scanner": how this computer's handheld scanner types (saved at once, on
//! this computer), and "Test your scanner", which shows what a scan reads without creating a lead.
import { Alert, Badge, Button, Card, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContactFields } from "../../ipc";
import { useScannerTest } from "./ScannerProvider";
import { DEFAULT_SCANNER_SETTINGS, LIMITS, saveScannerSettings, TERMINATORS, useScannerSettings } from "./settings";

/** The order a parsed badge's fields are listed in (here and in the badge-profile try). */
export const FIELD_ORDER: readonly (keyof ContactFields)[] = ["name", "first_name", "last_name", "company", "title", "email", "phone", "country", "address", "website"];

type NumberSettingProps = {
  name: keyof typeof LIMITS;
  value: number;
  label: string;
  description: string;
  onValid: (value: number) => void;
};

/** A whole number within LIMITS; saved only when valid, and says so when not. */
function NumberSetting({ name, value, label, description, onValid }: NumberSettingProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(value));
  const limits = LIMITS[name];
  const valid = (v: string) => /^\d+$/.test(v.trim()) && Number(v) >= limits.min && Number(v) <= limits.max;
  return (
    <TextInput
      type="number"
      inputMode="numeric"
      name={name}
      label={label}
      description={description}
      min={limits.min}
      max={limits.max}
      step={1}
      value={text}
      error={valid(text) ? undefined : t("scanner.invalidNumber", { min: limits.min, max: limits.max })}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setText(v);
        if (valid(v)) onValid(Number(v));
      }}
      autoComplete="off"
    />
  );
}

export function ScannerSettingsSection() {
  const { t } = useTranslation();
  const [settings, update] = useScannerSettings();
  // Bumped by "Restore defaults" so the number fields start again from the stored values.
  const [generation, setGeneration] = useState(0);

  return (
    <Card withBorder padding="lg" data-testid="scanner-settings">
      <Stack>
        <Title order={3}>{t("scanner.title")}</Title>
        <Text c="dimmed">{t("scanner.intro")}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            name="prefix"
            label={t("scanner.prefix")}
            description={t("scanner.prefixHint")}
            value={settings.prefix}
            onChange={(e) => update({ prefix: e.currentTarget.value })}
            dir="ltr"
            spellCheck={false}
            autoComplete="off"
          />
          <TextInput
            name="suffix"
            label={t("scanner.suffix")}
            description={t("scanner.suffixHint")}
            value={settings.suffix}
            onChange={(e) => update({ suffix: e.currentTarget.value })}
            dir="ltr"
            spellCheck={false}
            autoComplete="off"
          />
          <NativeSelect
            name="terminator"
            label={t("scanner.terminator")}
            description={t("scanner.terminatorHint")}
            value={settings.terminator}
            onChange={(e) => update({ terminator: e.currentTarget.value as (typeof TERMINATORS)[number] })}
            data={TERMINATORS.map((k) => ({ value: k, label: t(`scanner.terminators.${k}`) }))}
          />
          <NumberSetting
            key={`max_gap_ms-${generation}`}
            name="max_gap_ms"
            value={settings.max_gap_ms}
            label={t("scanner.maxGap")}
            description={t("scanner.maxGapHint", { ms: DEFAULT_SCANNER_SETTINGS.max_gap_ms })}
            onValid={(v) => update({ max_gap_ms: v })}
          />
          <NumberSetting
            key={`min_length-${generation}`}
            name="min_length"
            value={settings.min_length}
            label={t("scanner.minLength")}
            description={t("scanner.minLengthHint", { n: DEFAULT_SCANNER_SETTINGS.min_length })}
            onValid={(v) => update({ min_length: v })}
          />
        </SimpleGrid>
        <Group>
          <Button
            type="button"
            variant="default"
            data-testid="scanner-defaults"
            onClick={() => {
              saveScannerSettings(DEFAULT_SCANNER_SETTINGS);
              setGeneration((g) => g + 1);
            }}
          >
            {t("scanner.restoreDefaults")}
          </Button>
          <Text c="dimmed" size="sm">
            {t("settings.savedHere")}
          </Text>
        </Group>
        <ScannerTest />
      </Stack>
    </Card>
  );
}

/** Shows the last scan (raw text, format, fields) while this screen is open; no lead is made. */
function ScannerTest() {
  const { t } = useTranslation();
  const { scan, ignored } = useScannerTest();
  const parsed = scan?.parsed;
  const rows = parsed ? FIELD_ORDER.filter((k) => parsed.fields[k].trim() !== "") : [];
  const showIgnored = ignored && ignored.seq > (scan?.seq ?? 0);

  return (
    <Paper withBorder p="md" data-testid="scanner-test">
      <Stack gap="sm">
        <Title order={4}>{t("scanner.testTitle")}</Title>
        <Text>{t("scanner.testIntro")}</Text>
        {showIgnored && (
          <Alert color="yellow" variant="light" data-testid="scanner-test-ignored">
            {t("scanner.ignored", { reason: t(`scanner.ignoredReason.${ignored.reason}`) })}
          </Alert>
        )}
        <div data-testid="scanner-test-result" aria-live="polite">
          {!scan || !parsed ? (
            <Text c="dimmed">{t("scanner.testWaiting")}</Text>
          ) : (
            <Stack gap="sm">
              <Group gap="sm">
                <Badge size="lg" variant="filled" tt="none" data-testid="scanner-test-format">
                  {t(`badgeFormat.${parsed.format}`)}
                </Badge>
                <Text c="dimmed" size="sm">
                  {t("scanner.testSpeed", { keys: scan.keys, ms: Math.round(scan.avgGapMs) })}
                </Text>
              </Group>
              {!!scan.parseError && <Text c="red.8">{t("scanner.parseFailed")}</Text>}
              {rows.length > 0 || parsed.attendee_id ? (
                <Table withRowBorders={false} verticalSpacing={4} data-testid="scanner-test-fields">
                  <Table.Tbody>
                    {parsed.attendee_id && (
                      <Table.Tr>
                        <Table.Th w={180}>{t("scanner.attendeeId")}</Table.Th>
                        <Table.Td dir="auto">{parsed.attendee_id}</Table.Td>
                      </Table.Tr>
                    )}
                    {rows.map((k) => (
                      <Table.Tr key={k}>
                        <Table.Th w={180}>{t(`fields.${k}`)}</Table.Th>
                        <Table.Td dir="auto">{parsed.fields[k]}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text>{t("scanner.testNoFields")}</Text>
              )}
              {parsed.warnings.map((w, i) => (
                <Text key={i} size="sm" c="dimmed" dir="auto">
                  {w}
                </Text>
              ))}
              <Text size="sm" fw={600}>
                {t("scanner.asScanned")}
              </Text>
              <Card withBorder bg="var(--mantine-color-gray-0)" p="sm">
                <pre className="raw-text" dir="ltr" data-testid="scanner-test-raw">
                  {parsed.raw}
                </pre>
              </Card>
            </Stack>
          )}
        </div>
      </Stack>
    </Paper>
  );
}
