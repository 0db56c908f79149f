// @vitest-environment happy-dom
// The company admin's invite and people pages (app/routes/team.$orgId.invite.tsx,
// team.$orgId.people._index.tsx) in a browser-like DOM. Invite: the single form posts the
// address, name and every ticked role; the list form posts the pasted list and the default role;
// the answer is shown row by row, each failed row with its own reason (the stand-in action reads
// the list with the real parser, parseInviteList, and answers like handleInviteAction, without a
// database). People: each row's role form posts that person's whole role set; an invitation is
// sent again from its own row; the page says what happened.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { InviteActionResult } from "~/modules/organizations/invite-action.server";
import type { InviteOutcome } from "~/modules/organizations/invitations.server";
import { parseInviteList, singleInviteRow } from "~/modules/organizations/invite-list";
import { orgRoleValues, type OrgRoleValue as OrgRole } from "~/modules/organizations/roles";
import InvitePage from "~/routes/team.$orgId.invite";
import PeoplePage from "~/routes/team.$orgId.people._index";
import { renderRoute } from "../support/render-route";

const ORG = { id: "org0000000001", name: "Telefonförsäljning Syd AB" };
const ALREADY_MEMBER = "befintlig@syd.example";

/** What inviteMany would report: valid rows invited, except a person already in the company. */
function outcomes(rows: ReturnType<typeof parseInviteList>["rows"]): InviteOutcome[] {
  return rows.map((row) => {
    if (!row.ok) return { line: row.line, raw: row.raw, email: row.email, status: "failed", error: row.error };
    if (row.email === ALREADY_MEMBER)
      return { line: row.line, raw: row.raw, email: row.email, status: "failed", error: "already_member" };
    return {
      line: row.line,
      raw: row.raw,
      email: row.email,
      roles: row.roles,
      name: row.name,
      status: "invited",
      mail: "queued",
    };
  });
}

/** A cell's text as a screen reader hears it: without the DataTable's card label (aria-hidden, shown below sm). */
function cellText(cell: HTMLElement): string {
  const copy = cell.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((el) => el.remove());
  return copy.textContent ?? "";
}

function report(rows: InviteOutcome[], unreadFromLine: number | null = null): InviteActionResult {
  const failed = rows.filter((r) => r.status === "failed").length;
  return { kind: "report", report: { rows, invited: rows.length - failed, failed }, unreadFromLine };
}

async function renderInvite() {
  const posted: FormData[] = [];
  await renderRoute(
    [
      {
        path: "/team/:orgId/invite",
        Component: InvitePage,
        loader: () => ({ organization: ORG, ttlDays: 14 }),
        action: async ({ request }) => {
          const form = await request.formData();
          posted.push(form);
          if (form.get("intent") === "single") {
            const roles = form
              .getAll("roles")
              .filter((r): r is OrgRole => (orgRoleValues as readonly unknown[]).includes(r));
            return report(
              outcomes([
                singleInviteRow({ email: String(form.get("email")), roles, name: String(form.get("name") ?? "") }),
              ]),
            );
          }
          const list = String(form.get("list") ?? "");
          if (list.trim() === "") return { kind: "error", message: "emptyList" } satisfies InviteActionResult;
          const { rows, unreadFromLine } = parseInviteList(list, String(form.get("defaultRole")) as OrgRole);
          return report(outcomes(rows), unreadFromLine);
        },
      },
    ],
    `/team/${ORG.id}/invite`,
  );
  await screen.findByRole("heading", { level: 1 });
  return posted;
}

afterEach(cleanup);

