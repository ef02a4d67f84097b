//! The scan's confirmation sound: a short tone made with Web Audio (no audio file to ship or
//! load). Silently skipped where there is no AudioContext (jsdom, a webview built without
//! audio) or when it fails: the green flash still says "Badge scanned".

type AudioContextClass = typeof AudioContext;

let context: AudioContext | null = null;

function audioContextClass(): AudioContextClass | undefined {
  const g = globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass };
  return g.AudioContext ?? g.webkitAudioContext;
}

/** Plays a ~120 ms beep. Never throws. */
export function playScanBeep(): void {
  try {
    const Ctor = audioContextClass();
    if (!Ctor) return;
    // One context for the window: browsers limit how many may be open.
    if (!context || !(context instanceof Ctor) || context.state === "closed") context = new Ctor();
    const ctx = context;
    if (ctx.state === "suspended") void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(1760, start);
    // A quick fade in and out: no click at either end.
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.3, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.12);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.onended = () => {
      osc.disconnect();
      gain.disconnect();
    };
    osc.start(start);
    osc.stop(start + 0.13);
  } catch {
    // no sound is not an error
  }
}
