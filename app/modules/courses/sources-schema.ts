// The shape of content/sources.json: the registry of primary sources that <LawRef source="…"/>
// cites. Keys are what authors write in `source`; the entry gives the link and its labels.
import { z } from "zod";
import { localizedText } from "./course-schema";

export const sourceKeySchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "source keys are lowercase a-z, 0-9 and single hyphens");

export const sourceEntrySchema = z
  .object({
    title: localizedText,
    short: z.string().min(1),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL"),
  })
  .strict();
export type SourceEntry = z.infer<typeof sourceEntrySchema>;

export const sourcesSchema = z.record(sourceKeySchema, sourceEntrySchema);
export type Sources = z.infer<typeof sourcesSchema>;
