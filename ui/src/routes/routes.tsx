//! The rep window's routes (hash history in the app, memory history in tests).
import { Navigate, type RouteObject } from "react-router";
import { COMING_SOON, ComingSoon } from "../components/ComingSoon";
import { AttendeesPage } from "../features/attendees/AttendeesPage";
import { CapturePage } from "../features/capture/CapturePage";
import { NewEventPage } from "../features/events/NewEventPage";
import { KioskAdminPage } from "../features/kiosk-admin/KioskAdminPage";
import { TodayPage } from "../features/followup/TodayPage";
import { DraftsPage } from "../features/leads/DraftsPage";
import { LeadDetailPage } from "../features/leads/LeadDetailPage";
import { LeadsPage } from "../features/leads/LeadsPage";
import { MaterialsPage } from "../features/materials/MaterialsPage";
import { QuoteBuilderPage } from "../features/quotes/QuoteBuilderPage";
import { QuotesPage } from "../features/quotes/QuotesPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { SyncPage } from "../features/sync/SyncPage";
import { Layout } from "./Layout";
import { NotFound } from "./NotFound";
import { RequireSession } from "./RequireSession";

export const routes: RouteObject[] = [
  {
    path: "/",
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/capture" replace /> },
      { path: "events/new", element: <NewEventPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "sync", element: <SyncPage /> },
      { path: "kiosk", element: <KioskAdminPage /> },
      ...COMING_SOON.map((area) => ({ path: area, element: <ComingSoon area={area} /> })),
      {
        element: <RequireSession />,
        children: [
          { path: "capture", element: <CapturePage /> },
          { path: "leads", element: <LeadsPage /> },
          { path: "leads/:id", element: <LeadDetailPage /> },
          { path: "leads/:id/quote", element: <QuoteBuilderPage /> },
          { path: "quotes", element: <QuotesPage /> },
          { path: "materials", element: <MaterialsPage /> },
          { path: "drafts", element: <DraftsPage /> },
          { path: "today", element: <TodayPage /> },
          // Loaded on first visit: the dashboard stays out of the start-up bundle.
          { path: "dashboard", lazy: async () => ({ Component: (await import("../features/dashboard/DashboardPage")).DashboardPage }) },
          { path: "attendees", element: <AttendeesPage /> },
        ],
      },
      { path: "*", element: <NotFound /> },
    ],
  },
];
