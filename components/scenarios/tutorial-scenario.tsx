'use client';

import { tutorialResetAction, tutorialStepAction } from '@/app/scenario-actions';
import { TUTORIAL_STEPS, type TutorialStep } from '@/lib/shared/tutorial-steps';
import { LeaseMini } from '@/components/scenarios/lease-mini';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';

const TUTORIAL_CODE: Record<TutorialStep, (key: string) => string> = {
  grant: () => 'resp, err := cli.Grant(ctx, 10)',
  put: (key) => `_, err = cli.Put(ctx, "${key}", "127.0.0.1", clientv3.WithLease(resp.ID))`,
  sleep: () => 'time.Sleep(5 * time.Second)',
  'ttl-before': () => 'ttl, err := cli.TimeToLive(ctx, resp.ID)',
  'keep-alive-once': () => '_, err = cli.KeepAliveOnce(ctx, resp.ID)',
  'ttl-after': () => 'ttl, err = cli.TimeToLive(ctx, resp.ID)',
};

export function Tutorial({ data }: Props) {
  const { tutorial } = data;
  const next = TUTORIAL_STEPS[tutorial.answers.length];
  const answerOf = (step: TutorialStep) => tutorial.answers.find((a) => a.step === step)?.answer;
  const granted = answerOf('grant')?.TTL;
  const remaining = answerOf('ttl-before')?.TTL;
  return (
    <section className="panel scenario" aria-labelledby="tutorial-heading">
      <h2 id="tutorial-heading">The tutorial, step by step</h2>
      <p className="muted">
        Each line runs the real call against etcd and shows etcd&apos;s answer.
      </p>
      <ol className="code-steps">
        {TUTORIAL_STEPS.map((step) => {
          const answer = answerOf(step);
          return (
            <li key={step} aria-label={`Step ${step}`}>
              <code>{TUTORIAL_CODE[step](tutorial.key)}</code>
              <StepButton action={() => tutorialStepAction({ step })} unavailable={step !== next}>
                Run
              </StepButton>
              {answer && (
                <output className="answer">
                  {Object.entries(answer)
                    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`)
                    .join(', ')}
                </output>
              )}
            </li>
          );
        })}
      </ol>
      {granted !== undefined && remaining !== undefined && (
        <p className="lesson" role="note">
          The grant answered <strong>TTL {granted}</strong>: the <em>granted</em> TTL. TimeToLive
          answered <strong>TTL {remaining}</strong>: what <em>remains</em>. Same field name, two
          meanings. KeepAliveOnce sends the remaining TTL back up to the granted TTL.
        </p>
      )}
      {tutorial.leaseId && <LeaseMini id={tutorial.leaseId} chart />}
      <StepButton action={tutorialResetAction}>Reset the tutorial</StepButton>
    </section>
  );
}
