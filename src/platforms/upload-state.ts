import type { z } from "zod";
import type { MediaProbe } from "../pipeline/render/probe";
import { endpointsFromConfig, type Endpoints } from "./endpoints";
import { DEFAULT_RETRY, type RetryPolicy } from "./http";
import type { PlatformId } from "./limits";

/** The options every platform's upload takes, whatever else it needs. */
export type UploadOptions<P extends PlatformId, State> = {
  file: string;
  accessToken: () => Promise<string>;
  /** What the last attempt saved; null the first time. */
  state: State | null;
  /** Persist every value passed here; hand the last one back as `state` on the next run. */
  saveState: (state: State) => Promise<void>;
  endpoints?: Endpoints[P];
  retry?: RetryPolicy;
  /** Reads the file's streams for the pre-upload check; ffprobe by default. */
  probe?: (file: string) => Promise<MediaProbe>;
  /** Told the bytes sent so far after each chunk, by the uploads that send in chunks. */
  onProgress?: (sentBytes: number, totalBytes: number) => void | Promise<void>;
  /** Stops the upload: no further bytes are sent once it is aborted. */
  signal?: AbortSignal;
};

/**
 * An upload's defaults and its resumable state: the saved state checked against `schema` (or
 * `empty()` the first time), and `save`, which merges a patch into it and persists a copy.
 */
export function beginUpload<P extends PlatformId, S extends z.ZodObject>(
  platform: P,
  schema: S,
  options: UploadOptions<P, z.output<S>>,
  empty: () => z.output<S>,
) {
  const state: z.output<S> = options.state
    ? schema.parse(options.state)
    : empty();
  return {
    endpoints: options.endpoints ?? endpointsFromConfig()[platform],
    retry: options.retry ?? DEFAULT_RETRY,
    state,
    save: async (patch: Partial<z.output<S>>) => {
      Object.assign(state, patch);
      await options.saveState({ ...state });
    },
  };
}
