//! Kiosk mode's state for the rep window: whether a staff PIN is set and whether the kiosk runs.
import { useQuery } from "@tanstack/react-query";
import { commands } from "../../ipc";

export const kioskKeys = {
  status: ["kiosk", "status"] as const,
};

export function useKioskStatus() {
  return useQuery({ queryKey: kioskKeys.status, queryFn: commands.kioskStatus });
}
