// @vitest-environment happy-dom
// The notice's role decides how a screen reader meets it: an error interrupts (alert), other
// results are polite (status), and a note that is part of the page from its first load is read in
// order (note), never announced as if something had just happened.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Notice } from "./Notice";

afterEach(cleanup);

describe("Notice", () => {
  it("is an alert for errors and a status message for other results", () => {
    render(
      <>
        <Notice tone="error">Betalningen misslyckades.</Notice>
        <Notice tone="success">Sparat.</Notice>
        <Notice tone="warning">Snart slut.</Notice>
      </>,
    );
    expect(screen.getByRole("alert").textContent).toBe("Betalningen misslyckades.");
    expect(screen.getAllByRole("status").map((n) => n.textContent)).toEqual(["Sparat.", "Snart slut."]);
  });

  it("is a note, not a live region, when live is false", () => {
    render(
      <Notice tone="warning" live={false}>
        Kursen finns inte på finska än.
      </Notice>,
    );
    expect(screen.getByRole("note").textContent).toBe("Kursen finns inte på finska än.");
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
