// What the pages show of assignments, in the reader's language: course titles in the language
// the course is shown in, due days written out.
import { pickText } from "~/modules/courses/course-schema";
import { getContentStore } from "~/modules/courses/content.server";
import { displayLanguage } from "~/modules/courses/views.server";
import { assignmentsOfPerson, overduePeople } from "./assignments.server";
import { companyTimeZone, dayIn, formatDay, type AssignedCourseView, type OverdueView } from "./due-date";

/** The learner's assignments for My learning (in every company of theirs), not-done ones first. */
export async function assignedCourseViews(
  userId: string,
  language: string,
  now = new Date(),
): Promise<AssignedCourseView[]> {
  const list = await assignmentsOfPerson(userId, { now });
  const store = getContentStore();
  const companies = new Set(list.map((a) => a.organizationId));
  return list
    .map((a) => {
      const course = store.getCourse(a.courseSlug);
      const titleLanguage = course ? displayLanguage(course, language) : language;
      return {
        courseSlug: a.courseSlug,
        title: course ? pickText(course.meta.title, titleLanguage) : a.courseSlug,
        titleLanguage,
        state: a.state,
        assignedBy: a.assignedBy,
        organizationName: a.organizationName,
        dueDay: a.dueDay,
        dueText: formatDay(a.dueDay, language),
        showCompany: companies.size > 1,
      };
    })
    .sort((a, b) => Number(a.state === "done") - Number(b.state === "done"));
}

/** The dashboard's overdue people with their due days written out in the company's time zone. */
export async function overdueViews(
  organizationId: string,
  country: string,
  language: string,
  now = new Date(),
): Promise<{ items: OverdueView[]; total: number }> {
  const { items, total } = await overduePeople(organizationId, language, now);
  const timeZone = companyTimeZone(country);
  return {
    total,
    items: items.map((o) => {
      const dueDay = dayIn(o.dueAt, timeZone);
      return {
        userId: o.userId,
        name: o.name,
        email: o.email,
        courseSlug: o.courseSlug,
        courseTitle: o.courseTitle,
        dueDay,
        dueText: formatDay(dueDay, language, "medium"),
      };
    }),
  };
}
