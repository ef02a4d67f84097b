//! The fake's content pack: a small library with a PDF, an image, a video and a Markdown page,
//! searched and filtered as the store does, imports and "Download everything" (with progress
//! events), "shown"/"shared" recorded as interactions on the lead, and the kiosk's attract
//! playlist (per show, checked as the store checks it).
import type { AttractSlide, ContentPack, DownloadProgress, KioskAttract, KioskPlaylist, Material, MaterialQuery, Role } from "./bindings";
import { LeadTrackError } from "./error";
import { recordInteraction } from "./fakeInteractions";

type Entry = Material & { text: string; html: string | null };

function entry(id: string, title: string, kind: Material["kind"], language: string, tags: string[], text = "", html: string | null = null): Entry {
  const mime = { pdf: "application/pdf", image: "image/png", video: "video/webm", markdown: "text/markdown; charset=utf-8" }[kind];
  return {
    id, title, kind, language, tags, text, html, mime,
    sha256: id.padEnd(64, "0").slice(0, 64),
    bytes: 1000,
    public_url: `https://example.com/${id}`,
    pack_version: "2026.11-demo",
  };
}

/** The pack `fake.materials.seed()` installs. */
export function sampleMaterials(): Entry[] {
  return [
    entry("brochure", "HX-200 brochure", "pdf", "en", ["brochure", "pump"]),
    entry("photo", "HX-200 at the booth", "image", "en", ["photo"]),
    entry("demo-video", "Pump demo", "video", "en", ["video"]),
    entry("about-zh", "为什么选择 HX-200？", "markdown", "zh-CN", ["概览"], "液压泵 hydraulic", "<h1>为什么选择 HX-200？</h1><p><strong>液压泵</strong></p>"),
  ];
}

let entries: Entry[] = [];
const playlists = new Map<string, KioskPlaylist>();

function invalidField(field: string, code: string, message: string): LeadTrackError {
  return new LeadTrackError("validation", message, [{ field, code, message }]);
}

function playlistOf(eventId: string): KioskPlaylist {
  return structuredClone(playlists.get(eventId) ?? { idle_seconds: 60, items: [] });
}
let pack: ContentPack | null = null;
let failNext: string | null = null;
let importNext: Entry[] | null = null;
const progressListeners = new Set<(p: DownloadProgress) => void>();

function install(list: Entry[], origin: string): ContentPack {
  if (failNext) {
    const message = failNext;
    failNext = null;
    throw new LeadTrackError("validation", message, [{ field: "pack", code: "content_pack", message }]);
  }
  entries = structuredClone(list);
  pack = { version: list[0]?.pack_version ?? "empty", origin, installed_at: Date.now(), items: list.length, bytes: list.reduce((n, e) => n + e.bytes, 0) };
  return structuredClone(pack);
}

function strip({ text: _text, html: _html, ...m }: Entry): Material {
  return structuredClone(m);
}

type Ctx = {
  user: () => { id: string; name: string; role?: Role } | null;
  touch: (leadId: string) => void;
  /** The kiosk's show, or null while kiosk mode is off. */
  kioskEventId?: () => string | null;
};

function kioskAttract(ctx: Ctx): KioskAttract {
  const eventId = ctx.kioskEventId?.() ?? null;
  if (!eventId) throw invalidField("kiosk", "kiosk_off", "Kiosk mode is off.");
  const p = playlistOf(eventId);
  const slides: AttractSlide[] = p.items.flatMap((i) => {
    const m = entries.find((e) => e.id === i.material_id);
    return m ? [{ material_id: m.id, title: m.title, kind: m.kind, language: m.language, sha256: m.sha256, mime: m.mime, seconds: i.seconds, html: m.html }] : [];
  });
  return { idle_seconds: p.idle_seconds, slides };
}

