//! The rep window's frame: header (app name, show / rep / language pickers) and the nav.
//! It also mounts the handheld badge scanner once, so a scan works on every rep screen.
import { AppShell, Badge, Burger, Group, NavLink, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { COMING_SOON } from "../components/ComingSoon";
import { FollowupBridge, OverdueBadge } from "../features/followup/FollowupBridge";
import { ScannerProvider } from "../features/scanner/ScannerProvider";
import { HeaderPickers } from "../features/session/HeaderPickers";
import { SyncChip } from "../features/sync/SyncChip";
import { useDraftCount, useSession } from "../features/session/queries";

export function Layout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  const session = useSession();
  const drafts = useDraftCount(session.data?.event?.id);

  const active = (path: string) => pathname === path || (path === "/leads" && pathname.startsWith("/leads/"));
  const link = (path: string, key: string, extra?: ReactNode, testId = `nav-${key}`) => (
    <NavLink
      key={key}
      component={Link}
      to={path}
      label={t(`nav.${key}`)}
      active={active(path)}
      rightSection={extra}
      data-testid={testId}
      onClick={close}
      fw={600}
    />
  );

  return (
    <ScannerProvider>
      <FollowupBridge />
      <AppShell header={{ height: 84 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="lg">
        <AppShell.Header px="md">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="md" aria-label={t("nav.toggle")} />
              <Title order={1} fz="h2" c="blue.8">
                {t("app.name")}
              </Title>
            </Group>
            <HeaderPickers />
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label={t("nav.label")}>
          <AppShell.Section grow component={ScrollArea}>
            <Stack gap={4}>
              {link("/capture", "capture")}
              {link("/leads", "leads")}
              {link(
                "/drafts",
                "drafts",
                drafts.data ? (
                  <Badge color="yellow" c="dark" size="lg" circle={drafts.data < 10} data-testid="drafts-count" aria-label={t("nav.draftCount", { count: drafts.data })}>
                    {drafts.data}
                  </Badge>
                ) : null,
              )}
              {link("/today", "today", <OverdueBadge enabled={Boolean(session.data?.user)} />)}
              {link("/dashboard", "dashboard")}
              {link("/attendees", "attendees")}
              {link("/quotes", "quotes")}
              {link("/materials", "materials")}
              {link("/events/new", "newShow", null, "nav-new-show")}
              {link("/settings", "settings")}
              {link("/sync", "sync", <SyncChip />)}
              {link("/kiosk", "kiosk")}
              {COMING_SOON.length > 0 && (
                <Text size="xs" c="dimmed" fw={700} tt="uppercase" mt="md" px="sm">
                  {t("nav.comingSoon")}
                </Text>
              )}
              {COMING_SOON.map((area) =>
                link(
                  `/${area}`,
                  area,
                  <Badge color="gray" variant="outline" size="sm">
                    {t("common.comingSoon")}
                  </Badge>,
                ),
              )}
            </Stack>
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </ScannerProvider>
  );
}
