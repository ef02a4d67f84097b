//! Sync settings and the live backlog. The status query is read once and then kept current by
//! `sync://status` (the backend sends it after every save, attempt and settings change), so
//! every screen that shows it updates without polling and a late read never overwrites it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { commands, onSyncProgress, onSyncStatus, type SyncSettings, type UploadProgress } from "../../ipc";

export const syncKeys = {
  all: ["sync"] as const,
  settings: ["sync", "settings"] as const,
  status: ["sync", "status"] as const,
  parked: ["sync", "parked"] as const,
};

export function useSyncSettings() {
  return useQuery({ queryKey: syncKeys.settings, queryFn: commands.syncGetSettings });
}

/** The backlog, live: the first read from `syncStatus`, then every `sync://status`. */
export function useSyncStatus() {
  const qc = useQueryClient();
  useEffect(
    () =>
      onSyncStatus((status) => {
        const before = qc.getQueryData<typeof status>(syncKeys.status);
        // An event is newer than any read still in flight: drop that read's answer.
        void qc.cancelQueries({ queryKey: syncKeys.status });
        qc.setQueryData(syncKeys.status, status);
        if (before?.parked !== status.parked) void qc.invalidateQueries({ queryKey: syncKeys.parked });
      }),
    [qc],
  );
  return useQuery({ queryKey: syncKeys.status, queryFn: commands.syncStatus });
}

export function useParked() {
  return useQuery({ queryKey: syncKeys.parked, queryFn: commands.syncParked });
}

export function useSaveSyncSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ endpoint, deviceId, secret }: { endpoint: string; deviceId: string | null; secret: string | null }) =>
      commands.syncSetSettings(endpoint, deviceId, secret),
    // The restarted task sends its status as an event; a refetch here could land after it.
    onSuccess: (settings: SyncSettings) => qc.setQueryData(syncKeys.settings, settings),
  });
}

/** "Upload everything": the mutation plus its live `{ done, total }` while it runs. */
export function useUploadAll() {
  const qc = useQueryClient();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  useEffect(() => onSyncProgress(setProgress), []);
  const upload = useMutation({
    mutationFn: commands.syncUploadAll,
    onMutate: () => setProgress(null),
    onSettled: () => void qc.invalidateQueries({ queryKey: syncKeys.parked }),
  });
  return { upload, progress };
}

/** Re-renders every `ms` so "3 min ago" stays true. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
