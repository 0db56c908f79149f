// After an in-app navigation to another page, focus moves to the new page's heading and the new
// title is announced, as a full page load would do for a screen reader. Not on the first load
// (the browser handles that), and not when only the query or hash changes (filter and search
// forms, pagination, anchors, a form posting back to its own page): there the reader stays where
// they are and the page's own status messages speak.
import { useLocation, type Location } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

export function PageChangeAnnouncer() {
  const location = useLocation();
  const previous = useRef<Location | null>(null);
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    const before = previous.current;
    previous.current = location;
    if (!before || before.pathname === location.pathname) return;
    const heading = document.querySelector<HTMLElement>("main h1") ?? document.querySelector<HTMLElement>("main");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      // ScrollRestoration owns the scroll position (top for a new page, the old one on Back).
      heading.focus({ preventScroll: true });
    }
    // Cleared first, so that the same title twice in a row is still announced.
    setAnnouncement("");
    requestAnimationFrame(() => setAnnouncement(document.title));
  }, [location]);

  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="page-change-announcer">
      {announcement}
    </div>
  );
}
