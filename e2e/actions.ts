import * as plain from '../scripts/server-actions.mjs';

// Calling the dashboard's server actions over HTTP as a script (or an attacker) would, without the
// page. The calls are scripts/server-actions.mjs's, which the benchmark uses too; here they are typed.

/**
 * What the calls need of an HTTP client: Playwright's `request` has this shape, and so does
 * test/system/http.ts's over fetch, so the vitest system tests call actions the same way.
 */
export type Poster = {
  post(
    url: string,
    options: { headers: Record<string, string>; data?: string; multipart?: FormData },
  ): Promise<{ status(): number; body(): Promise<Buffer> }>;
};

export type ActionAnswer = { status: number; result: unknown; text: string };

/** The ID of the server action exported as `name`, from the build's manifest. */
export const actionId: (name: string) => string = (name) => plain.actionId(name);

/**
 * An action called with plain arguments (renew, revoke, keep-alive), posted to `page` as from a
 * browser showing it.
 */
export const callAction: (
  request: Poster,
  baseURL: string,
  id: string,
  args: unknown[],
  page?: string,
) => Promise<ActionAnswer> = plain.callAction;

/** A form action (grant, attach) called with (previous state, form fields), as useActionState does. */
export const callFormAction: (
  request: Poster,
  baseURL: string,
  id: string,
  fields: Record<string, string>,
) => Promise<ActionAnswer> = plain.callFormAction;
