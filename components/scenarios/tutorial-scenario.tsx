'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
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

const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;
const em = (chunks: ReactNode) => <em>{chunks}</em>;

export function Tutorial({ data }: Props) {
  const t = useTranslations('tutorial');
  const { tutorial } = data;
  const next = TUTORIAL_STEPS[tutorial.answers.length];
  const answerOf = (step: TutorialStep) => tutorial.answers.find((a) => a.step === step)?.answer;
  const granted = answerOf('grant')?.TTL;
  const remaining = answerOf('ttl-before')?.TTL;
  return (
    <section className="panel scenario" aria-labelledby="tutorial-heading">
      <h2 id="tutorial-heading">{t('heading')}</h2>
      <p className="muted">{t('intro')}</p>
      <ol className="code-steps">
        {TUTORIAL_STEPS.map((step) => {
          const answer = answerOf(step);
          return (
            <li key={step} aria-label={t('step', { step })}>
              <code>{TUTORIAL_CODE[step](tutorial.key)}</code>
              <StepButton action={() => tutorialStepAction({ step })} unavailable={step !== next}>
                {t('run')}
              </StepButton>
              {answer && (
                // etcd's answer, field by field, in etcd's own names.
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
          {t.rich('lesson', { granted: String(granted), remaining: String(remaining), strong, em })}
        </p>
      )}
      {tutorial.leaseId && <LeaseMini id={tutorial.leaseId} chart />}
      <StepButton action={tutorialResetAction}>{t('reset')}</StepButton>
    </section>
  );
}
