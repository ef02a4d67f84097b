//! The header: active show and language (native selects), and who is signed in with "Sign
//! out". The window signs out by itself after the idle minutes a manager set.
import { Button, Group, NativeSelect, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect } from "react";
import { onLeadsAssigned } from "../../ipc";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../i18n";
import { useEvents, useSession, useSetActiveEvent, useSignOut } from "./queries";

const compact = { label: { fontSize: "var(--mantine-font-size-xs)", fontWeight: 600 } } as const;

export function HeaderPickers() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const events = useEvents();
  const setEvent = useSetActiveEvent();
  const signOut = useSignOut();

  const eventId = session.data?.event?.id ?? "";
  const user = session.data?.user ?? null;
  useIdleSignOut(user ? (session.data?.idle_lock_minutes ?? 0) : 0, () => signOut.mutate());
  const userId = user?.id;
  // The assignee hears of new leads at once (the desktop notification comes with reminders).
  useEffect(
    () =>
      onLeadsAssigned((p) => {
        if (p.assignee === userId) notifications.show({ color: "blue", message: t("assign.toYou", { count: p.lead_ids.length }) });
      }),
    [userId, t],
  );

  const eventOptions = [
    ...(eventId ? [] : [{ value: "", label: t("header.chooseShow"), disabled: true }]),
    ...(events.data ?? []).map((e) => ({ value: e.id, label: `${e.tag} — ${e.name}` })),
  ];

  return (
    <Group gap="sm" wrap="nowrap" align="flex-end">
      <NativeSelect
        label={t("header.show")}
        styles={compact}
        data-testid="event-picker"
        data={eventOptions}
        value={eventId}
        disabled={setEvent.isPending || (events.data ?? []).length === 0}
        onChange={(e) => e.currentTarget.value && setEvent.mutate(e.currentTarget.value)}
        w={{ base: 260, lg: 380 }}
      />
      {user && (
        <Group gap="xs" wrap="nowrap" data-testid="signed-in">
          <Stack gap={0}>
            <Text size="xs" fw={600}>
              {t("header.atBooth")}
            </Text>
            <Text fw={700} data-testid="signed-in-name">
              {user.name} <Text span size="xs" c="dimmed">({t(`roles.${user.role}`)})</Text>
            </Text>
          </Stack>
          <Button variant="default" h={48} onClick={() => signOut.mutate()} loading={signOut.isPending} data-testid="sign-out">
            {t("header.signOut")}
          </Button>
        </Group>
      )}
      <NativeSelect
        label={t("header.language")}
        styles={compact}
        data-testid="lang-picker"
        data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => void i18n.changeLanguage(e.currentTarget.value)}
        w={140}
      />
    </Group>
  );
}

/** Signs out after `minutes` without a key, a click, a touch or a scroll (0: never). */
function useIdleSignOut(minutes: number, signOut: () => void) {
  useEffect(() => {
    if (minutes <= 0) return;
    let timer = window.setTimeout(signOut, minutes * 60_000);
    const touch = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(signOut, minutes * 60_000);
    };
    const kinds = ["pointerdown", "keydown", "wheel", "touchstart"] as const;
    for (const k of kinds) window.addEventListener(k, touch, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const k of kinds) window.removeEventListener(k, touch);
    };
    // `signOut` changes identity every render; the timer only cares about `minutes`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minutes]);
}
