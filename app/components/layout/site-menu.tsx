// The header's navigation as a disclosure (<details>): below md it is a "Meny" button that opens a
// panel over the page; from md up the CSS in app.css shows the panel in the header row and hides
// the button. Works without JavaScript; with it, the menu also closes after a navigation, on
// Escape (focus back to the button) and on a click outside it.
import { useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

export function SiteMenu({ label, children }: { label: string; children: ReactNode }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();

  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);

  useEffect(() => {
    const details = menu.current;
    if (!details) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details.open) return;
      details.open = false;
      details.querySelector("summary")?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (details.open && event.target instanceof Node && !details.contains(event.target)) details.open = false;
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, []);

  return (
    <details ref={menu} className="site-menu md:flex-1">
      <summary className="flex cursor-pointer items-center gap-1.5 rounded-md border border-slate-400 px-2.5 py-1.5 font-semibold text-slate-900 hover:bg-slate-50">
        <svg aria-hidden="true" focusable="false" viewBox="0 0 20 20" width="20" height="20" className="site-menu-icon">
          <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        {label}
      </summary>
      <div className="site-menu-panel absolute inset-x-0 top-full z-40 max-h-[calc(100vh-4rem)] overflow-y-auto border-b border-slate-300 bg-white px-4 pt-2 pb-4 shadow-lg md:static md:flex md:max-h-none md:flex-wrap md:items-center md:justify-between md:gap-3 md:overflow-visible md:border-0 md:p-0 md:shadow-none">
        {children}
      </div>
    </details>
  );
}
