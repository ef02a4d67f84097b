//! The visitor's registration form, as the show configured it: its contact fields in order
//! (required ones marked), interests as big toggles, its questions, and the consent with its
//! wording and one unticked box per channel. Errors from the backend show under their field.
import { Alert, Button, Checkbox, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import { type ComponentProps, type Dispatch, type FormEvent, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError, KioskConfig, KioskQuestion } from "../ipc";
import { countryOptions } from "./countries";
import { localized } from "./i18n";
import { CONTACT_FIELDS, type ContactField, type Visitor, type VisitorAction } from "./visitor";

/**
 * How each contact field asks for its value: the input type and mode pick the on-screen
 * keyboard (email's @, the phone pad). `autoComplete` is off on purpose: the kiosk is shared,
 * and a browser's autofill would offer the previous visitor's entries.
 */
const INPUTS: Record<Exclude<ContactField, "country">, ComponentProps<typeof TextInput>> = {
  name: { type: "text", inputMode: "text", autoCapitalize: "words", dir: "auto" },
  company: { type: "text", inputMode: "text", autoCapitalize: "words", dir: "auto" },
  title: { type: "text", inputMode: "text", autoCapitalize: "sentences", dir: "auto" },
  email: { type: "email", inputMode: "email", autoCapitalize: "off", spellCheck: false, dir: "ltr" },
  phone: { type: "tel", inputMode: "tel", dir: "ltr" },
};

/** A field error in the visitor's words: the kiosk's own wording for the code, else the app's. */
export function kioskErrorText(t: TFunction, e: FieldError): string {
  return t(`kiosk.errors.${e.code}`, { defaultValue: t(`errors.${e.code}`, { defaultValue: e.message, field: t(`kiosk.fields.${e.field}`, { defaultValue: e.field }) }) });
}

/** Where an error is shown: its contact field, its question, the consent, or the top of the form. */
function errorSlot(field: string): string {
  return (CONTACT_FIELDS as readonly string[]).includes(field) || field.startsWith("question.") || field === "consent" ? field : "form";
}

type Props = {
  config: KioskConfig;
  visitor: Visitor;
  dispatch: Dispatch<VisitorAction>;
  errors: FieldError[];
  submitting: boolean;
  onSubmit: () => void;
  notice: "badge" | "scanFailed" | "failed" | null;
};

export function VisitorForm({ config, visitor, dispatch, errors, submitting, onSubmit, notice }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const form = config.form;
  const formRef = useRef<HTMLFormElement>(null);
  const countries = useMemo(() => countryOptions(lang), [lang]);

  const shown: Record<string, string> = {};
  for (const e of errors) shown[errorSlot(e.field)] ??= kioskErrorText(t, e);

  // After a refused submit, bring the first field in error into view and give it the focus.
  useEffect(() => {
    if (errors.length === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>("[data-error-slot]");
    if (!first) return;
    first.scrollIntoView({ block: "center" });
    const control = first.matches("input, textarea, select, button") ? first : first.querySelector<HTMLElement>("input, textarea, select, button");
    control?.focus({ preventScroll: true });
  }, [errors]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!submitting) onSubmit();
  };

  const required = (field: string) => form.required.includes(field);

  return (
    <form ref={formRef} className="kiosk-form" onSubmit={submit} noValidate data-testid="kiosk-form">
      <Stack gap="xl">
        <Stack gap={4}>
          <Title order={1}>{t("kiosk.form.title")}</Title>
          <Text fz="lg" c="dimmed">
            {t("kiosk.form.intro")}
          </Text>
        </Stack>
        {notice && (
          <Alert color={notice === "badge" ? "green" : "orange"} variant="light" data-testid={`kiosk-notice-${notice}`} role="status">
            <Text fz="lg">{notice === "badge" ? t("kiosk.form.badgeFilled") : notice === "scanFailed" ? t("kiosk.errors.scanFailed") : t("kiosk.errors.failed")}</Text>
          </Alert>
        )}
        {shown.form && (
          <Alert color="red" variant="filled" role="alert" data-error-slot data-testid="kiosk-form-error">
            {shown.form}
          </Alert>
        )}

        {/* One column; two side by side on a wide landscape screen, so 1920×1080 shows it all. */}
        <div className="kiosk-form-cols">
          <Stack gap="xl">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" verticalSpacing="lg">
              {form.fields.map((name) => {
                const field = name as ContactField;
                if (!(CONTACT_FIELDS as readonly string[]).includes(field)) return null;
                const common = {
                  name: field,
                  label: t(`kiosk.fields.${field}`),
                  withAsterisk: required(field),
                  error: shown[field],
                  size: "xl" as const,
                  "data-testid": `kiosk-field-${field}`,
                  autoComplete: "off",
                  ...(shown[field] ? { "data-error-slot": true } : {}),
                };
                if (field === "country") {
                  return (
                    <NativeSelect
                      key={field}
                      {...common}
                      value={visitor.fields.country}
                      onChange={(e) => dispatch({ type: "field", field, value: e.currentTarget.value })}
                      data={[{ value: "", label: t("kiosk.form.countryPlaceholder") }, ...countries]}
                    />
                  );
                }
                return (
                  <TextInput
                    key={field}
                    {...INPUTS[field]}
                    {...common}
                    value={visitor.fields[field]}
                    onChange={(e) => dispatch({ type: "field", field, value: e.currentTarget.value })}
                  />
                );
              })}
            </SimpleGrid>

            {config.interests.length > 0 && (
              <fieldset className="kiosk-group" data-testid="kiosk-interests">
                <legend>
                  <Text fz="xl" fw={600}>
                    {t("kiosk.form.interests")}
                  </Text>
                </legend>
                <div className="kiosk-toggles" role="group">
                  {config.interests.map((tag) => (
                    <Toggle key={tag} on={visitor.interests.includes(tag)} onClick={() => dispatch({ type: "toggleInterest", tag })} testId={`kiosk-interest-${tag}`}>
                      {tag}
                    </Toggle>
                  ))}
                </div>
              </fieldset>
            )}
          </Stack>

          <Stack gap="xl">
            {form.questions.map((q) => (
              <Question key={q.id} question={q} lang={lang} values={visitor.answers[q.id] ?? []} error={shown[`question.${q.id}`]} onChange={(values) => dispatch({ type: "answer", question: q.id, values })} />
            ))}

            <fieldset className="kiosk-group" data-testid="kiosk-consent" {...(shown.consent ? { "data-error-slot": true } : {})}>
              <legend>
                <Text fz="xl" fw={600}>
                  {t("kiosk.form.consentTitle")}
                </Text>
              </legend>
              <Stack gap="md" className="kiosk-consent">
                <Text fz="lg" data-testid="kiosk-consent-statement">
                  {localized(form.consent.statement, lang)}
                </Text>
                {form.consent.channels.map((c) => (
                  <Checkbox
                    key={c.channel}
                    size="xl"
                    label={<Text fz="lg">{localized(c.text, lang)}</Text>}
                    checked={visitor.consent.includes(c.channel)}
                    onChange={() => dispatch({ type: "toggleConsent", channel: c.channel })}
                    data-testid={`kiosk-consent-${c.channel}`}
                  />
                ))}
                {shown.consent && (
                  <Text c="red" fz="lg" role="alert">
                    {shown.consent}
                  </Text>
                )}
              </Stack>
            </fieldset>

            <Button type="submit" size="xl" h={80} fz={28} loading={submitting} data-testid="kiosk-submit" className="kiosk-submit">
              {t("kiosk.form.submit")}
            </Button>
          </Stack>
        </div>
      </Stack>
    </form>
  );
}

/** A big on/off button: an interest tag or a question's option. */
function Toggle({ on, onClick, testId, role, children }: { on: boolean; onClick: () => void; testId: string; role?: "radio" | "checkbox"; children: string }) {
  return (
    <Button
      type="button"
      variant={on ? "filled" : "default"}
      size="xl"
      radius="xl"
      className="kiosk-toggle"
      role={role ?? "checkbox"}
      aria-checked={on}
      data-on={on}
      onClick={onClick}
      data-testid={testId}
      leftSection={on ? <span aria-hidden="true">✓</span> : null}
    >
      {children}
    </Button>
  );
}

function Question({ question: q, lang, values, error, onChange }: { question: KioskQuestion; lang: string; values: string[]; error?: string; onChange: (values: string[]) => void }) {
  const { t } = useTranslation();
  const text = localized(q.text, lang);
  const slot = error ? { "data-error-slot": true } : {};
  if (q.kind === "text") {
    return (
      <Textarea
        size="xl"
        label={text}
        withAsterisk={q.required}
        value={values[0] ?? ""}
        onChange={(e) => onChange(e.currentTarget.value === "" ? [] : [e.currentTarget.value])}
        error={error}
        autosize
        minRows={2}
        maxLength={2000}
        autoComplete="off"
        dir="auto"
        data-testid={`kiosk-question-${q.id}`}
        {...slot}
      />
    );
  }
  const pick = (id: string) => {
    if (q.kind === "single") onChange(values.includes(id) ? [] : [id]);
    else onChange(values.includes(id) ? values.filter((v) => v !== id) : [...values, id]);
  };
  return (
    <fieldset className="kiosk-group" data-testid={`kiosk-question-${q.id}`} {...slot}>
      <legend>
        <Text fz="xl" fw={600}>
          {text}
          {q.required && (
            <Text component="span" c="red" aria-label={t("kiosk.form.required")}>
              {" *"}
            </Text>
          )}
        </Text>
      </legend>
      <div className="kiosk-toggles" role={q.kind === "single" ? "radiogroup" : "group"}>
        {q.options.map((o) => (
          <Toggle key={o.id} on={values.includes(o.id)} onClick={() => pick(o.id)} role={q.kind === "single" ? "radio" : "checkbox"} testId={`kiosk-option-${q.id}-${o.id}`}>
            {localized(o.text, lang)}
          </Toggle>
        ))}
      </div>
      {error && (
        <Text c="red" fz="lg" role="alert">
          {error}
        </Text>
      )}
    </fieldset>
  );
}
