// @vitest-environment happy-dom
// The quiz attempt page (app/routes/quiz.$attemptId.tsx) in a browser-like DOM: answers save
// themselves after a short pause (one numbered save for a burst of changes, carrying every
// answer), the page says when they were saved or that they could not be, and handing the quiz
// in cancels a pending autosave.
import { redirect } from "@remix-run/node";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import QuizAttemptPage, { shouldRevalidate } from "~/routes/quiz.$attemptId";
import { renderRoute } from "../support/render-route";

const ATTEMPT_ID = "attempt0000000001";

const attempt = {
  id: ATTEMPT_ID,
  courseTitle: "Kundservice och lagen",
  locale: "sv",
  questionCount: 3,
  remainingSeconds: null,
  answers: { q3: ["o3b"] },
  entries: [
    {
      kind: "question",
      question: {
        id: "q1",
        type: "single",
        prompt: "Får man ringa efter kl. 21?",
        options: [
          { id: "o1a", text: "Ja" },
          { id: "o1b", text: "Nej" },
        ],
      },
    },
    {
      kind: "scenario",
      id: "s1",
      case: "En kund ber att inte bli uppringd igen.",
      items: [
        {
          id: "q2",
          type: "multiple",
          prompt: "Vad gör du?",
          options: [
            { id: "o2a", text: "Noterar spärren" },
            { id: "o2b", text: "Bekräftar för kunden" },
            { id: "o2c", text: "Ringer imorgon" },
          ],
        },
        {
          id: "q3",
          type: "single",
          prompt: "Hur länge gäller spärren?",
          options: [
            { id: "o3a", text: "En vecka" },
            { id: "o3b", text: "Tills kunden ändrar sig" },
          ],
        },
      ],
    },
  ],
};

type SaveReply = { status: "saved" | "stale" | "invalid"; savedAt: string | null; remainingSeconds: number | null };

/** The page at /quiz/:attemptId whose action records each posted form and answers `reply`. */
async function renderAttempt(reply: (form: FormData) => SaveReply | Response | Promise<Response>) {
  const posted: FormData[] = [];
  const view = await renderRoute(
    [
      {
        path: "/quiz/:attemptId",
        Component: QuizAttemptPage,
        shouldRevalidate,
        loader: () => ({ attempt }),
        action: async ({ request }) => {
          const form = await request.formData();
          posted.push(form);
          return reply(form);
        },
      },
      { path: "/quiz/:attemptId/result", Component: () => <h1>Provresultat</h1> },
    ],
    `/quiz/${ATTEMPT_ID}`,
  );
  await screen.findByText("Får man ringa efter kl. 21?");
  return { ...view, posted };
}

const answersOf = (form: FormData) =>
  Object.fromEntries([...new Set([...form.keys()].filter((k) => k.startsWith("q:")))].map((k) => [k, form.getAll(k)]));

afterEach(cleanup);

describe("quiz attempt page", () => {
  it("autosaves a burst of changes once, with every answer and a sequence number, and says when", async () => {
    const savedAt = "2026-12-02T10:15:00.000Z";
    const { posted } = await renderAttempt(() => ({ status: "saved", savedAt, remainingSeconds: null }));
    expect(screen.getByText("1 av 3 frågor besvarade")).toBeTruthy();

    fireEvent.click(screen.getByLabelText("Nej"));
    fireEvent.click(screen.getByLabelText("Noterar spärren"));
    fireEvent.click(screen.getByLabelText("Bekräftar för kunden"));
    // Counted at once, saved after the pause.
    expect(screen.getByText("3 av 3 frågor besvarade")).toBeTruthy();
    expect(posted).toHaveLength(0);

    await waitFor(() => expect(posted).toHaveLength(1), { timeout: 3000 });
    const [save] = posted;
    expect(save!.get("intent")).toBe("save");
    expect(Number(save!.get("seq"))).toBeGreaterThan(0);
    expect(answersOf(save!)).toEqual({ "q:q1": ["o1b"], "q:q2": ["o2a", "o2b"], "q:q3": ["o3b"] });
    const time = new Intl.DateTimeFormat("sv", { timeStyle: "short", timeZone: "Europe/Stockholm" }).format(
      new Date(savedAt),
    );
    expect(await screen.findByText(`Svaren sparades kl. ${time}.`)).toBeTruthy();

    // A later change is a new save with a higher number.
    fireEvent.click(screen.getByLabelText("Bekräftar för kunden"));
    await waitFor(() => expect(posted).toHaveLength(2), { timeout: 3000 });
    expect(answersOf(posted[1]!)).toEqual({ "q:q1": ["o1b"], "q:q2": ["o2a"], "q:q3": ["o3b"] });
    expect(Number(posted[1]!.get("seq"))).toBeGreaterThan(Number(save!.get("seq")));
  });

  it("says so when the server could not read a save", async () => {
    await renderAttempt(() => ({ status: "invalid", savedAt: null, remainingSeconds: null }));
    fireEvent.click(screen.getByLabelText("Ja"));
    expect(
      await screen.findByText("Svaren kunde inte tolkas. Ladda om sidan och försök igen.", {}, { timeout: 3000 }),
    ).toBeTruthy();
  });

  it("hands the quiz in with every answer and drops the autosave still waiting", async () => {
    // Grading takes longer than the autosave's pause: the page is still there when it would fire.
    const slowRedirect = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return redirect(`/quiz/${ATTEMPT_ID}/result`);
    };
    const { posted } = await renderAttempt((form) =>
      form.get("intent") === "submit"
        ? slowRedirect()
        : { status: "saved", savedAt: new Date().toISOString(), remainingSeconds: null },
    );
    fireEvent.click(screen.getByLabelText("Ja"));
    fireEvent.click(screen.getByRole("button", { name: "Lämna in provet" }));

    expect(await screen.findByRole("heading", { name: "Provresultat" }, { timeout: 3000 })).toBeTruthy();
    expect(posted.map((f) => f.get("intent"))).toEqual(["submit"]);
    expect(answersOf(posted[0]!)).toEqual({ "q:q1": ["o1a"], "q:q3": ["o3b"] });
  });
});
