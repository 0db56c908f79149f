import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContentStore, setContentStore } from "~/modules/courses/content.server";
import { addMonths, loadCertificateCourse } from "./course-meta.server";

beforeAll(() => setContentStore(new ContentStore({ rootDir: resolve("content"), cacheDir: null, watch: false })));
afterAll(() => setContentStore(null));

describe("certificate validity", () => {
  it("adds calendar months, clamping to the last day of shorter months", () => {
    expect(addMonths(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2028-02-29T10:00:00Z"), 12).toISOString()).toBe("2029-02-28T10:00:00.000Z");
    expect(addMonths(new Date("2026-03-15T23:30:00Z"), 36).toISOString()).toBe("2029-03-15T23:30:00.000Z");
  });

  it("reads the criterion course's validity and titles from content", async () => {
    const course = await loadCertificateCourse("introduktion-for-chefer");
    expect(course).toMatchObject({ criterionCourse: true, certificateValidityMonths: 36 });
    expect(course!.title("en")).toBe("Introduction for managers of member companies");
    expect(await loadCertificateCourse("no-such-course")).toBeNull();
    expect(await loadCertificateCourse("../etc")).toBeNull();
  });
});
