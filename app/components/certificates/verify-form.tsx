// The certificate-number form (GET /verify): works without JavaScript; errors are announced and
// tied to the field.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function VerifyForm({
  error,
  value,
  errorValues,
}: {
  error: string | null;
  value: string;
  errorValues?: Record<string, unknown>;
}) {
  const { t } = useTranslation("certificates");
  return (
    <Form method="get" action="/verify" className="mt-6 max-w-md space-y-3" noValidate>
      <div>
        <label htmlFor="certificate-number" className="label">
          {t("verify.label")}
        </label>
        <p id="certificate-number-hint" className="mb-2 text-sm text-slate-700">
          {t("verify.hint")}
        </p>
        <input
          id="certificate-number"
          name="number"
          defaultValue={value}
          className="input font-mono uppercase"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "certificate-number-hint certificate-number-error" : "certificate-number-hint"}
        />
        {error ? (
          <p id="certificate-number-error" className="field-error" role="alert">
            {t(`verify.errors.${error}`, errorValues)}
          </p>
        ) : null}
      </div>
      <button type="submit" className="btn">
        {t("verify.submit")}
      </button>
    </Form>
  );
}
