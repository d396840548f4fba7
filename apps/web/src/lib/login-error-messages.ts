import { apiErrorMessages, retryAfterSeconds } from "./api-error";
import { formatWait } from "./format-time";

/** A sign-in's refusal: the server's message, and for a throttled attempt how long to wait. */
export function loginErrorMessages(error: unknown): string[] {
  const messages = apiErrorMessages(error);
  const wait = retryAfterSeconds(error);
  return wait ? [...messages, `You can try again in ${formatWait(wait)}.`] : messages;
}
