// Signed-in, enrolled learners created straight in the database: one session cookie each.
import { randomUUID } from "node:crypto";
import pg from "pg";

export async function createSignedInLearners(
  databaseUrl: string,
  count: number,
  courseSlug: string,
  contentVersion: string,
): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const cookies: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const userId = `bench-${randomUUID()}`;
      const token = randomUUID();
      await db.query(
        `INSERT INTO "User" (id, email, name, "emailVerified", "updatedAt") VALUES ($1, $2, 'Bench Learner', now(), now())`,
        [userId, `${userId}@bench.example`],
      );
      await db.query(
        `INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`,
        [randomUUID(), token, userId],
      );
      await db.query(
        `INSERT INTO "Enrollment" (id, "userId", "courseSlug", "contentVersion", "updatedAt") VALUES ($1, $2, $3, $4, now())`,
        [randomUUID(), userId, courseSlug, contentVersion],
      );
      cookies.push(`authjs.session-token=${token}`);
    }
  } finally {
    await db.end();
  }
  return cookies;
}
