import { z } from "zod";
import { ok, timestamp, resource } from "./shared";

export const jobSchema = z.object({
  id: z.string(),
  queue: z.string(),
  state: z.string(),
  priority: z.number(),
  retry_count: z.number(),
  data: z.record(z.string(), z.unknown()),
  created_on: timestamp,
  started_on: timestamp.nullable(),
  completed_on: timestamp.nullable(),
});

const jobHourSchema = z.object({
  hour: timestamp,
  completed: z.number(),
  failed: z.number(),
  run_seconds: z.number().nullable(),
  wait_seconds: z.number().nullable(),
});

export const jobBoardSchema = z.object({
  in_flight: z.array(jobSchema),
  failed: z.array(jobSchema),
  hours: z.array(jobHourSchema),
});

const jobParams = z.object({
  queue: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, "must be a queue name")
    .max(50),
  id: z.uuid().max(36),
});

export const jobOperations = resource(
  { tag: "operations" },
  {
    listJobs: {
      method: "GET",
      path: "/api/v1/jobs/",
      summary:
        "The site's jobs in flight and failed in the last day, and per hour of the last day what finished",
      permission: "jobs.manage",
      responses: {
        200: ok(jobBoardSchema),
      },
    },
    cancelJob: {
      method: "POST",
      path: "/api/v1/jobs/{queue}/{id}/cancel/",
      summary:
        "Cancel a waiting or running job (a render's row is cancelled too)",
      permission: "jobs.manage",
      params: jobParams,
      responses: { 200: ok(jobSchema) },
    },
    retryJob: {
      method: "POST",
      path: "/api/v1/jobs/{queue}/{id}/retry/",
      summary: "Run a failed job again",
      permission: "jobs.manage",
      params: jobParams,
      responses: { 200: ok(jobSchema) },
    },
    metrics: {
      method: "GET",
      path: "/api/v1/metrics",
      summary:
        "Prometheus metrics (jobs per queue and state, stage durations, queue wait, render speed, posts per platform); bearer METRICS_TOKEN",
      auth: false,
      responses: {
        200: {
          description: "Prometheus text format",
          content: "text/plain; version=0.0.4",
        },
      },
    },
  },
);
