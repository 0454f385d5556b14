import { loadConfig } from "../config";
import { urlRefusal } from "../net/fetch-guard";
import { unprocessable } from "./errors";

/**
 * Refuses, when it is given, a URL the service will fetch later that the outbound guard would
 * refuse for sure from its text alone (scheme, credentials, a private or loopback address in any
 * spelling, `localhost`): 422 naming `field`, instead of a job that fails later. A host in
 * `REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS` passes; a name that needs DNS passes too (the guard checks
 * it when it connects).
 */
export function assertFetchable(url: string, field: string) {
  const refusal = urlRefusal(
    url,
    loadConfig().REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS,
  );
  if (refusal)
    throw unprocessable("url_refused", `${field}: ${refusal}`, field);
}
