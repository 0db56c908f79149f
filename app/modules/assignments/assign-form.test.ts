import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { assignSchema } from "./assign-form";

function form(entries: Array<[string, string]>) {
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, v);
  return parseWithZod(fd, { schema: assignSchema });
}

describe("assignSchema", () => {
  it("takes one or several people, and a role", () => {
    const one = form([
      ["intent", "assign"],
      ["target", "people"],
      ["courseSlug", "c"],
      ["dueDate", "2027-01-31"],
      ["membershipIds", "m1"],
    ]);
    expect(one.status).toBe("success");
    expect(one.status === "success" && one.value.target === "people" ? one.value.membershipIds : null).toEqual(["m1"]);
    const two = form([
      ["intent", "assign"],
      ["target", "people"],
      ["courseSlug", "c"],
      ["dueDate", "2027-01-31"],
      ["membershipIds", "m1"],
      ["membershipIds", "m2"],
    ]);
    expect(two.status === "success" && two.value.target === "people" ? two.value.membershipIds : null).toEqual([
      "m1",
      "m2",
    ]);
    expect(
      form([
        ["intent", "assign"],
        ["target", "role"],
        ["courseSlug", "c"],
        ["dueDate", "2027-01-31"],
        ["role", "manager"],
      ]).status,
    ).toBe("success");
  });

  it("names what is missing or wrong", () => {
    const errors = (entries: Array<[string, string]>) => {
      const r = form(entries);
      return r.status === "success" ? null : r.reply().error;
    };
    expect(
      errors([
        ["intent", "assign"],
        ["target", "people"],
        ["courseSlug", "c"],
        ["dueDate", "2027-01-31"],
      ]),
    ).toMatchObject({ membershipIds: ["pickPeople"] });
    expect(
      errors([
        ["intent", "assign"],
        ["target", "role"],
        ["courseSlug", "c"],
        ["dueDate", "2027-02-30"],
        ["role", "boss"],
      ]),
    ).toMatchObject({ dueDate: ["badDate"], role: ["pickRole"] });
    expect(
      errors([
        ["intent", "assign"],
        ["target", "role"],
        ["dueDate", ""],
        ["role", "agent"],
      ]),
    ).toMatchObject({ courseSlug: ["courseRequired"], dueDate: ["dateRequired"] });
    expect(
      errors([
        ["intent", "assign"],
        ["courseSlug", "c"],
        ["dueDate", "2027-01-31"],
      ]),
    ).toMatchObject({ target: ["targetRequired"] });
  });
});
