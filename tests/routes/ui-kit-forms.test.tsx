// @vitest-environment happy-dom
// The UI kit's form pieces inside Remix's test router: a SubmitButton is disabled while its form
// is submitting (a second press cannot send twice) and enabled again once the answer is in; a
// FilterSelect is a labelled select with the "all" choice first, the current value chosen, and
// each option's own language where it has one.
import { Form, useActionData } from "@remix-run/react";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { FilterSelect, SubmitButton } from "~/components/ui";
import { renderRoute } from "../support/render-route";

afterEach(cleanup);

describe("SubmitButton", () => {
  it("is disabled while its form is submitting and enabled again after the answer", async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await renderRoute(
      [
        {
          path: "/",
          Component() {
            const result = useActionData<{ saved: boolean }>();
            return (
              <Form method="post">
                <SubmitButton name="intent" value="save" className="btn">
                  Spara
                </SubmitButton>
                {result?.saved ? <p>Sparat</p> : null}
              </Form>
            );
          },
          async action({ request }) {
            const form = await request.formData();
            await answered;
            return { saved: form.get("intent") === "save" };
          },
        },
      ],
      "/",
    );
    const button = screen.getByRole("button", { name: "Spara" });
    expect(button.getAttribute("type")).toBe("submit");
    expect((button as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(true));
    answer();
    await screen.findByText("Sparat");
    expect((screen.getByRole("button", { name: "Spara" }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("FilterSelect", () => {
  it("labels the select, puts the empty choice first and chooses the current value", async () => {
    await renderRoute(
      [
        {
          path: "/",
          Component: () => (
            <FilterSelect
              id="f-language"
              name="language"
              label="Tillgänglig på"
              value="fi"
              anyLabel="Alla språk"
              options={[
                { value: "sv", label: "svenska", lang: "sv" },
                { value: "fi", label: "suomi", lang: "fi" },
              ]}
            />
          ),
        },
      ],
      "/",
    );
    const select = screen.getByLabelText("Tillgänglig på") as HTMLSelectElement;
    expect(select.name).toBe("language");
    expect([...select.options].map((o) => [o.value, o.textContent, o.lang])).toEqual([
      ["", "Alla språk", ""],
      ["sv", "svenska", "sv"],
      ["fi", "suomi", "fi"],
    ]);
    expect(select.value).toBe("fi");
  });

  it("without anyLabel offers only the given choices; no value means the first", async () => {
    await renderRoute(
      [
        {
          path: "/",
          Component: () => (
            <FilterSelect
              id="f-status"
              name="status"
              label="Kriterium"
              value={null}
              options={[
                { value: "all", label: "Alla" },
                { value: "met", label: "Uppfyllt" },
              ]}
            />
          ),
        },
      ],
      "/",
    );
    const select = screen.getByLabelText("Kriterium") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["all", "met"]);
    expect(select.value).toBe("all");
  });
});
