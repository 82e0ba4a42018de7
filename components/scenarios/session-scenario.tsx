'use client';

import { useTranslations } from 'next-intl';
import { sessionAction } from '@/app/scenario-actions';
import { LeaseMini } from '@/components/scenarios/lease-mini';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';

export function Session({ data }: Props) {
  const t = useTranslations('session');
  const { session } = data;
  return (
    <section className="panel scenario" aria-labelledby="session-heading">
      <h2 id="session-heading">{t('heading')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className="stage-actions">
        <StepButton action={() => sessionAction({ op: 'start' })}>{t('start')}</StepButton>
        <StepButton action={() => sessionAction({ op: 'activity' })} unavailable={!session.leaseId}>
          {t('activity')}
        </StepButton>
        <StepButton action={() => sessionAction({ op: 'reset' })}>{t('reset')}</StepButton>
      </div>
      {session.lastRenewal && (
        <p>
          {t('renewed', { before: session.lastRenewal.before, after: session.lastRenewal.after })}
        </p>
      )}
      {session.leaseId && (
        <>
          <p>{t.rich('key', { key: session.key ?? '', code: (c) => <code>{c}</code> })}</p>
          <LeaseMini id={session.leaseId} />
        </>
      )}
    </section>
  );
}
