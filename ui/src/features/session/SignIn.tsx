//! Staff sign-in: pick your name, type your PIN or password (a big field and an on-screen
//! keypad for touch screens). A person without a PIN yet chooses one, typed twice. Wrong
//! tries lock that person out for a while (the backend decides and counts).
import { Alert, Button, Group, PasswordInput, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, validationFields } from "../../components/errors";
import type { PinCheck, SignInUser } from "../../ipc";
import { useSignIn, useSignInUsers } from "./queries";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "⌫"];

export function SignIn() {
  const { t } = useTranslation();
  const users = useSignInUsers();
  const [chosen, setChosen] = useState<SignInUser | null>(null);

  if (users.error) return <ErrorAlert error={users.error} />;
  const people = users.data ?? [];

  return (
    <Paper withBorder p="xl" maw={720} data-testid="sign-in">
      {chosen ? (
        <SecretStep key={chosen.id} user={chosen} onBack={() => setChosen(null)} />
      ) : (
        <Stack>
          <Title order={2}>{t("signIn.title")}</Title>
          <Text c="dimmed">{t("signIn.hint")}</Text>
          {users.isSuccess && people.length === 0 ? (
            <Alert color="yellow" title={t("gate.noUsers")}>
              {t("gate.noUsersHint")}
            </Alert>
          ) : (
            <Group>
              {people.map((u) => (
                <Button key={u.id} size="xl" variant="light" onClick={() => setChosen(u)} data-testid={`sign-in-user-${u.id}`}>
                  {u.name}
                </Button>
              ))}
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function SecretStep({ user, onBack }: { user: SignInUser; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const signIn = useSignIn();
  const [first, setFirst] = useState(!user.has_secret);
  const [secret, setSecret] = useState("");
  const [confirm, setConfirm] = useState("");
  const [outcome, setOutcome] = useState<PinCheck | null>(null);
  const [mismatch, setMismatch] = useState(false);
  // The keypad types into whichever field was focused last.
  const [target, setTarget] = useState<"secret" | "confirm">("secret");

  const press = (key: string) => {
    const set = target === "confirm" ? setConfirm : setSecret;
    set((v) => (key === "⌫" ? v.slice(0, -1) : v + key));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(false);
    if (first && secret !== confirm) {
      setMismatch(true);
      return;
    }
    signIn.mutate(
      { userId: user.id, secret, first },
      {
        onSuccess: (check) => {
          setOutcome(check);
          if (check.result === "not_set") setFirst(true);
          if (check.result !== "accepted") {
            setSecret("");
            setConfirm("");
          }
        },
      },
    );
  };

  const fieldError = validationFields(signIn.error)[0];
  const message = (() => {
    if (mismatch) return t("signIn.mismatch");
    if (fieldError) return t(`signIn.errors.${fieldError.code}`, { defaultValue: fieldError.message });
    if (outcome?.result === "wrong") return t("signIn.wrong", { count: outcome.attempts_left });
    if (outcome?.result === "locked_out") {
      const time = new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit" }).format(outcome.until);
      return t("signIn.locked", { time });
    }
    return null;
  })();
  const locked = outcome?.result === "locked_out";
  // The pause ends by itself: the field opens again when the lockout is over.
  const until = outcome?.result === "locked_out" ? outcome.until : 0;
  useEffect(() => {
    if (!until) return;
    const timer = window.setTimeout(() => setOutcome(null), Math.max(0, until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [until]);

  return (
    <form onSubmit={submit}>
      <Stack>
        <Title order={2}>{first ? t("signIn.chooseFor", { name: user.name }) : t("signIn.secretFor", { name: user.name })}</Title>
        {first && <Text c="dimmed">{t("signIn.chooseHint")}</Text>}
        <PasswordInput
          size="xl"
          label={first ? t("signIn.newSecret") : t("signIn.secret")}
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          onFocus={() => setTarget("secret")}
          autoFocus
          autoComplete={first ? "new-password" : "current-password"}
          data-testid="sign-in-secret"
          styles={{ input: { fontSize: 28, letterSpacing: 6 } }}
        />
        {first && (
          <PasswordInput
            size="xl"
            label={t("signIn.confirm")}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            onFocus={() => setTarget("confirm")}
            autoComplete="new-password"
            data-testid="sign-in-confirm"
            styles={{ input: { fontSize: 28, letterSpacing: 6 } }}
          />
        )}
        <SimpleGrid cols={3} spacing="xs" maw={360} dir="ltr" aria-label={t("signIn.keypad")}>
          {KEYS.map((k, i) =>
            k ? (
              <Button
                key={k}
                type="button"
                size="xl"
                variant="default"
                h={64}
                onClick={() => press(k)}
                aria-label={k === "⌫" ? t("signIn.backspace") : k}
                data-testid={`keypad-${k === "⌫" ? "back" : k}`}
              >
                {k}
              </Button>
            ) : (
              <span key={`gap-${i}`} />
            ),
          )}
        </SimpleGrid>
        {message && (
          <Alert color={locked ? "red" : "orange"} role="alert" data-testid="sign-in-message">
            {message}
          </Alert>
        )}
        {signIn.isError && !fieldError && <ErrorAlert error={signIn.error} />}
        <Group>
          <Button type="submit" size="xl" loading={signIn.isPending} disabled={!secret || locked} data-testid="sign-in-submit">
            {first ? t("signIn.chooseSubmit") : t("signIn.submit")}
          </Button>
          <Button type="button" size="xl" variant="subtle" onClick={onBack} data-testid="sign-in-back">
            {t("signIn.back", { name: user.name })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
