// The SDK-free quick start on /api/docs: one copy-and-paste curl per operation. The commands read
// the key from $KA_API_KEY (and, for the delete, the id from $SUBSCRIPTION_ID); the base URL is
// the server's own. tests/e2e/api-quick-start.spec.ts runs every one of them, as shown, against a
// live server, so the page cannot drift from the API.
import { API_BASE_PATH } from "./openapi";

/** The example values the commands use: a company and a certificate number that pass their checks. */
export const QUICK_START_VALUES = { orgNumber: "556677-8899", certificateNumber: "KA-7K3M-9QXD-A" } as const;

export type QuickStartStep = { operationId: string; title: string; command: string };

export function quickStartSteps(appUrl: string): QuickStartStep[] {
  const base = `${appUrl}${API_BASE_PATH}`;
  const auth = `-H "Authorization: Bearer $KA_API_KEY"`;
  const get = (operationId: string, title: string, path: string): QuickStartStep => ({
    operationId,
    title,
    command: `curl -sS ${auth} \\\n  "${base}${path}"`,
  });
  return [
    get(
      "getCompanyCriterion",
      "A company's criterion and membership standing",
      `/companies/${QUICK_START_VALUES.orgNumber}/criterion`,
    ),
    get("listCompanies", "Members that meet the criterion", `/companies?criterion=met&membership=member&limit=50`),
    get("getCertificate", "One certificate", `/certificates/${QUICK_START_VALUES.certificateNumber}`),
    get("listCompletions", "What changed since a time", `/completions?since=2026-01-01T00:00:00Z&limit=50`),
    {
      operationId: "createWebhookSubscription",
      title: "Subscribe to changes (store the secret it returns)",
      command: `curl -sS -X POST ${auth} -H "Content-Type: application/json" \\\n  -d '{"url":"https://receiver.example/kontakta","events":["criterion.changed"]}' \\\n  "${base}/webhooks"`,
    },
    get("listWebhookSubscriptions", "Your subscriptions", `/webhooks`),
    {
      operationId: "deleteWebhookSubscription",
      title: "Remove a subscription",
      command: `curl -sS -X DELETE ${auth} \\\n  "${base}/webhooks/$SUBSCRIPTION_ID"`,
    },
    {
      operationId: "getOpenApiDocument",
      title: "The OpenAPI document (no key needed)",
      command: `curl -sS "${base}/openapi.json"`,
    },
  ];
}
