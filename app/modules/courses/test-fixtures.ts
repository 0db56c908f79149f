// Test helpers (not used by the app): the one generator of throw-away course folders for the
// content store's, the catalogue's and the progress tests. A course.json valid per the schema,
// with whatever a test needs changed, and lesson files with valid front matter.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Text = Partial<Record<"sv" | "en" | "fi", string>>;

export type CourseFixture = {
  slug: string;
  version?: string;
  title?: Text;
  description?: Text;
  certificateProves?: Text;
  audience?: "manager" | "agent" | "all";
  estimatedMinutes?: number;
  criterionCourse?: boolean;
  certificateValidityMonths?: number | null;
  /** The topic (lesson slug) the quiz draws its one question from. */
  topic: string;
};

/** A valid course.json object. */
export function courseJson(fixture: CourseFixture) {
  return {
    slug: fixture.slug,
    version: fixture.version ?? "1",
    title: fixture.title ?? { sv: `Kurs ${fixture.slug}`, en: `Course ${fixture.slug}` },
    description: fixture.description ?? { sv: "Beskrivning.", en: "Description." },
    certificateProves: fixture.certificateProves ?? { sv: "Intyg.", en: "Certificate." },
    audience: fixture.audience ?? "agent",
    estimatedMinutes: fixture.estimatedMinutes ?? 20,
    criterionCourse: fixture.criterionCourse ?? false,
    certificateValidityMonths: fixture.certificateValidityMonths ?? null,
    quiz: {
      draw: [{ topic: fixture.topic, count: 1 }],
      passPercent: 80,
      shuffleQuestions: true,
      shuffleOptions: true,
      attemptsPerPeriod: { max: 3, periodHours: 24 },
      cooldownMinutes: 0,
      timeLimitMinutes: null,
      review: "full",
    },
  };
}

/** A lesson file: front matter (title, summary, minutes) and a Markdown body. */
export function lessonMdx(title: string, body: string, options: { summary?: string; minutes?: number } = {}) {
  return `---\ntitle: "${title}"\nsummary: "${options.summary ?? "Sammanfattning."}"\nminutes: ${options.minutes ?? 5}\n---\n\n${body}\n`;
}

/**
 * Writes <root>/courses/<slug>/course.json and its lessons (file name "NN-slug.LANG.mdx" → text).
 * Returns the course folder.
 */
export function writeCourseFixture(root: string, fixture: CourseFixture, lessons: Record<string, string>): string {
  const dir = join(root, "courses", fixture.slug);
  mkdirSync(join(dir, "lessons"), { recursive: true });
  writeFileSync(join(dir, "course.json"), JSON.stringify(courseJson(fixture)));
  for (const [name, text] of Object.entries(lessons)) writeFileSync(join(dir, "lessons", name), text);
  return dir;
}
