// The JSON contract, continued: what the server actions answer (inside ActionResult) and the
// scenarios' state. Zod schemas, the types inferred from them; imports only zod and the rest of the
// contract.
import { z } from 'zod';
import { keepAliveViewSchema } from '@/lib/shared/contract';
import { saidSchema } from '@/lib/shared/contract-problem';

/** The tutorial's steps, in order (lib/shared/tutorial-steps.ts lists them). */
export const TUTORIAL_STEPS = [
  'grant',
  'put',
  'sleep',
  'ttl-before',
  'keep-alive-once',
  'ttl-after',
] as const;
export const tutorialStepSchema = z.enum(TUTORIAL_STEPS);
export type TutorialStep = z.infer<typeof tutorialStepSchema>;

export const grantResultSchema = z.object({
  id: z.string(),
  requestedTTL: z.number(),
  grantedTTL: z.number(),
  key: z.string().nullable(),
});
export type GrantResult = z.infer<typeof grantResultSchema>;

export const renewResultSchema = z.object({
  id: z.string(),
  grantedTTL: z.number(),
  /** remaining TTL just before the renewal, seconds */
  before: z.number(),
  /** remaining TTL just after it, seconds */
  after: z.number(),
});
export type RenewResult = z.infer<typeof renewResultSchema>;

export const revokeResultSchema = z.object({
  id: z.string(),
  /** the first keys etcd deleted with the lease (at most 20) */
  deletedKeys: z.array(z.string()),
  deletedKeyCount: z.number(),
});
export type RevokeResult = z.infer<typeof revokeResultSchema>;

export const attachResultSchema = z.object({ id: z.string(), key: z.string() });
export type AttachResult = z.infer<typeof attachResultSchema>;

export const keepAliveResultSchema = z.object({ id: z.string(), keepAlive: keepAliveViewSchema });
export type KeepAliveResult = z.infer<typeof keepAliveResultSchema>;

export const stepAnswerSchema = z.object({
  step: tutorialStepSchema,
  at: z.number(),
  answer: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
});
export type StepAnswer = z.infer<typeof stepAnswerSchema>;

const tutorialStateSchema = z.object({
  leaseId: z.string().nullable(),
  key: z.string(),
  answers: z.array(stepAnswerSchema),
});
export type TutorialState = z.infer<typeof tutorialStateSchema>;

const dhcpStateSchema = z.object({
  leaseId: z.string().nullable(),
  key: z.string().nullable(),
  failing: z.boolean(),
  /** when the next attempt is due and which one it is */
  next: z.object({ at: z.number(), attempt: z.enum(['T1', 'T2']) }).nullable(),
  /** epoch ms of the last successful renewal (or the grant) */
  renewedAt: z.number().nullable(),
});
export type DhcpState = z.infer<typeof dhcpStateSchema>;

const sessionStateSchema = z.object({
  leaseId: z.string().nullable(),
  key: z.string().nullable(),
  lastRenewal: renewResultSchema.nullable(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

const instanceSchema = z.object({
  name: z.string(),
  leaseId: z.string(),
  key: z.string(),
  crashed: z.boolean(),
});
export type Instance = z.infer<typeof instanceSchema>;

const registryStateSchema = z.object({ instances: z.array(instanceSchema), prefix: z.string() });
export type RegistryState = z.infer<typeof registryStateSchema>;

/** The lock and election scenarios: which of their contenders the dashboard runs. */
const contestMemberSchema = instanceSchema;
export type ContestMember = z.infer<typeof contestMemberSchema>;

/** One contender as etcd has it, in create-revision order: the first holds or leads. */
const contestEntrySchema = z.object({
  lease: z.string(),
  key: z.string(),
  /** the election proposal ('' in a lock) */
  value: z.string(),
  /** the scenario's own name for it, or who else it is (etcdctl, another client) */
  who: z.string(),
});
export type ContestEntry = z.infer<typeof contestEntrySchema>;

const contestStateSchema = z.object({
  kind: z.enum(['lock', 'election']),
  /** the lock's or election's name: what `etcdctl lock NAME` / `etcdctl elect NAME` take */
  name: z.string(),
  ttl: z.number(),
  members: z.array(contestMemberSchema),
  /** the contenders as last read, holder or leader first; null before the first reading */
  line: z.array(contestEntrySchema).nullable(),
  /** what happened, oldest first: joins, holders and leaders, crashes and expiries */
  timeline: z.array(saidSchema.extend({ at: z.number() })),
});
export type ContestState = z.infer<typeof contestStateSchema>;

export const scenariosResponseSchema = z.object({
  now: z.number(),
  tutorial: tutorialStateSchema,
  dhcp: dhcpStateSchema,
  session: sessionStateSchema,
  registry: registryStateSchema.extend({
    live: z.array(z.object({ key: z.string(), lease: z.string() })),
  }),
  lock: contestStateSchema,
  election: contestStateSchema,
});
export type ScenariosResponse = z.infer<typeof scenariosResponseSchema>;
