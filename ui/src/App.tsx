//! Providers around the router: Mantine (theme, direction, notifications), TanStack Query,
//! and the bridges that keep them in step with the backend and the chosen language.
import { DirectionProvider, MantineProvider, useDirection } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { RouterProvider, type RouterProviderProps } from "react-router";
import { ScannerEnabled } from "./features/scanner/ScannerProvider";
import { queryKeys } from "./features/session/queries";
import i18n from "./i18n";
import { onLeadsChanged } from "./ipc";
import { theme } from "./theme";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Local IPC, not a network: no retries that would hide an error, no refetch on focus.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}

/** Any lead changed anywhere (this window, another window, sync): refresh every lead query. */
function LeadsChangedBridge() {
  const qc = useQueryClient();
  useEffect(() => onLeadsChanged(() => void qc.invalidateQueries({ queryKey: queryKeys.leads })), [qc]);
  return null;
}

/** Keeps Mantine's direction equal to the language's (fa is right-to-left). */
function DirectionBridge() {
  const { i18n: current } = useTranslation();
  const { setDirection } = useDirection();
  const dir = current.dir(current.language);
  useEffect(() => setDirection(dir), [dir, setDirection]);
  return null;
}

export type AppProps = {
  router: RouterProviderProps["router"];
  queryClient?: QueryClient;
  /** "test" turns off Mantine's transitions and portals. */
  env?: "default" | "test";
  /** False turns off the handheld badge-scanner detector (tests that type with user-event, as fast as a scanner). */
  scanner?: boolean;
};

export function App({ router, queryClient, env = "default", scanner = true }: AppProps) {
  const client = queryClient ?? defaultClient;
  return (
    <DirectionProvider initialDirection={i18n.dir(i18n.language)} detectDirection={false}>
      <MantineProvider theme={theme} env={env} defaultColorScheme="light">
        {/* Under an open dialog (modals are at 200): a toast must never cover its buttons. */}
        <Notifications position="bottom-center" autoClose={4000} zIndex={190} />
        <QueryClientProvider client={client}>
          <DirectionBridge />
          <LeadsChangedBridge />
          <ScannerEnabled.Provider value={scanner}>
            <RouterProvider router={router} />
          </ScannerEnabled.Provider>
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}

const defaultClient = createQueryClient();
