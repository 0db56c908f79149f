import { useNavigation } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

/**
 * A form's submit button that is disabled while the page is submitting, so a second press cannot
 * send the form twice. Without JavaScript it is a plain submit button.
 */
export function SubmitButton(props: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "disabled">) {
  const navigation = useNavigation();
  return <button {...props} type="submit" disabled={navigation.state === "submitting"} />;
}