describe("team invite page", () => {
  it("posts a pasted list with the default role and reports every row, failed rows with their reason", async () => {
    const posted = await renderInvite();
    const list = [
      "anna@syd.example,manager,Anna Andersson",
      "inte-en-adress",
      "bo@syd.example",
      "anna@syd.example",
      `${ALREADY_MEMBER},agent`,
    ].join("\n");
    fireEvent.change(screen.getByLabelText("Lista att klistra in"), { target: { value: list } });
    fireEvent.change(screen.getByLabelText("Roll när raden saknar roll"), { target: { value: "manager" } });
    fireEvent.click(screen.getByRole("button", { name: "Skicka inbjudningar" }));

    const table = await screen.findByRole("table", { name: "Resultat rad för rad" });
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]!.get("intent")).toBe("bulk");
    // A multipart form sends a textarea's line breaks as CRLF, as browsers do.
    expect(posted[0]!.get("list")).toBe(list.replaceAll("\n", "\r\n"));
    expect(posted[0]!.get("defaultRole")).toBe("manager");

    expect(screen.getByText("2 inbjudna, 3 misslyckades.", { exact: false })).toBeTruthy();
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => within(row).getAllByRole("cell").map(cellText));
    expect(rows).toEqual([
      ["1", "anna@syd.example", "Inbjuden som Chef (ledande ställning)"],
      ["2", "inte-en-adress", "Ogiltig e-postadress: inte-en-adress"],
      // No role on the line: the default role chosen in the form.
      ["3", "bo@syd.example", "Inbjuden som Chef (ledande ställning)"],
      ["4", "anna@syd.example", "Finns redan tidigare i listan."],
      ["5", ALREADY_MEMBER, `${ALREADY_MEMBER} finns redan i företaget.`],
    ]);
  });

  it("posts one person with every ticked role, and shows why the invitation failed", async () => {
    const posted = await renderInvite();
    fireEvent.change(screen.getByLabelText("E-postadress"), { target: { value: ALREADY_MEMBER } });
    fireEvent.change(screen.getByLabelText("Namn (valfritt)"), { target: { value: "Berit Befintlig" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Chef (ledande ställning)" }));
    fireEvent.click(screen.getByRole("button", { name: "Skicka inbjudan" }));

    expect(await screen.findByText(`${ALREADY_MEMBER} finns redan i företaget.`)).toBeTruthy();
    expect(posted[0]!.get("intent")).toBe("single");
    expect(posted[0]!.get("email")).toBe(ALREADY_MEMBER);
    expect(posted[0]!.get("name")).toBe("Berit Befintlig");
    // The form ticks "agent" to begin with; the admin added "manager".
    expect(posted[0]!.getAll("roles").sort()).toEqual(["agent", "manager"]);
  });

  it("shows the list form's own error when the list is empty", async () => {
    await renderInvite();
    fireEvent.click(screen.getByRole("button", { name: "Skicka inbjudningar" }));
    expect(await screen.findByText("Listan är tom. Klistra in minst en e-postadress eller välj en fil.")).toBeTruthy();
  });
});

// ---------- the people page: each person's roles, and following up open invitations ----------

const people = {
  organization: ORG,
  roleFilter: null,
  members: {
    items: [
      {
        membershipId: "m1",
        userId: "u1",
        name: "Anna Andersson",
        email: "anna@syd.example",
        roles: ["org_admin"],
        since: "2026-01-10T09:00:00.000Z",
      },
      {
        membershipId: "m2",
        userId: "u2",
        name: null,
        email: "bo@syd.example",
        roles: ["agent"],
        since: "2026-02-01T09:00:00.000Z",
      },
    ],
    page: 1,
    pages: 1,
    total: 2,
  },
  invitations: {
    items: [
      {
        id: "inv1",
        email: "cecilia@syd.example",
        name: "Cecilia",
        roles: ["manager"],
        state: "pending",
        expiresAt: "2026-12-20T09:00:00.000Z",
        mail: { status: "sent", sentAt: "2026-12-01T09:00:00.000Z" },
      },
      {
        id: "inv2",
        email: "david@syd.example",
        name: null,
        roles: ["agent"],
        state: "expired",
        expiresAt: "2026-11-20T09:00:00.000Z",
        mail: null,
      },
    ],
    page: 1,
    pages: 1,
    total: 2,
  },
};

async function renderPeople() {
  const posted: FormData[] = [];
  await renderRoute(
    [
      {
        path: "/team/:orgId/people",
        Component: PeoplePage,
        loader: () => people,
        // Answers like the route's action: the shapes of PeopleActionResult.
        action: async ({ request }) => {
          const form = await request.formData();
          posted.push(form);
          if (form.get("intent") === "setRoles")
            return form.getAll("roles").length === 0
              ? { ok: false, message: "no_roles" }
              : { ok: true, message: "roleChangedCriterion" };
          if (form.get("intent") === "resendInvitation")
            return {
              ok: true,
              message: "invitationResent",
              email: people.invitations.items.find((i) => i.id === form.get("invitationId"))?.email,
            };
          return { ok: true, message: "invitationRevoked" };
        },
      },
    ],
    `/team/${ORG.id}/people`,
  );
  await screen.findByRole("heading", { level: 1 });
  return posted;
}

describe("team people page", () => {
  it("saves one person's whole role set from their own row", async () => {
    const posted = await renderPeople();
    const roles = screen.getByRole("group", { name: "Roller för bo@syd.example" });
    fireEvent.click(within(roles).getByRole("checkbox", { name: "Chef (ledande ställning)" }));
    fireEvent.click(screen.getByRole("button", { name: "Spara roller för bo@syd.example" }));

    expect(await screen.findByText("Rollen är ändrad. Företagets status för kriteriet ändrades också.")).toBeTruthy();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.get("intent")).toBe("setRoles");
    expect(posted[0]!.get("membershipId")).toBe("m2");
    expect(posted[0]!.getAll("roles").sort()).toEqual(["agent", "manager"]);
  });

  it("refuses an empty role set with a message", async () => {
    const posted = await renderPeople();
    const roles = screen.getByRole("group", { name: "Roller för Anna Andersson" });
    fireEvent.click(within(roles).getByRole("checkbox", { name: "Företagsadministratör" }));
    fireEvent.click(screen.getByRole("button", { name: "Spara roller för Anna Andersson" }));

    expect(await screen.findByText("Välj minst en roll.")).toBeTruthy();
    expect(posted[0]!.get("membershipId")).toBe("m1");
    expect(posted[0]!.getAll("roles")).toEqual([]);
  });

  it("sends the chosen invitation again and names its address", async () => {
    const posted = await renderPeople();
    fireEvent.click(screen.getByRole("button", { name: "Skicka igen david@syd.example" }));

    expect(
      await screen.findByText(
        "En ny inbjudan till david@syd.example är sparad och e-posten är på väg. Den gamla länken fungerar inte längre.",
      ),
    ).toBeTruthy();
    expect(posted[0]!.get("intent")).toBe("resendInvitation");
    expect(posted[0]!.get("invitationId")).toBe("inv2");
  });
});
