import { stopEmbeddedPostgres } from "../src/db/embedded";
import { TEST_DATA_DIR } from "./helpers/database";

/** Stops the test run's embedded Postgres (if a test started it) once every file has run. */
export default function setup() {
  return async () => {
    await stopEmbeddedPostgres(TEST_DATA_DIR);
  };
}
