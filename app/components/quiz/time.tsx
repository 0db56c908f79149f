// Time on the quiz pages: countdowns that start from seconds computed by the server (so the
// first render is the same on server and client) and tick in the browser, and readable
// durations ("om 13 minuter") in the reader's language.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** Seconds left, counting down in the browser from the server's value; null stays null. */
export function useCountdown(serverSeconds: number | null, onZero?: () => void): number | null {
  const [left, setLeft] = useState(serverSeconds);
  const zeroHandler = useRef(onZero);
  zeroHandler.current = onZero;
  useEffect(() => {
    setLeft(serverSeconds);
    if (serverSeconds === null) return;
    const endsAt = Date.now() + serverSeconds * 1000;
    let fired = false;
    const tick = () => {
      const next = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      setLeft(next);
      if (next === 0 && !fired) {
        fired = true;
        zeroHandler.current?.();
      }
    };
    tick();
    const id = window.setInterval(tick, 1000);
    return () => window.clearInterval(id);
  }, [serverSeconds]);
  return left;
}

/** 1:05:09 or 24:13 */
export function formatClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, "0");
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

/** "om 13 minuter" / "in 2 hours" / "12 minuutin päästä", rounded up to the unit shown. */
export function useRelativeFromNow() {
  const { i18n } = useTranslation();
  return (seconds: number) => {
    const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: "always" });
    if (seconds < 60) return format.format(Math.max(1, seconds), "second");
    if (seconds < 90 * 60) return format.format(Math.ceil(seconds / 60), "minute");
    if (seconds < 48 * 3600) return format.format(Math.ceil(seconds / 3600), "hour");
    return format.format(Math.ceil(seconds / 86_400), "day");
  };
}
