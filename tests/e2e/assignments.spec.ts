// Course assignments end to end, as issue 13's "Done when" puts it: a company admin assigns the
// introductory course with a due date to a new manager; the manager sees "assigned by …, due …"
// on My learning; the reminder mail arrives; the clock moves past the due day and the overdue
// state appears on the team dashboard, on My learning, in the CSV export and by mail. axe runs on
// every page visited.
//
// The clock: the app under test is the production build, which has no test clock (and must not
// have one). Time "moves" the way it does for the data: the test shifts this assignment's due
// dates into the past in the database, and runs the reminder job (the very function the server's
// job runner calls) in a process of its own against the same database; the server's mail job
// delivers.
import { spawnSync } from "node:child_process";
import { dayIn, endOfDay, formatDay } from "../../app/modules/assignments/due-date";
import {
  createOrganization,
  createUser,
  e2eDb,
  expect,
  expectNoA11yViolations,
  settings,
  signInAs,
  test,
  waitForMail,
} from "./support/fixtures";
import { serverEnv } from "./support/settings";

const COURSE = "introduktion-for-chefer";
const STOCKHOLM = "Europe/Stockholm";
const DAY = 86_400_000;

/** The reminder job, run once in its own process against the e2e database (as a second app instance would). */
async function runReminderJob(): Promise<{ remindersQueued: number; overdueQueued: number }> {
  const run = spawnSync(process.execPath, ["--import", "tsx", "tests/support/assignment-reminders-run.ts"], {
    env: { ...process.env, ...serverEnv(settings), LOG_LEVEL: "error" },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`reminder job failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { remindersQueued: number; overdueQueued: number };
}

test("a company admin assigns the introductory course with a due date to a new manager; the reminder and the overdue state follow", async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(180_000);
  const org = await createOrganization();
  const admin = await createUser({
    name: "Ada Tilldelare",
    memberships: [{ organizationId: org.id, role: "org_admin" }],
  });
  const manager = await createUser({ name: "Nora Nychef", memberships: [{ organizationId: org.id, role: "manager" }] });
  const dueDay = dayIn(new Date(Date.now() + 2 * DAY), STOCKHOLM);

  // The company admin assigns the course to the new manager.
  await signInAs(context, admin.id);
  await page.goto(`/team/${org.id}/assignments`);
  await expect(page.getByRole("heading", { level: 2, name: "Tilldelade kurser" })).toBeVisible();
  await expectNoA11yViolations(page);
  // The form explains a missing choice before anything is written.
  await page.getByRole("button", { name: "Tilldela", exact: true }).click();
  await expect(page.getByText("Välj en kurs.")).toBeVisible();
  await page.getByLabel("Kurs", { exact: true }).selectOption(COURSE);
  await page.getByLabel("Valda personer").check();
  await page.getByLabel(/Nora Nychef/).check();
  await page.getByLabel("Senast").fill(dueDay);
  await page.getByRole("button", { name: "Tilldela", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Kursen är tilldelad 1 person.");
  const row = page.getByTestId("assignment-row").filter({ hasText: "Nora Nychef" });
  await expect(row).toContainText("0 av 1");
  await expectNoA11yViolations(page);
  const db = e2eDb();
  const share = await db.courseAssignee.findFirstOrThrow({ where: { userId: manager.id, organizationId: org.id } });
  expect(share.dueAt).toEqual(endOfDay(dueDay, STOCKHOLM));

  // The manager sees who assigned it and by when.
  const managerContext = await browser.newContext();
  const managerPage = await managerContext.newPage();
  await signInAs(managerContext, manager.id);
  await managerPage.goto("/learning");
  const assigned = managerPage.getByTestId("assigned-course");
  await expect(assigned).toContainText(`Tilldelad av Ada Tilldelare, senast ${formatDay(dueDay, "sv")}`);
  await expect(assigned).toContainText("Snart sista dag");
  await expectNoA11yViolations(managerPage);

  // Two days before: the reminder goes out (once).
  expect((await runReminderJob()).remindersQueued).toBe(1);
  const reminder = await waitForMail(manager.email, (m) => m.subject.startsWith("Påminnelse"), 30_000);
  expect(reminder.subject).toContain(formatDay(dueDay, "sv"));
  expect(reminder.text).toContain("Ada Tilldelare");
  expect(reminder.text).toContain(`${settings.baseUrl}/courses/${COURSE}`);
  expect(reminder.html).toContain(`<a href="${settings.baseUrl}/courses/${COURSE}">`);
  expect((await runReminderJob()).remindersQueued).toBe(0);

  // The clock moves past the due day (three days on, for this assignment's data).
  const shift = 3 * DAY;
  const pastDue = new Date(share.dueAt.getTime() - shift);
  await db.courseAssignment.updateMany({ where: { organizationId: org.id }, data: { dueAt: pastDue } });
  await db.courseAssignee.updateMany({ where: { organizationId: org.id }, data: { dueAt: pastDue } });
  const pastDay = dayIn(pastDue, STOCKHOLM);

  expect((await runReminderJob()).overdueQueued).toBe(1);
  const overdueMail = await waitForMail(manager.email, (m) => m.subject.startsWith("Försenad"), 30_000);
  expect(overdueMail.text).toContain(`senast ${formatDay(pastDay, "sv")}`);

  // The team dashboard names the overdue manager.
  await page.goto(`/team/${org.id}`);
  const overdue = page.getByTestId("overdue-assignments");
  await expect(overdue.getByRole("row").filter({ hasText: "Nora Nychef" })).toContainText("Försenad");
  await expectNoA11yViolations(page);

  // My learning says so too.
  await managerPage.goto("/learning");
  await expect(managerPage.getByTestId("assigned-course")).toContainText("Försenad");
  await expect(managerPage.getByTestId("assigned-course")).toContainText(`Sista dagen var ${formatDay(pastDay, "sv")}`);
  await expectNoA11yViolations(managerPage);

  // The CSV export carries who assigned it, the due day and that it is overdue.
  const csv = await (await page.request.get(`/team/${org.id}/export.csv`)).text();
  const managerLine = csv.split("\r\n").find((l) => l.includes(manager.email))!;
  expect(managerLine).toContain(`Ada Tilldelare,${pastDay},ja`);

  await managerContext.close();
});
