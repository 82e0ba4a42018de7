'use client';

import { useTranslations } from 'next-intl';
import { dhcpAction } from '@/app/scenario-actions';
import { useNow } from '@/components/leases/use-leases';
import { LeaseMini } from '@/components/scenarios/lease-mini';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';

export function Dhcp({ data }: Props) {
  const t = useTranslations('dhcp');
  const { dhcp } = data;
  const now = useNow();
  const secondsTo = (at: number) =>
    now === null ? '' : Math.max(0, (at - now - data.clockOffset) / 1000).toFixed(1);
  return (
    <section className="panel scenario" aria-labelledby="dhcp-heading">
      <h2 id="dhcp-heading">{t('heading')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className="stage-actions">
        <StepButton action={() => dhcpAction({ op: 'start' })}>{t('start')}</StepButton>
        <StepButton
          action={() => dhcpAction({ op: dhcp.failing ? 'succeed' : 'fail' })}
          unavailable={!dhcp.leaseId}
          className={dhcp.failing ? '' : 'danger'}
        >
          {dhcp.failing ? t('succeed') : t('fail')}
        </StepButton>
        <StepButton action={() => dhcpAction({ op: 'reset' })}>{t('reset')}</StepButton>
      </div>
      {dhcp.leaseId && (
        <>
          <p>
            {t.rich('addressKey', { key: dhcp.key ?? '', code: (c) => <code>{c}</code> })}{' '}
            {dhcp.next
              ? t('next', {
                  attempt: dhcp.next.attempt,
                  hasIn: now === null ? 'no' : 'yes',
                  seconds: secondsTo(dhcp.next.at),
                  failing: dhcp.failing ? 'yes' : 'no',
                })
              : t('noAttempt')}
          </p>
          <LeaseMini id={dhcp.leaseId} chart />
        </>
      )}
    </section>
  );
}
