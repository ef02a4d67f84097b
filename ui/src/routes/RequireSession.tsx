//! Lead screens need a show and a signed-in person. Without shows we ask for the first one;
//! then whoever is here signs in; then, without a chosen show, we ask for it in big buttons.
import { Button, Loader, Paper, Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { ErrorAlert } from "../components/errors";
import { CreateEventForm } from "../features/events/CreateEventForm";
import { useEvents, useSession, useSetActiveEvent } from "../features/session/queries";
import { SignIn } from "../features/session/SignIn";

export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const events = useEvents();
  const setEvent = useSetActiveEvent();

  const failed = session.error ?? events.error;
  if (failed) return <ErrorAlert error={failed} />;
  if (!session.data || !events.data) return <Loader />;

  if (events.data.length === 0) return <CreateEventForm first />;

  // Who is here comes before anything else: what the screens show depends on it.
  if (!session.data.user) return <SignIn />;

  if (!session.data.event) {
    return (
      <Paper withBorder p="xl" maw={720} data-testid="choose-show">
        <Stack>
          <Title order={2}>{t("gate.chooseShow")}</Title>
          {setEvent.isError && <ErrorAlert error={setEvent.error} />}
          {events.data.map((e) => (
            <Button key={e.id} variant="default" justify="flex-start" onClick={() => setEvent.mutate(e.id)} data-testid={`choose-show-${e.id}`}>
              {e.tag} — {e.name}
            </Button>
          ))}
        </Stack>
      </Paper>
    );
  }

  return <Outlet />;
}
