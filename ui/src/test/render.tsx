// Renders the whole rep window at a route, with a fresh query cache and memory history.
// Test files mock ../ipc with ../ipc/fake before importing this.
// The badge-scanner detector is off unless `scanner: true`: user-event types a few ms per key,
// as fast as a scanner, so `user.type(field, "Globex{Enter}")` would otherwise be a scan.
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter } from "react-router";
import { App, createQueryClient } from "../App";
import { routes } from "../routes/routes";

export function renderApp(path = "/capture", { scanner = false }: { scanner?: boolean } = {}) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { retry: false, staleTime: 0, gcTime: Infinity },
    mutations: { retry: false },
  });
  const user = userEvent.setup();
  const utils = render(<App router={router} queryClient={queryClient} env="test" scanner={scanner} />);
  return { user, router, queryClient, ...utils };
}
