// The certificate's verification link with a copy button. Progressive enhancement: without
// JavaScript (or without the Clipboard API) the link is shown as text to select and copy, and no
// button is offered that could not work.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export function ShareLink({ url }: { url: string }) {
  const { t } = useTranslation("certificates");
  const link = useRef<HTMLAnchorElement>(null);
  const [canCopy, setCanCopy] = useState(false);
  const [message, setMessage] = useState("");

  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard?.writeText)), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t("detail.copied"));
    } catch {
      // Denied or unavailable: select the link's text so that one more keystroke copies it.
      const selection = window.getSelection();
      if (link.current && selection) {
        const range = document.createRange();
        range.selectNodeContents(link.current);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setMessage(t("detail.copyFailed"));
    }
  }

  return (
    <div className="mt-2">
      <p className="font-mono break-all">
        <a ref={link} href={url}>
          {url}
        </a>
      </p>
      {canCopy ? (
        <button type="button" className="btn-secondary mt-2" onClick={() => void copy()}>
          {t("detail.copyLink")}
        </button>
      ) : null}
      <p role="status" className="mt-1 text-sm text-slate-700">
        {message}
      </p>
    </div>
  );
}
