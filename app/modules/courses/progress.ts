// Course progress from a learner's lesson completions: how much is done, whether the course is
// ready for the final quiz, and which lesson "continue" should open. Pure: the database side is
// progress.server.ts.

export type CourseProgress = {
  total: number;
  done: number;
  /** Whole per cent, rounded down: 100 only when every lesson is done. */
  percent: number;
  completed: string[];
  /** Every lesson of the current version is done. */
  readyForQuiz: boolean;
  /** The lesson "continue" opens: the one you were reading, else the next one not done. */
  resumeLessonSlug: string;
};

export function computeProgress(input: {
  lessonSlugs: string[];
  completed: Iterable<string>;
  lastLessonSlug: string | null;
}): CourseProgress {
  const { lessonSlugs, lastLessonSlug } = input;
  if (!lessonSlugs.length) throw new Error("a course has at least one lesson");
  const known = new Set(lessonSlugs);
  const completedSet = new Set([...input.completed].filter((slug) => known.has(slug)));
  const completed = lessonSlugs.filter((slug) => completedSet.has(slug));
  const total = lessonSlugs.length;
  const done = completed.length;
  const readyForQuiz = done === total;
  const lastIndex = lastLessonSlug ? lessonSlugs.indexOf(lastLessonSlug) : -1;

  let resumeLessonSlug: string;
  if (readyForQuiz) resumeLessonSlug = lastIndex >= 0 ? lessonSlugs[lastIndex]! : lessonSlugs[total - 1]!;
  else if (lastIndex >= 0 && !completedSet.has(lessonSlugs[lastIndex]!)) resumeLessonSlug = lessonSlugs[lastIndex]!;
  else {
    // The first lesson not done after the one you were last on, wrapping round to the start.
    const start = lastIndex + 1;
    const order = [...lessonSlugs.slice(start), ...lessonSlugs.slice(0, start)];
    resumeLessonSlug = order.find((slug) => !completedSet.has(slug))!;
  }
  return { total, done, percent: Math.floor((done / total) * 100), completed, readyForQuiz, resumeLessonSlug };
}
