import { z } from "zod";
import { SECTION_KINDS, visualSchema } from "../../compositions/schema";
import { ASSET_SOURCES } from "../../core/statuses";
import { idText, ok, V, resource } from "./shared";

const visualTypes = visualSchema.options.map((o) => o.shape.type.value);

export const candidateSchema = z.object({
  source: z.string(),
  score: z.number(),
  visual: visualSchema,
  /** Where the app shows a stored image candidate from (the project's media route). */
  preview_url: z.string().nullable(),
});

export const sectionVisualsSchema = z.object({
  index: z.number(),
  kind: z.enum(SECTION_KINDS),
  /** The start of what the narrator says. */
  text: z.string(),
  current: z.object({
    /** The visual's credit source, or the asset's source for an image set on the section. */
    source: z.union([z.enum(ASSET_SOURCES), z.string()]),
    type: z.enum(visualTypes),
    /** The section's image asset (shown through the asset file route), if one is set. */
    asset_id: z.number().nullable(),
    /** Which of `candidates` is shown, if one is. */
    candidate: z.number().nullable(),
  }),
  candidates: z.array(candidateSchema),
});

const sectionParams = z.object({
  id: idText,
  section: z
    .string()
    .max(4)
    .regex(/^(0|[1-9][0-9]{0,3})$/, "must be a section index: 0 is the hook")
    .transform(Number),
});

export const chooseVisualBody = z.object({
  /** The candidate's index in the section's list. */
  candidate: z.number().int().min(0).max(20),
});

export const visualOperations = resource(
  { tag: "projects" },
  {
    listVisuals: {
      method: "GET",
      path: `${V}/projects/{id}/visuals/`,
      summary:
        "Each section of the latest script with its current visual and the candidates the visual sources offer",
      permission: "projects.read",
      params: z.object({ id: idText }),
      query: z.object({
        refresh: z.enum(["true", "false"]).optional().meta({
          description:
            "true plans again (new stock searches and AI images); otherwise the plan stored for the script version is listed",
        }),
      }),
      responses: {
        200: ok(z.object({ sections: z.array(sectionVisualsSchema) })),
      },
    },
    chooseVisual: {
      method: "PUT",
      path: `${V}/projects/{id}/visuals/{section}/`,
      summary:
        "Choose one of a section's candidates (by its index) for the next render",
      permission: "visuals.write",
      params: sectionParams,
      body: chooseVisualBody,
      responses: {
        200: ok(sectionVisualsSchema, "The section after the swap"),
      },
    },
  },
);