export function materialCommands(ctx: Ctx) {
  return {
    materialsPlaylistGet: async (eventId: string): Promise<KioskPlaylist> => playlistOf(eventId),
    /** As the store: managers and marketing only; 2–600 s per item, each once, all in the pack; idle 5–3600 s. */
    materialsPlaylistSet: async (eventId: string, playlist: KioskPlaylist): Promise<KioskPlaylist> => {
      const role = ctx.user()?.role;
      if (role !== "manager" && role !== "marketing") throw new LeadTrackError("forbidden", "Only a manager or marketing can change the kiosk playlist.");
      if (playlist.idle_seconds < 5 || playlist.idle_seconds > 3600) throw invalidField("idle_seconds", "attract_idle", "Between 5 seconds and an hour.");
      playlist.items.forEach((e, i) => {
        if (e.seconds < 2 || e.seconds > 600) throw invalidField(`items.${i}.seconds`, "slide_seconds", "Between 2 and 600 seconds.");
        if (playlist.items.slice(0, i).some((p) => p.material_id === e.material_id)) throw invalidField(`items.${i}`, "already_in_playlist", "This item is in the playlist already.");
        if (!entries.some((m) => m.id === e.material_id)) throw invalidField(`items.${i}`, "not_in_pack", "The content pack in use has no such item.");
      });
      playlists.set(eventId, structuredClone(playlist));
      return playlistOf(eventId);
    },
    kioskAttract: async (): Promise<KioskAttract> => kioskAttract(ctx),
    kioskAttractFile: async (materialId: string): Promise<ArrayBuffer> => {
      if (!kioskAttract(ctx).slides.some((s) => s.material_id === materialId && (s.kind === "pdf" || s.kind === "video"))) throw new LeadTrackError("not_found", `no attract file ${materialId}`);
      return new TextEncoder().encode("%PDF-1.4 fake").buffer;
    },
    materialsList: async (q: MaterialQuery): Promise<Material[]> => {
      const text = q.text.trim().toLowerCase();
      return entries
        .filter((e) => !text || `${e.title} ${e.tags.join(" ")} ${e.text}`.toLowerCase().includes(text))
        .filter((e) => !q.language || e.language === q.language)
        .filter((e) => !q.kind || e.kind === q.kind)
        .map(strip);
    },
    materialsPack: async (): Promise<ContentPack | null> => structuredClone(pack),
    materialsPage: async (id: string): Promise<string> => {
      const e = entries.find((x) => x.id === id && x.html !== null);
      if (!e?.html) throw new LeadTrackError("not_found", `no page with id ${id}`);
      return e.html;
    },
    materialsFile: async (id: string): Promise<ArrayBuffer> => {
      if (!entries.some((x) => x.id === id)) throw new LeadTrackError("not_found", `no material with id ${id}`);
      return new TextEncoder().encode("%PDF-1.4 fake").buffer;
    },
    materialsFileRange: async (id: string, offset: number, length: number): Promise<ArrayBuffer> => {
      if (!entries.some((x) => x.id === id)) throw new LeadTrackError("not_found", `no material with id ${id}`);
      return new TextEncoder().encode("%PDF-1.4 fake".padEnd(offset + length, " ")).slice(offset, offset + length).buffer;
    },
    materialsImportFolder: async (): Promise<ContentPack | null> => (importNext ? install(importNext, "folder") : null),
    materialsImportZip: async (): Promise<ContentPack | null> => (importNext ? install(importNext, "zip") : null),
    materialsDownload: async (): Promise<ContentPack> => {
      const list = sampleMaterials();
      const total = list.reduce((n, e) => n + e.bytes, 0);
      list.forEach((_, i) => {
        const p = { files_done: i + 1, files_total: list.length, bytes_done: (i + 1) * 1000, bytes_total: total };
        for (const cb of progressListeners) cb(p);
      });
      return install(list, "download");
    },
    materialsRecord: async (leadId: string, materialId: string, shared: boolean): Promise<null> => {
      const m = entries.find((x) => x.id === materialId);
      if (!m) throw new LeadTrackError("not_found", `no material with id ${materialId}`);
      const detail = { material_id: m.id, title: m.title, pack_version: m.pack_version };
      recordInteraction(leadId, shared ? "material_shared" : "material_shown", m.title, detail, ctx.user());
      ctx.touch(leadId);
      return null;
    },
  };
}

export function onMaterialsProgress(cb: (p: DownloadProgress) => void): () => void {
  progressListeners.add(cb);
  return () => void progressListeners.delete(cb);
}

export const materialsFake = {
  reset(): void {
    entries = [];
    playlists.clear();
    pack = null;
    failNext = null;
    importNext = null;
  },
  /** Installs the sample pack (or `list`) as if it had been imported earlier. */
  seed(list: Entry[] = sampleMaterials()): void {
    install(list, "folder");
  },
  /** Saves a show's playlist as if a manager had (no checks). */
  setPlaylist(eventId: string, playlist: KioskPlaylist): void {
    playlists.set(eventId, structuredClone(playlist));
  },
  playlist(eventId: string): KioskPlaylist {
    return playlistOf(eventId);
  },
  /** The next install (import or download) fails with this message; the pack stays. */
  failNext(message: string): void {
    failNext = message;
  },
  /** What the next folder/zip import holds (`null`: the dialog is cancelled). */
  importNext(list: Entry[] | null): void {
    importNext = list;
  },
};
