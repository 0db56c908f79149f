// The quick start on /api/docs, run as a new integrator would: every curl command exactly as the
// page shows it, in bash, against the live server (loopback only), with a fresh key in
// $KA_API_KEY. Each answer must parse and match the document's schema for its operation; the
// example company and certificate exist, so the first copy-and-paste calls return 200.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { generateApiKey } from "../../app/modules/api/api-keys.server";
import { openApiDocument } from "../../app/modules/api/openapi";
import { QUICK_START_VALUES } from "../../app/modules/api/quick-start";
import { createUser, e2eDb, expect, expectNoA11yViolations, test } from "./support/fixtures";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "doc", components: openApiDocument.components } as object);

/** The 200/201 schema of an operation, from the document. */
function responseSchema(operationId: string) {
  for (const item of Object.values(openApiDocument.paths ?? {})) {
    for (const op of Object.values(
      item as Record<
        string,
        {
          operationId?: string;
          responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
        }
      >,
    )) {
      if (op.operationId !== operationId) continue;
      const ok = op.responses?.["200"] ?? op.responses?.["201"];
      const ref = ok?.content?.["application/json"]?.schema?.$ref;
      return ref ? ajv.getSchema(`doc${ref}`)! : null;
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** The example company and a valid criterion certificate with the example number, held by its admin+manager. */
async function ensureExamples() {
  const db = e2eDb();
  const orgNumber = QUICK_START_VALUES.orgNumber.replace("-", "");
  const org =
    (await db.organization.findUnique({ where: { orgNumber } })) ??
    (await db.organization.create({
      data: {
        name: "Kundtjänst Exempel AB",
        country: "SE",
        orgNumber,
        membershipStatus: "member",
        memberSince: new Date("2019-01-01"),
      },
    }));
  if (await db.certificate.findUnique({ where: { number: QUICK_START_VALUES.certificateNumber } })) return;
  const holder = await createUser({
    name: "Maja Lindqvist",
    memberships: [{ organizationId: org.id, roles: ["manager", "org_admin"] }],
  });
  const attempt = await db.quizAttempt.create({
    data: {
      userId: holder.id,
      courseSlug: "introduktion-for-chefer",
      contentVersion: "2026.1",
      locale: "sv",
      status: "graded",
      snapshot: {},
      passed: true,
      scorePercent: 90,
    },
  });
  await db.certificate.create({
    data: {
      number: QUICK_START_VALUES.certificateNumber,
      userId: holder.id,
      attemptId: attempt.id,
      holderName: "Maja Lindqvist",
      courseSlug: "introduktion-for-chefer",
      contentVersion: "2026.1",
      locale: "sv",
      criterionCourse: true,
      scorePercent: 90,
      expiresAt: new Date(Date.now() + 3 * 365 * 86_400_000),
    },
  });
}

test("the quick start's curl commands work as shown, one per operation", async ({ page }) => {
  test.setTimeout(120_000);
  await ensureExamples();
  const key = generateApiKey("live");
  await e2eDb().apiClient.create({
    data: {
      name: `Quick start ${randomUUID().slice(0, 6)}`,
      keyPrefix: `${key.mode}_${key.prefix}`,
      keyHash: key.hash,
      scopes: ["criteria:read", "certificates:read", "completions:read"],
    },
  });

  await page.goto("/api/docs");
  const steps = page.getByTestId("quick-start").locator("pre[data-operation]");
  await expect(steps.first()).toBeVisible();
  await expectNoA11yViolations(page);
  const commands = await steps.evaluateAll((nodes) =>
    nodes.map((n) => ({ operationId: n.getAttribute("data-operation")!, command: n.textContent ?? "" })),
  );
  // One per operation of the document.
  const operations = Object.values(openApiDocument.paths ?? {}).flatMap((item) =>
    Object.values(item as Record<string, { operationId: string }>).map((op) => op.operationId),
  );
  expect(commands.map((c) => c.operationId).sort()).toEqual([...operations].sort());

  const env: NodeJS.ProcessEnv = { ...process.env, KA_API_KEY: key.key, SUBSCRIPTION_ID: "" };
  const run = (command: string): string =>
    execFileSync("bash", ["-c", command], { env, encoding: "utf8", timeout: 20_000 });
  const order = [
    "getOpenApiDocument",
    "getCompanyCriterion",
    "listCompanies",
    "getCertificate",
    "listCompletions",
    "createWebhookSubscription",
    "listWebhookSubscriptions",
    "deleteWebhookSubscription",
  ];
  for (const operationId of order) {
    const { command } = commands.find((c) => c.operationId === operationId)!;
    expect(command, operationId).toContain(operationId === "getOpenApiDocument" ? "curl -sS" : "$KA_API_KEY");
    const output = run(command);
    if (operationId === "deleteWebhookSubscription") {
      expect(output, "204: no body").toBe("");
      continue;
    }
    const body = JSON.parse(output) as Record<string, unknown>;
    expect(body.error, `${operationId}: ${output.slice(0, 300)}`).toBeUndefined();
    const validate = responseSchema(operationId);
    if (validate) expect(validate(body), `${operationId}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    if (operationId === "getCompanyCriterion")
      expect(body).toMatchObject({
        membership: { status: "member" },
        criterion: { met: true, evidence: [{ certificateNumber: QUICK_START_VALUES.certificateNumber }] },
      });
    if (operationId === "getCertificate")
      expect(body).toMatchObject({
        number: QUICK_START_VALUES.certificateNumber,
        status: "valid",
        stage: "quiz_passed",
        criterionEvidence: true,
      });
    if (operationId === "createWebhookSubscription")
      env.SUBSCRIPTION_ID = (body as { subscription: { id: string } }).subscription.id;
    if (operationId === "listWebhookSubscriptions")
      expect((body as { items: Array<{ id: string }> }).items.map((s) => s.id)).toContain(env.SUBSCRIPTION_ID);
  }
  // The delete took effect.
  expect(
    (
      JSON.parse(run(commands.find((c) => c.operationId === "listWebhookSubscriptions")!.command)) as {
        items: Array<{ id: string }>;
      }
    ).items.map((s) => s.id),
  ).not.toContain(env.SUBSCRIPTION_ID);
});
