import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";

/**
 * What a new password must be: at least 10 characters, at most 200, and not guessable: zxcvbn
 * (@zxcvbn-ts, with its list of the most common passwords, keyboard patterns, repeats and
 * sequences) must rate it 3 of 4 or better ("safely unguessable" online), counting the account's
 * own email and name as known words. Server-only: the dictionaries are large.
 */
export const MAX_PASSWORD_LENGTH = 200;
const MIN_SCORE = 3;
// zxcvbn's cost grows with length; past this many characters a password is long enough as it is.
const CHECKED_CHARACTERS = 64;

let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  return (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));
}

/** Why this password will not do, in words for the form, or null when it will. */
export function passwordProblem(password: string, context: { email?: string; name?: string | null } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `At least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `At most ${MAX_PASSWORD_LENGTH} characters.`;
  const inputs = ["tablekeep"];
  if (context.email) {
    const local = context.email.split("@")[0] ?? "";
    inputs.push(context.email, local, ...context.email.split(/[@.+_-]/).filter((p) => p.length >= 3));
  }
  if (context.name) inputs.push(context.name, ...context.name.split(/\s+/).filter((p) => p.length >= 3));
  const { score } = estimator().check(password.slice(0, CHECKED_CHARACTERS), inputs);
  if (score < MIN_SCORE) {
    return "This password is too common or too easy to guess. A few unrelated words make a strong one.";
  }
  return null;
}
