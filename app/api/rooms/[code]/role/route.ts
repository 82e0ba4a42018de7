import { memberStatus } from '@/lib/rooms/room-rounds';
import { perDashboard } from '@/lib/dashboard/request';
import { errorCodeOf, errorField, errorResponse, publicError } from '@/lib/shared/errors';
import { validationSaid } from '@/lib/shared/schemas';
import { MEMBER_HEADERS, memberCredentialSchema } from '@/lib/shared/room';

// A phone's role in its room's round, asked between heartbeats near the front of a line: proved by
// its secret (in headers, so no address or log holds it), answered from the dashboard's readings
// with no etcd request. No sign-in: the room's code and the member's secret are all a phone has.
export const dynamic = 'force-dynamic';

async function handleGet(
  request: Request,
  ctx: { params: Promise<{ code: string }> },
): Promise<Response> {
  const { code } = await ctx.params;
  const header = (name: string) => request.headers.get(name) ?? '';
  const parsed = memberCredentialSchema.safeParse({
    code,
    lease: header(MEMBER_HEADERS.lease),
    name: decodeURIComponentSafely(header(MEMBER_HEADERS.name)),
    secret: header(MEMBER_HEADERS.secret),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return errorResponse(
      'invalid_input',
      validationSaid(issue?.message ?? ''),
      String(issue?.path[0] ?? 'member'),
    );
  }
  try {
    return Response.json(await memberStatus(parsed.data), {
      headers: { 'Cache-Control': 'no-store' },
    });
  } catch (err) {
    const errorCode = errorCodeOf(err);
    if (!errorCode) throw err;
    return errorResponse(errorCode, publicError(err), errorField(err));
  }
}

/** A name is sent percent-encoded (headers carry no Unicode); a malformed one is no member's. */
function decodeURIComponentSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '\u0000';
  }
}

export const GET = perDashboard(handleGet);
