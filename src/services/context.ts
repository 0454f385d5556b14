import type PgBoss from "pg-boss";
import type { Config } from "../config";
import { getDatabase, type Database } from "../db";
import { getQueues } from "../jobs/queues";
import type { StageTools } from "../pipeline/stages";
import { defaultStorage, type Storage } from "../storage";

/**
 * What the services work on: the database, the job queues and the file storage. By default this
 * process's own (opened on first use); tests point them elsewhere with `configureServices`.
 */
export type Services = {
  database: Database;
  storage: Storage;
  queues: () => Promise<PgBoss>;
};

let overrides: Partial<Services> = {};

export function configureServices(services: Partial<Services>) {
  overrides = services;
}

export async function services(): Promise<Services> {
  return {
    database: overrides.database ?? (await getDatabase()),
    storage: overrides.storage ?? defaultStorage(),
    queues: overrides.queues ?? getQueues,
  };
}

/**
 * What the services a job calls work with: the worker's database, queues, storage, configuration
 * and pipeline tools (a job's context is one).
 */
export type WorkContext = {
  database: Database;
  boss: PgBoss;
  storage: Storage;
  config: Config;
  tools: StageTools;
};
